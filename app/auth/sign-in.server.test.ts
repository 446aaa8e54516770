import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../tests/support/database";
import { hashPassword } from "~/utils/password.server";
import { verifyAuditChain } from "~/utils/audit-verify.server";
import { env } from "~/config/env.server";
import { unlockCredential } from "~/models/people/sign-in-problems.server";
import { signInWithPassword } from "./sign-in.server";

const client = { ipAddress: "192.0.2.10", userAgent: "vitest" };
const PASSWORD = "Correct-Horse-Battery-1";
let passwordHash = "";
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

describeEachDatabase("password sign-in", (use) => {
  async function makePerson(email: string) {
    const { prisma } = use();
    const force =
      (await prisma.force.findFirst()) ?? (await prisma.force.create({ data: { name: "Sign-in Test Force (fictional)", shortName: "SITF", isHome: true } }));
    return prisma.person.create({
      data: {
        forceId: force.id,
        firstName: "Robin",
        lastName: "Fictional",
        workEmail: email,
        employeeType: "OFFICER",
        rank: "CONSTABLE",
        level: 1,
        credential: { create: { passwordHash } },
      },
    });
  }

  it("signs in with the right password, case-insensitively on the email, and audits it", async () => {
    const { prisma } = use();
    const person = await makePerson("robin.one@signin-test.invalid");
    const result = await signInWithPassword(prisma, { email: "  Robin.One@SIGNIN-test.invalid ", password: PASSWORD, client });
    expect(result.ok).toBe(true);
    const audit = await prisma.auditEvent.findFirst({ where: { action: "auth.sign_in", subjectId: person.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", actorId: person.id, ipAddress: "192.0.2.10", userAgent: "vitest" });
    expect(await prisma.session.count({ where: { personId: person.id } })).toBe(1);
  });

  it("refuses an unknown account without creating anything but an audit row", async () => {
    const { prisma } = use();
    const sessionsBefore = await prisma.session.count();
    const result = await signInWithPassword(prisma, { email: "nobody@signin-test.invalid", password: PASSWORD, client });
    expect(result).toMatchObject({ ok: false });
    expect(await prisma.session.count()).toBe(sessionsBefore);
    const audit = await prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ action: "auth.sign_in", outcome: "FAILURE", reason: "unknown or inactive account" });
  });

  it("pauses longer after each failure, then locks the account, queues a content-free mail and refuses even the right password", async () => {
    const { prisma } = use();
    const person = await makePerson("robin.two@signin-test.invalid");
    const start = new Date();
    const pauses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await signInWithPassword(prisma, { email: person.workEmail, password: `wrong-${i}`, client }, new Date(start.getTime() + i * 1000));
      expect(result.ok).toBe(false);
      if (!result.ok) pauses.push(result.pauseMs);
    }
    expect(pauses[1]!).toBeGreaterThan(pauses[0]!);
    expect(pauses[3]!).toBeGreaterThan(pauses[1]!);
    const credential = await prisma.credential.findUniqueOrThrow({ where: { personId: person.id } });
    expect(credential.lockedUntil!.getTime()).toBeGreaterThan(start.getTime());
    expect(await prisma.auditEvent.count({ where: { action: "auth.lockout", subjectId: person.id } })).toBe(1);
    const mail = await prisma.outboxMessage.findMany({ where: { toAddress: person.workEmail } });
    expect(mail).toHaveLength(1);
    expect(`${mail[0]!.subject}\n${mail[0]!.text}`).not.toMatch(/abuse|victim|suspect|case/i);

    const whileLocked = await signInWithPassword(prisma, { email: person.workEmail, password: PASSWORD, client }, new Date(start.getTime() + 10_000));
    expect(whileLocked.ok).toBe(false);
    expect(await prisma.session.count({ where: { personId: person.id } })).toBe(0);

    // Once the lock has run out, the right password works again.
    const later = new Date(credential.lockedUntil!.getTime() + 1000);
    expect((await signInWithPassword(prisma, { email: person.workEmail, password: PASSWORD, client }, later)).ok).toBe(true);
  });

  it("mails the owner about a lock at most once an hour, however often someone locks the account", async () => {
    const { prisma } = use();
    const person = await makePerson("robin.four@signin-test.invalid");
    const start = new Date("2026-03-01T08:00:00Z");
    const { SIGNIN_LOCK_AFTER_FAILURES: failuresToLock, SIGNIN_LOCK_MINUTES: lockMinutes } = env();
    /** Fails enough times to lock the account `minutesLater` after the start. */
    const lockAt = async (minutesLater: number) => {
      for (let i = 0; i < failuresToLock; i++) {
        const at = new Date(start.getTime() + minutesLater * 60_000 + i * 1000);
        await signInWithPassword(prisma, { email: person.workEmail, password: "wrong", client }, at);
      }
    };
    const lockMails = () => prisma.outboxMessage.count({ where: { toAddress: person.workEmail } });
    // Locked three times within the hour (each lock lasts lockMinutes, then the next one is made): one mail.
    for (const minutes of [0, lockMinutes + 1, 2 * (lockMinutes + 1)].filter((at) => at < 60)) await lockAt(minutes);
    expect(await prisma.auditEvent.count({ where: { action: "auth.lockout", subjectId: person.id } })).toBeGreaterThanOrEqual(2);
    expect(await lockMails()).toBe(1);
    // An hour after the first mail, the next lock is mailed again.
    await lockAt(61 + lockMinutes);
    expect(await lockMails()).toBe(2);
  });

  it("forgets old failures once the window has passed", async () => {
    const { prisma } = use();
    const person = await makePerson("robin.three@signin-test.invalid");
    const start = new Date("2026-02-01T08:00:00Z");
    for (let i = 0; i < 4; i++) {
      await signInWithPassword(prisma, { email: person.workEmail, password: "wrong", client }, new Date(start.getTime() + i * 1000));
    }
    const anHourLater = new Date(start.getTime() + 60 * 60_000);
    await signInWithPassword(prisma, { email: person.workEmail, password: "wrong", client }, anHourLater);
    const credential = await prisma.credential.findUniqueOrThrow({ where: { personId: person.id } });
    expect(credential.lockedUntil).toBeNull();
    expect(credential.failedAttempts).toBe(1);
  });

  it("locks out the attacker's address, never the owner's: the right password still works from an address without failures", async () => {
    const { prisma } = use();
    const person = await makePerson("robin.five@signin-test.invalid");
    const start = new Date("2026-04-01T08:00:00Z");
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    const attacker = { ipAddress: "198.51.100.7", userAgent: "attack" };
    const owner = { ipAddress: "203.0.113.20", userAgent: "owner" };
    const { SIGNIN_LOCK_AFTER_FAILURES: limit } = env();
    for (let i = 0; i < limit; i++) await signInWithPassword(prisma, { email: person.workEmail, password: `guess-${i}`, client: attacker }, at(i));
    const locked = await prisma.credential.findUniqueOrThrow({ where: { personId: person.id } });
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(at(limit).getTime());

    // The attacker's address is refused even with the right password, with the same answer as any failure.
    const fromAttacker = await signInWithPassword(prisma, { email: person.workEmail, password: PASSWORD, client: attacker }, at(10));
    expect(fromAttacker.ok).toBe(false);
    expect(await prisma.auditEvent.findFirst({ where: { subjectId: person.id }, orderBy: { id: "desc" } })).toMatchObject({
      reason: "address locked out of the account",
      ipAddress: attacker.ipAddress,
    });
    // While the account is locked, another address gets one try: after a failure it is refused too.
    const other = { ipAddress: "192.0.2.99", userAgent: "attack" };
    expect((await signInWithPassword(prisma, { email: person.workEmail, password: "guess-x", client: other }, at(11))).ok).toBe(false);
    expect((await signInWithPassword(prisma, { email: person.workEmail, password: PASSWORD, client: other }, at(12))).ok).toBe(false);
    expect(await prisma.auditEvent.findFirst({ where: { subjectId: person.id }, orderBy: { id: "desc" } })).toMatchObject({ reason: "account locked" });
    expect(await prisma.session.count({ where: { personId: person.id } })).toBe(0);

    // The owner, at an address with no failures, signs in with the right password during the attack.
    expect((await signInWithPassword(prisma, { email: person.workEmail, password: PASSWORD, client: owner }, at(13))).ok).toBe(true);
    // The attacker is still refused, with the right password too, until the window ends.
    expect((await signInWithPassword(prisma, { email: person.workEmail, password: PASSWORD, client: attacker }, at(14))).ok).toBe(false);
    expect(await prisma.session.count({ where: { personId: person.id } })).toBe(1);
  });

  it("lets an administrator's unlock lift each address's lockout from the account", async () => {
    const { prisma } = use();
    const person = await makePerson("robin.six@signin-test.invalid");
    const start = new Date("2026-04-02T08:00:00Z");
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    for (let i = 0; i < env().SIGNIN_LOCK_AFTER_FAILURES; i++) await signInWithPassword(prisma, { email: person.workEmail, password: "typo", client }, at(i));
    expect((await signInWithPassword(prisma, { email: person.workEmail, password: PASSWORD, client }, at(10))).ok).toBe(false);
    await prisma.$transaction((tx) => unlockCredential(tx, {}, person.id, at(11)));
    expect((await signInWithPassword(prisma, { email: person.workEmail, password: PASSWORD, client }, at(12))).ok).toBe(true);
  });

  it("pauses an unknown account exactly as a real one, and slows an address that tries many accounts", async () => {
    const { prisma } = use();
    const person = await makePerson("robin.seven@signin-test.invalid");
    const start = new Date("2026-04-03T08:00:00Z");
    const pausesFor = async (email: string, from: string) => {
      const pauses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const result = await signInWithPassword(
          prisma,
          { email, password: `wrong-${i}`, client: { ipAddress: from, userAgent: null } },
          new Date(start.getTime() + i * 1000),
        );
        if (!result.ok) pauses.push(result.pauseMs);
      }
      return pauses;
    };
    const known = await pausesFor(person.workEmail, "192.0.2.31");
    const unknown = await pausesFor("robin.nobody@signin-test.invalid", "192.0.2.32");
    expect(known).toHaveLength(4);
    expect(unknown).toEqual(known);
    expect(known[3]!).toBeGreaterThan(known[0]!);

    // One address trying a new account each time is paused longer each time too.
    const spray: number[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await signInWithPassword(
        prisma,
        { email: `spray-${i}@signin-test.invalid`, password: "x", client: { ipAddress: "192.0.2.33", userAgent: null } },
        start,
      );
      if (!result.ok) spray.push(result.pauseMs);
    }
    expect(spray).toEqual(known);
  });

  it("leaves an intact audit chain behind all of this", async () => {
    expect((await verifyAuditChain(use().prisma)).ok).toBe(true);
  });
});
