// The few fictional people the guard's tests decide about: a manager, their report, a stranger and an administrator,
// in a force of their own, and the request context each would have when signed in.
import type { Role } from "~/generated/prisma/enums";
import type { TestDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
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

  function contextFor(key: string): Promise<RequestContext> {
    return contextForPerson(use().prisma, ids[key]!, "198.51.100.7");
  }

  return { ids, setUp, contextFor };
}
