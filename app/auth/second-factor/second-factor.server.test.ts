// The second factor from the attacker's side (THREATS.md promise 6, A4 and A6): a stolen password alone gives no
// session, a seen code cannot be used again, a recovery code works once, the database alone yields no secret, the
// account lock cannot keep the owner out, and nobody resets a second factor alone.
import { beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { mustEnrolSecondFactor, reachableBeforeEnrolment } from "~/access/second-factor-gate";
import type { Db } from "~/db.server";
import { decideProposal, OWN_SECOND_FACTOR_MESSAGE, proposeSecondFactorReset } from "~/models/people/person-changes.server";
import { findPersonRecord } from "~/models/people/person.server";
import { ChangeRejected } from "~/utils/forms";
import { hashPassword } from "~/utils/password.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { DEMO_PASSWORD, DEMO_SECOND_FACTORS, seedPerson } from "../../../prisma/seed-data";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { signInWithPassword } from "../sign-in.server";
import { createSession, validateSessionToken } from "../session.server";
import { confirmEnrolment, enrolmentOffer, removeOwnSecondFactor } from "./enrolment.server";
import { DEMO_MFA_KEY, resolveMfaKeys, seal, unseal } from "./mfa-key.server";
import { completeSignIn } from "./sign-in-step.server";
import { matchingStep, stepAt, totpCodeForStep } from "./totp";

const CLIENT = { ipAddress: "198.51.100.20", userAgent: "vitest" };
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const T0 = new Date("2026-12-05T12:00:10Z");

describe("TOTP codes", () => {
  const step = stepAt(T0);
  it("accepts the code of the current step and of one step either side, and nothing further", () => {
    for (const offset of [-1, 0, 1]) expect(matchingStep(SECRET, totpCodeForStep(SECRET, step + offset), T0, null)).toBe(step + offset);
    for (const offset of [-3, -2, 2, 3]) expect(matchingStep(SECRET, totpCodeForStep(SECRET, step + offset), T0, null)).toBeNull();
    expect(matchingStep(SECRET, "12345", T0, null)).toBeNull();
    expect(matchingStep(SECRET, "abcdef", T0, null)).toBeNull();
  });

  it("refuses a code whose step was already used, or an earlier one", () => {
    expect(matchingStep(SECRET, totpCodeForStep(SECRET, step), T0, step)).toBeNull();
    expect(matchingStep(SECRET, totpCodeForStep(SECRET, step - 1), T0, step)).toBeNull();
    expect(matchingStep(SECRET, totpCodeForStep(SECRET, step + 1), T0, step)).toBe(step + 1);
  });
});

describe("the key", () => {
  it("is required by the deployment build, never the public demo key, and at least 32 characters", () => {
    expect(() => resolveMfaKeys("deployment", { NODE_ENV: "production" })).toThrow(/MFA_SECRET_KEY is not set/);
    expect(() => resolveMfaKeys("deployment", { NODE_ENV: "production", MFA_SECRET_KEY: DEMO_MFA_KEY })).toThrow(/public demo key/);
    expect(() => resolveMfaKeys("deployment", { NODE_ENV: "production", MFA_SECRET_KEY: "too short" })).toThrow(/at least 32/);
    expect(() => resolveMfaKeys("e2e", { NODE_ENV: "production" })).not.toThrow();
  });

  it("seals so that another key, another person or an altered byte gives nothing", () => {
    const keys = resolveMfaKeys("deployment", { MFA_SECRET_KEY: "k".repeat(40) });
    const sealed = seal(keys, SECRET, "second-factor:a");
    expect(unseal(keys, sealed, "second-factor:a")).toBe(SECRET);
    expect(unseal(keys, sealed, "second-factor:b")).toBeNull();
    expect(unseal(resolveMfaKeys("deployment", { MFA_SECRET_KEY: "j".repeat(40) }), sealed, "second-factor:a")).toBeNull();
    const altered = new Uint8Array(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(unseal(keys, altered, "second-factor:a")).toBeNull();
  });
});

describe("who must enrol first", () => {
  it("is everyone with a privileged role and no second factor; they reach only enrolment, sign-out and the quick exit", () => {
    expect(mustEnrolSecondFactor({ roles: ["PSD_OFFICER"], hasSecondFactor: false })).toBe(true);
    expect(mustEnrolSecondFactor({ roles: ["WELFARE"], hasSecondFactor: false })).toBe(true);
    expect(mustEnrolSecondFactor({ roles: ["ADMINISTRATOR"], hasSecondFactor: true })).toBe(false);
    expect(mustEnrolSecondFactor({ roles: [], hasSecondFactor: false })).toBe(false);
    for (const path of ["/account/second-factor", "/account/second-factor/", "/account/second-factor.data", "/sign-out", "/quick-exit"])
      expect(reachableBeforeEnrolment(path), path).toBe(true);
    for (const path of ["/", "/audit", "/records/ABCD-EFGH", "/account/second-factor-x", "/admin/people"])
      expect(reachableBeforeEnrolment(path), path).toBe(false);
  });
});

describeEachDatabase("second factor", (use) => {
  let prisma: Db;
  let seed: SeedSummary;
  const idOf = (key: string) => seed.ids.people[key]!;
  const emailOf = (key: string) => seedPerson(key).workEmail;
  const demoSecret = (key: string) => DEMO_SECOND_FACTORS.find(({ person }) => person.key === key)!.secret;
  const passwordStep = async (key: string, now: Date, password = DEMO_PASSWORD, client = CLIENT) => {
    const result = await signInWithPassword(prisma, { email: emailOf(key), password, client }, now);
    if (!result.ok || !("challenge" in result)) throw new Error(`expected the code step for ${key}: ${JSON.stringify(result)}`);
    return result.challenge;
  };
  const lastAudit = async (action: string, subjectId: string) => {
    const row = await prisma.auditEvent.findFirst({ where: { action, subjectId }, orderBy: { id: "desc" } });
    return row && { ...row, details: typeof row.details === "string" ? (JSON.parse(row.details) as unknown) : row.details };
  };

  beforeAll(async () => {
    prisma = use().prisma;
    seed = await seedDemoOrganisation(prisma, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  });

  it("after the right password, a person with a second factor gets the code step and no session", async () => {
    const challenge = await passwordStep("psdInspector", T0);
    expect(challenge).toMatch(/^[a-z2-7]+\.[a-z2-7]+$/);
    expect(await prisma.session.count({ where: { personId: idOf("psdInspector") } })).toBe(0);
    expect(await lastAudit("auth.second_factor.challenge", idOf("psdInspector"))).toMatchObject({ outcome: "SUCCESS" });
  });

  it("the right password starts the address's count again, so someone who signs in often from one desk is never refused", async () => {
    // More sign-ins than the failures that refuse an address for an account (SIGNIN_LOCK_AFTER_FAILURES), within the window.
    for (let i = 0; i < 8; i++) await passwordStep("psdInspector", new Date(T0.getTime() + i * 60_000));
  });

  it("a wrong code is refused and audited; the right one starts the session; the same code cannot be used again", async () => {
    const secret = demoSecret("psdInspector");
    const id = idOf("psdInspector");
    const challenge = await passwordStep("psdInspector", T0);
    const wrong = await completeSignIn(prisma, { challenge, method: "totp", code: "000000", client: CLIENT }, T0);
    expect(wrong).toEqual({ ok: false, again: true });
    expect(await lastAudit("auth.second_factor", id)).toMatchObject({ outcome: "FAILURE", reason: "wrong code" });

    const code = totpCodeForStep(secret, stepAt(T0));
    const right = await completeSignIn(prisma, { challenge, method: "totp", code, client: CLIENT }, T0);
    expect(right).toMatchObject({ ok: true, personId: id });
    expect(await lastAudit("auth.sign_in", id)).toMatchObject({ outcome: "SUCCESS", details: { method: "password+totp" } });
    // The challenge is spent.
    expect(await completeSignIn(prisma, { challenge, method: "totp", code, client: CLIENT }, T0)).toEqual({ ok: false, again: false });

    // Someone who saw the code over the shoulder and knows the password signs in within the same 30 seconds: refused.
    const replay = await passwordStep("psdInspector", new Date(T0.getTime() + 5_000));
    expect(await completeSignIn(prisma, { challenge: replay, method: "totp", code, client: CLIENT }, new Date(T0.getTime() + 5_000))).toEqual({
      ok: false,
      again: true,
    });
    expect(await lastAudit("auth.second_factor", id)).toMatchObject({ outcome: "FAILURE", reason: "code already used" });
  });

  it("five wrong codes end the sign-in: the person starts again with their password", async () => {
    const challenge = await passwordStep("daCoordinatorOfficer", T0);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await completeSignIn(prisma, { challenge, method: "totp", code: `11111${i}`, client: CLIENT }, T0));
    expect(results.map((result) => !result.ok && result.again)).toEqual([true, true, true, true, false]);
    const right = totpCodeForStep(demoSecret("daCoordinatorOfficer"), stepAt(T0));
    expect(await completeSignIn(prisma, { challenge, method: "totp", code: right, client: CLIENT }, T0)).toEqual({ ok: false, again: false });
    expect(await prisma.session.count({ where: { personId: idOf("daCoordinatorOfficer") } })).toBe(0);
  });

  it("keeps the secret encrypted at rest, bound to its person", async () => {
    const alys = await contextForPerson(prisma, idOf("pcPenhallow"));
    const offer = await enrolmentOffer(alys, T0);
    const secret = offer.secretText.replace(/ /g, "");
    const result = await confirmEnrolment(alys, { sealed: offer.sealed, code: totpCodeForStep(secret, stepAt(T0)), password: DEMO_PASSWORD }, T0);
    expect(result.ok).toBe(true);
    const row = await prisma.secondFactor.findUniqueOrThrow({ where: { personId: alys.actor.id } });
    const stored = Buffer.from(row.secretEncrypted);
    expect(stored.toString("latin1")).not.toContain(secret);
    expect(stored.toString("base64")).not.toContain(secret);
    // The offer sealed for one person is refused for another.
    const other = await contextForPerson(prisma, idOf("pcMistryOake"));
    expect(await confirmEnrolment(other, { sealed: offer.sealed, code: totpCodeForStep(secret, stepAt(T0) + 1), password: DEMO_PASSWORD }, T0)).toMatchObject({
      ok: false,
      problem: "offer expired",
    });
  });

  it("a recovery code signs in once, says how many are left, and fails the second time", async () => {
    const thomas = await contextForPerson(prisma, idOf("ashSergeant"));
    const offer = await enrolmentOffer(thomas, T0);
    const secret = offer.secretText.replace(/ /g, "");
    const enrolled = await confirmEnrolment(thomas, { sealed: offer.sealed, code: totpCodeForStep(secret, stepAt(T0)), password: DEMO_PASSWORD }, T0);
    if (!enrolled.ok) throw new Error("enrolment failed");
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(new Set(enrolled.recoveryCodes).size).toBe(10);
    const code = enrolled.recoveryCodes[3]!;
    const stored = await prisma.recoveryCode.findMany({ where: { personId: thomas.actor.id } });
    expect(stored.some((row) => Buffer.from(row.codeHash).toString("latin1").includes(code.replace("-", "")))).toBe(false);

    const first = await completeSignIn(
      prisma,
      { challenge: await passwordStep("ashSergeant", T0), method: "recovery", code: code.toLowerCase(), client: CLIENT },
      T0,
    );
    expect(first).toMatchObject({ ok: true, recoveryCodesLeft: 9 });
    expect(await lastAudit("auth.second_factor", thomas.actor.id)).toMatchObject({ outcome: "SUCCESS", details: { method: "recovery", recoveryCodesLeft: 9 } });
    expect(await lastAudit("auth.sign_in", thomas.actor.id)).toMatchObject({ details: { method: "password+recovery" } });

    const again = await completeSignIn(prisma, { challenge: await passwordStep("ashSergeant", T0), method: "recovery", code, client: CLIENT }, T0);
    expect(again).toEqual({ ok: false, again: true });
    expect(await lastAudit("auth.second_factor", thomas.actor.id)).toMatchObject({ outcome: "FAILURE", reason: "code already used" });
  });

  it("enrolling ends every other session; a wrong password or code enrols nothing", async () => {
    const id = idOf("pcDuxbury");
    const policy = { idleMs: 60_000_000, absoluteMs: 60_000_000 };
    const current = await createSession(prisma, id, policy, CLIENT);
    const other = await createSession(prisma, id, policy, CLIENT);
    const context = { ...(await contextForPerson(prisma, id)), sessionId: current.session.id } satisfies RequestContext;
    const offer = await enrolmentOffer(context, T0);
    const secret = offer.secretText.replace(/ /g, "");
    const code = totpCodeForStep(secret, stepAt(T0));
    expect(await confirmEnrolment(context, { sealed: offer.sealed, code, password: "not-the-password" }, T0)).toMatchObject({ ok: false, field: "password" });
    expect(await confirmEnrolment(context, { sealed: offer.sealed, code: "123456", password: DEMO_PASSWORD }, T0)).toMatchObject({ ok: false, field: "code" });
    expect(await prisma.secondFactor.count({ where: { personId: id } })).toBe(0);
    expect(await confirmEnrolment(context, { sealed: offer.sealed, code, password: DEMO_PASSWORD }, T0)).toMatchObject({ ok: true });
    expect((await prisma.session.findMany({ where: { personId: id } })).map((session) => session.id)).toEqual([current.session.id]);
    expect((await validateSessionToken(prisma, current.token, policy)).valid && (await validateSessionToken(prisma, current.token, policy))).toMatchObject({
      person: { hasSecondFactor: true },
    });
    expect((await validateSessionToken(prisma, other.token, policy)).valid).toBe(false);
    // Removing it also ends other sessions, and is refused to someone whose roles need one.
    await createSession(prisma, id, policy, CLIENT);
    expect(await removeOwnSecondFactor(context, { password: DEMO_PASSWORD })).toEqual({ ok: true });
    expect(await prisma.session.count({ where: { personId: id } })).toBe(1);
    const psd = await contextForPerson(prisma, idOf("psdInspector"));
    expect(await removeOwnSecondFactor(psd, { password: DEMO_PASSWORD })).toEqual({ ok: false, problem: "required" });
    expect(await prisma.secondFactor.count({ where: { personId: psd.actor.id } })).toBe(1);
  });

  it("a lock caused by someone guessing the password does not keep out the owner with a second factor, and a right code lifts it", async () => {
    const id = idOf("welfare");
    const guesser = { ipAddress: "203.0.113.66", userAgent: "vitest" };
    for (let i = 0; i < 5; i++) await signInWithPassword(prisma, { email: emailOf("welfare"), password: `guess-${i}`, client: guesser }, T0);
    expect((await prisma.credential.findUniqueOrThrow({ where: { personId: id } })).lockedUntil!.getTime()).toBeGreaterThan(T0.getTime());
    const later = new Date(T0.getTime() + 60_000);
    // The guesser's address is refused even with the right password: the code step would tell them the guess was right.
    expect(await signInWithPassword(prisma, { email: emailOf("welfare"), password: DEMO_PASSWORD, client: guesser }, later)).toEqual({
      ok: false,
      pauseMs: expect.any(Number),
    });
    // The owner, elsewhere, goes on to the code step.
    const challenge = await passwordStep("welfare", later);
    expect(await lastAudit("auth.second_factor.challenge", id)).toMatchObject({ details: { accountLocked: true } });
    // A wrong password while locked is still refused.
    expect(await signInWithPassword(prisma, { email: emailOf("welfare"), password: "guess-6", client: CLIENT }, later)).toMatchObject({ ok: false });
    const result = await completeSignIn(
      prisma,
      { challenge, method: "totp", code: totpCodeForStep(demoSecret("welfare"), stepAt(later)), client: CLIENT },
      later,
    );
    expect(result).toMatchObject({ ok: true });
    expect(await prisma.credential.findUniqueOrThrow({ where: { personId: id } })).toMatchObject({ lockedUntil: null, failedAttempts: 0 });
    expect(await lastAudit("auth.second_factor", id)).toMatchObject({ details: { lockLifted: true } });
  });

  it("without a second factor, a locked account stays locked even with the right password", async () => {
    for (let i = 0; i < 5; i++) await signInWithPassword(prisma, { email: emailOf("pcMistryOake"), password: `guess-${i}`, client: CLIENT }, T0);
    expect(await signInWithPassword(prisma, { email: emailOf("pcMistryOake"), password: DEMO_PASSWORD, client: CLIENT }, T0)).toMatchObject({ ok: false });
  });

  it("a reset waits for a second administrator, alerts PSD, then removes the factor and ends the person's sessions", async () => {
    const ivo = await contextForPerson(prisma, idOf("admin"));
    const odessa = await contextForPerson(prisma, idOf("admin2"));
    const target = idOf("caiuSupervisor");
    const record = async (id: string) => (await findPersonRecord(prisma, { id }))!;
    await createSession(prisma, target, { idleMs: 60_000_000, absoluteMs: 60_000_000 }, CLIENT);

    // Nobody resets their own.
    await expect(proposeSecondFactorReset(ivo, await record(ivo.actor.id))).rejects.toEqual(new ChangeRejected({ form: OWN_SECOND_FACTOR_MESSAGE }));
    expect(await lastAudit("second_factor.reset", ivo.actor.id)).toMatchObject({ outcome: "REFUSED" });

    const mailsBefore = await prisma.outboxMessage.count({ where: { toAddress: emailOf("psdHead") } });
    await proposeSecondFactorReset(ivo, await record(target));
    const proposal = await prisma.personChangeProposal.findFirstOrThrow({ where: { personId: target, kind: "SECOND_FACTOR_RESET" } });
    expect(proposal.status).toBe("PENDING");
    expect(await prisma.secondFactor.count({ where: { personId: target } })).toBe(1);
    expect(await prisma.outboxMessage.count({ where: { toAddress: emailOf("psdHead") } })).toBe(mailsBefore + 1);
    expect(await lastAudit("second_factor.reset", target)).toMatchObject({ outcome: "SUCCESS", actorId: ivo.actor.id });

    // The proposer cannot approve it.
    await expect(decideProposal(ivo, proposal.id, "approve", null)).rejects.toBeInstanceOf(ChangeRejected);
    expect(await prisma.secondFactor.count({ where: { personId: target } })).toBe(1);

    expect(await decideProposal(odessa, proposal.id, "approve", null)).toBe("approved");
    expect(await prisma.secondFactor.count({ where: { personId: target } })).toBe(0);
    expect(await prisma.recoveryCode.count({ where: { personId: target } })).toBe(0);
    expect(await prisma.session.count({ where: { personId: target } })).toBe(0);
    expect(await prisma.outboxMessage.count({ where: { toAddress: emailOf("psdHead") } })).toBe(mailsBefore + 2);
    // At the next sign-in the password alone gives a session, which the gate sends to enrolment (privileged role).
    const next = await signInWithPassword(prisma, { email: emailOf("caiuSupervisor"), password: DEMO_PASSWORD, client: CLIENT });
    expect(next).toMatchObject({ ok: true, token: expect.any(String) });
  });
});
