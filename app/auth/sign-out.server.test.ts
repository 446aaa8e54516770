import { expect, it } from "vitest";
import { describeEachDatabase } from "../../tests/support/database";
import { contextForPerson, testPeople } from "../../tests/support/people";
import { createSession } from "./session.server";
import { endSession } from "./sign-out.server";

const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

describeEachDatabase("ending a session", (use) => {
  it("deletes only the person's own session and says in the audit trail how they left", async () => {
    const { prisma } = use();
    const people = await testPeople(prisma, "Sign Out Test Force");
    const robin = await people.add("Robin");
    const sasha = await people.add("Sasha");
    for (const way of ["sign out", "quick exit"] as const) {
      const own = await createSession(prisma, robin, policy, {});
      const otherDevice = await createSession(prisma, robin, policy, {});
      const someoneElse = await createSession(prisma, sasha, policy, {});
      const context = { ...(await contextForPerson(prisma, robin)), sessionId: own.session.id };
      await endSession(context, way);
      const left = await prisma.session.findMany({
        where: { id: { in: [own.session.id, otherDevice.session.id, someoneElse.session.id] } },
        select: { id: true },
      });
      expect(left.map((session) => session.id).sort(), way).toEqual([otherDevice.session.id, someoneElse.session.id].sort());
      const audit = await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(audit, way).toMatchObject({
        actorId: robin,
        action: way === "sign out" ? "auth.sign_out" : "auth.quick_exit",
        subjectType: "Person",
        subjectId: robin,
        outcome: "SUCCESS",
      });
    }
  });
});
