// The few fictional people the guard's tests decide about: a manager, their report, a stranger and an administrator,
// in a force of their own, and the request context each would have when signed in.
import { defineAbilityFor } from "#policies/ability";
import type { Role } from "~/generated/prisma/enums";
import type { TestDatabase } from "../../../tests/support/database";
import type { RequestContext } from "../request-context.server";

export function guardTestPeople(use: () => TestDatabase) {
  const ids: Record<string, string> = {};

  async function setUp() {
    if (ids.manager) return;
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Guard Test Force (fictional)", shortName: "GTF", isHome: true } });
    const make = (key: string, extra: { lineManagerId?: string; roles?: Role[] } = {}) =>
      prisma.person.create({
        data: {
          forceId: force.id,
          firstName: key,
          lastName: "Fictional",
          workEmail: `${key}@guard-test.invalid`,
          employeeType: "OFFICER",
          rank: "CONSTABLE",
          level: 1,
          lineManagerId: extra.lineManagerId,
          roles: { create: (extra.roles ?? []).map((role) => ({ role })) },
        },
      });
    ids.force = force.id;
    ids.manager = (await make("manager")).id;
    ids.report = (await make("report", { lineManagerId: ids.manager })).id;
    ids.stranger = (await make("stranger")).id;
    ids.admin = (await make("admin", { roles: ["ADMINISTRATOR"] })).id;
  }

  async function contextFor(key: string): Promise<RequestContext> {
    const { prisma } = use();
    const person = await prisma.person.findUniqueOrThrow({ where: { id: ids[key] }, include: { roles: true, _count: { select: { reports: true } } } });
    const actor = {
      ...person,
      roles: person.roles.map((r) => r.role),
      reportCount: person._count.reports,
      hasSecondFactor: false,
      displayName: person.firstName,
    };
    return { actor, ability: defineAbilityFor(actor), sessionId: "test", client: { ipAddress: "198.51.100.7", userAgent: "vitest" }, prisma };
  }

  return { ids, setUp, contextFor };
}
