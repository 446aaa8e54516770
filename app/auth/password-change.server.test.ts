// A person changes their own password: only with the current one, audited either way; their other sessions end.
import { expect, it } from "vitest";
import { verifyPassword, hashPassword } from "~/utils/password.server";
import { describeEachDatabase } from "../../tests/support/database";
import { makePerson } from "../../tests/support/factories";
import { contextForPerson } from "../../tests/support/people";
import { changeOwnPassword } from "./password-change.server";
import { createSession } from "./session.server";

describeEachDatabase("changing one's own password", (use) => {
  it("refuses a wrong current password (audited), then changes it and ends the person's other sessions", async () => {
    const { prisma } = use();
    const person = await makePerson(prisma);
    await prisma.credential.create({ data: { personId: person.id, passwordHash: await hashPassword("the first fictional passphrase") } });
    const policy = { idleMs: 60_000, absoluteMs: 3_600_000 };
    const here = await createSession(prisma, person.id, policy, {});
    const elsewhere = await createSession(prisma, person.id, policy, {});
    const context = { ...(await contextForPerson(prisma, person.id)), sessionId: here.session.id };

    expect(await changeOwnPassword(context, { current: "a guess", next: "a second fictional passphrase" })).toEqual({ ok: false, problem: "wrong-current" });
    expect(await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
      action: "credential.change",
      outcome: "FAILURE",
      actorId: person.id,
    });
    const unchanged = await prisma.credential.findUniqueOrThrow({ where: { personId: person.id } });
    expect(await verifyPassword(unchanged.passwordHash, "the first fictional passphrase")).toBe(true);
    expect(await prisma.session.count({ where: { personId: person.id } })).toBe(2);

    expect(await changeOwnPassword(context, { current: "the first fictional passphrase", next: "a second fictional passphrase" })).toEqual({
      ok: true,
      otherSessionsEnded: 1,
    });
    const changed = await prisma.credential.findUniqueOrThrow({ where: { personId: person.id } });
    expect(await verifyPassword(changed.passwordHash, "a second fictional passphrase")).toBe(true);
    expect(await verifyPassword(changed.passwordHash, "the first fictional passphrase")).toBe(false);
    expect((await prisma.session.findMany({ where: { personId: person.id } })).map((session) => session.id)).toEqual([here.session.id]);
    expect(elsewhere.session.id).not.toBe(here.session.id);
    const success = await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(success).toMatchObject({ action: "credential.change", outcome: "SUCCESS", actorId: person.id });
    expect(JSON.parse(String(success.details))).toEqual({ otherSessionsEnded: 1 });
  });
});
