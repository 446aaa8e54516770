// "Where you're signed in": a person lists and ends their own sessions only, through the guard; someone else's
// session is answered as one that does not exist, and the attempt is in the audit trail.
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../tests/support/database";
import { makePerson } from "../../tests/support/factories";
import { contextForPerson } from "../../tests/support/people";
import { endOtherOwnSessions, endOwnSession, listOwnSessions, sessionHandle } from "./own-sessions.server";
import { createSession, validateSessionToken } from "./session.server";

const POLICY = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

describeEachDatabase("a person's own sessions", (use) => {
  async function signedInTwice() {
    const { prisma } = use();
    const person = await makePerson(prisma);
    const here = await createSession(prisma, person.id, POLICY, { ipAddress: "198.51.100.20", userAgent: DESKTOP });
    const phone = await createSession(prisma, person.id, POLICY, { ipAddress: "203.0.113.5", userAgent: PHONE });
    const context = { ...(await contextForPerson(prisma, person.id)), sessionId: here.session.id };
    return { person, here, phone, context };
  }

  const lastAudit = () => use().prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

  it("lists only the person's own live sessions, this one first, named by handles that are not their ids", async () => {
    const { prisma } = use();
    const { person, here, phone, context } = await signedInTwice();
    const colleague = await makePerson(prisma);
    await createSession(prisma, colleague.id, POLICY, { ipAddress: "192.0.2.44", userAgent: DESKTOP });
    const expired = await createSession(prisma, person.id, POLICY, {}, new Date(Date.now() - 13 * 3_600_000));

    const sessions = await listOwnSessions(context);
    expect(sessions.map((session) => [session.handle, session.device, session.address, session.current])).toEqual([
      [sessionHandle(here.session.id), "Chrome on Windows 10", "198.51.100.20", true],
      [sessionHandle(phone.session.id), "Safari on iOS (mobile)", "203.0.113.5", false],
    ]);
    const page = JSON.stringify(sessions);
    for (const id of [here.session.id, phone.session.id, expired.session.id]) expect(page).not.toContain(id);
    expect(page).not.toContain("192.0.2.44");
    expect(await lastAudit()).toMatchObject({ action: "access.list", subjectType: "Session", outcome: "ALLOWED", actorId: person.id });
  });

  it("ends one of them: its next request finds no session, and the one in use stays", async () => {
    const { prisma } = use();
    const { person, here, phone, context } = await signedInTwice();

    expect(await endOwnSession(context, sessionHandle(phone.session.id))).toBe(true);
    expect(await validateSessionToken(prisma, phone.token, POLICY)).toEqual({ valid: false, reason: "unknown" });
    expect(await validateSessionToken(prisma, here.token, POLICY)).toMatchObject({ valid: true });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "session.end", subjectType: "Session", outcome: "SUCCESS", actorId: person.id, ipAddress: "198.51.100.9" });
    expect(JSON.parse(String(audit.details))).toEqual({ ended: 1, which: "one" });

    // Ended already (a second click, a stale page): not found, and nothing else changes.
    expect(await endOwnSession(context, sessionHandle(phone.session.id))).toBe(false);
    expect(await lastAudit()).toMatchObject({ action: "session.end", outcome: "FAILURE", reason: "no such session" });
    expect(await prisma.session.count({ where: { personId: person.id } })).toBe(1);
  });

  it("ends all the others and keeps the one in use, leaving everyone else's alone", async () => {
    const { prisma } = use();
    const { person, here, context } = await signedInTwice();
    await createSession(prisma, person.id, POLICY, { userAgent: PHONE });
    const colleague = await makePerson(prisma);
    const theirs = await createSession(prisma, colleague.id, POLICY, {});

    expect(await endOtherOwnSessions(context)).toBe(2);
    expect((await prisma.session.findMany({ where: { personId: person.id } })).map((session) => session.id)).toEqual([here.session.id]);
    expect(await prisma.session.count({ where: { id: theirs.session.id } })).toBe(1);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "session.end", outcome: "SUCCESS", actorId: person.id });
    expect(JSON.parse(String(audit.details))).toEqual({ ended: 2, which: "all others" });

    expect(await endOtherOwnSessions(context)).toBe(0);
    expect((await listOwnSessions(context)).map((session) => session.current)).toEqual([true]);
  });

  it("answers another person's handle as not found, ends nothing and audits the attempt, administrators included", async () => {
    const { prisma } = use();
    const { person, context } = await signedInTwice();
    const victim = await makePerson(prisma);
    const theirs = await createSession(prisma, victim.id, POLICY, { userAgent: DESKTOP });
    const administrator = await makePerson(prisma, { roles: ["ADMINISTRATOR"] });
    const adminContext = await contextForPerson(prisma, administrator.id);

    for (const [who, asking] of [
      [person.id, context],
      [administrator.id, adminContext],
    ] as const) {
      expect(await endOwnSession(asking, sessionHandle(theirs.session.id))).toBe(false);
      const audit = await lastAudit();
      expect(audit).toMatchObject({ action: "session.end", outcome: "REFUSED", reason: "another person's session", actorId: who });
      expect(JSON.parse(String(audit.details))).toEqual({ which: "one", handle: sessionHandle(theirs.session.id) });
    }
    expect(await validateSessionToken(prisma, theirs.token, POLICY)).toMatchObject({ valid: true });

    // The session id itself, a made-up handle and a malformed one are no better.
    for (const handle of [theirs.session.id, "0".repeat(64), "'; DELETE FROM session; --"]) {
      expect(await endOwnSession(context, handle)).toBe(false);
      expect(await lastAudit()).toMatchObject({ action: "session.end", outcome: "FAILURE", reason: "no such session", actorId: person.id });
    }
    expect(await prisma.session.count({ where: { id: theirs.session.id } })).toBe(1);
  });
});
