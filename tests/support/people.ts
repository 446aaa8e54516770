// People for database tests: a fictional force, people with line managers and roles, and a request context for any
// of them, as requireUser would build it.
import { defineAbilityFor } from "#policies/ability";
import type { RequestContext } from "~/access/request-context.server";
import type { PrismaClient } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import { makeForce, makePerson } from "./factories";

/** The request context requireUser would build for this person, as if they asked from `ipAddress`. */
export async function contextForPerson(prisma: PrismaClient, personId: string, ipAddress = "198.51.100.9"): Promise<RequestContext> {
  const person = await prisma.person.findUniqueOrThrow({ where: { id: personId }, include: { roles: true, _count: { select: { reports: true } } } });
  const actor = {
    ...person,
    roles: person.roles.map((r) => r.role),
    reportCount: person._count.reports,
    hasSecondFactor: false,
    signInMethod: "password",
    displayName: person.firstName,
  };
  return { actor, ability: defineAbilityFor(actor), sessionId: "test", client: { ipAddress, userAgent: "vitest" }, prisma };
}

export interface TestPeople {
  ids: Record<string, string>;
  add(key: string, extra?: { lineManager?: string; roles?: Role[]; pronouns?: string }): Promise<string>;
  contextFor(key: string): Promise<RequestContext>;
}

/** A home force of its own and people in it by key (constables named after their key), built with the factories. */
export async function testPeople(prisma: PrismaClient, forceName: string): Promise<TestPeople> {
  const force = await makeForce(prisma, { name: `${forceName} (fictional)`, shortName: forceName.replace(/[^A-Z]/g, "").slice(0, 6) || "TF" });
  const ids: Record<string, string> = {};
  return {
    ids,
    async add(key, extra = {}) {
      const person = await makePerson(prisma, {
        forceId: force.id,
        firstName: key,
        lastName: "Fictional",
        pronouns: extra.pronouns,
        workEmail: `${key.toLowerCase()}@${force.shortName.toLowerCase()}.test.invalid`,
        lineManagerId: extra.lineManager ? ids[extra.lineManager] : undefined,
        roles: extra.roles,
      });
      ids[key] = person.id;
      return person.id;
    },
    contextFor: (key) => contextForPerson(prisma, ids[key]!, "198.51.100.7"),
  };
}
