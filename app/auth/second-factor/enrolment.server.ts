// A person sets up, replaces or removes their own second factor (ADR 029). The page offers a new secret on every visit
// without storing it (no GET writes): the secret travels in the form sealed with MFA_SECRET_KEY, bound to the person and
// to 15 minutes. Confirming needs the current password and a code from the new secret; it ends every other session.
import QRCode from "qrcode";
import type { RequestContext } from "~/access/request-context.server";
import { requiresSecondFactor } from "~/access/second-factor-gate";
import type { DbTx } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { verifyPassword } from "~/utils/password.server";
import { mfaKeys, seal, unseal } from "./mfa-key.server";
import { deleteSecondFactor, saveSecondFactor, secondFactorStatus } from "./second-factor.server";
import { groupedSecret, matchingStep, newTotpSecret, totpUri } from "./totp";

const OFFER_MINUTES = 15;
const offerContext = (personId: string) => `second-factor-offer:${personId}`;

export interface EnrolmentOffer {
  /** The secret in groups of four, to type into an app by hand. */
  secretText: string;
  uri: string;
  /** The otpauth:// address as a QR code (an SVG data address, drawn on the server: no script needed). */
  qrCode: string;
  /** The form's sealed copy of the secret. */
  sealed: string;
}

/** A new secret for the page to show (nothing is stored). */
export function enrolmentOffer(context: RequestContext, now = new Date()): Promise<EnrolmentOffer> {
  const payload = JSON.stringify({ secret: newTotpSecret(), expiresAt: now.getTime() + OFFER_MINUTES * 60_000 });
  return describeOffer(context, Buffer.from(seal(mfaKeys(), payload, offerContext(context.actor.id))).toString("base64url"), now);
}

/** The same offer again after a wrong code, so that the app already set up still matches; a new one if it expired. */
export async function offerAgain(context: RequestContext, sealed: string, now = new Date()): Promise<EnrolmentOffer> {
  return readOffer(context.actor.id, sealed, now) ? describeOffer(context, sealed, now) : enrolmentOffer(context, now);
}

async function describeOffer(context: RequestContext, sealed: string, now: Date): Promise<EnrolmentOffer> {
  const secret = readOffer(context.actor.id, sealed, now) ?? "";
  const uri = totpUri(secret, context.actor.workEmail);
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secretText: groupedSecret(secret), uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, sealed };
}

export async function ownSecondFactor(context: RequestContext) {
  const status = await secondFactorStatus(context.prisma, context.actor.id);
  return {
    enrolledAt: status?.enrolledAt ?? null,
    recoveryCodesLeft: status?.person._count.recoveryCodes ?? 0,
    required: requiresSecondFactor(context.actor.roles),
  };
}

export type EnrolmentResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; field: "password" | "code" | "form"; problem: "wrong password" | "wrong code" | "offer expired" };

export async function confirmEnrolment(
  context: RequestContext,
  input: { sealed: string; code: string; password: string },
  now = new Date(),
): Promise<EnrolmentResult> {
  const personId = context.actor.id;
  const audit = { actorId: personId, action: "second_factor.enrol", subjectType: "Person", subjectId: personId, ...context.client };
  const offer = readOffer(personId, input.sealed, now);
  const refuse = async (field: "password" | "code" | "form", problem: "wrong password" | "wrong code" | "offer expired"): Promise<EnrolmentResult> => {
    await context.prisma.$transaction((tx) => appendAudit(tx, { ...audit, outcome: "FAILURE", reason: problem }));
    return { ok: false, field, problem };
  };
  if (!offer) return refuse("form", "offer expired");
  if (!(await passwordMatches(context, input.password))) return refuse("password", "wrong password");
  const step = matchingStep(offer, input.code, now, null);
  if (step === null) return refuse("code", "wrong code");
  const recoveryCodes = await context.prisma.$transaction(async (tx) => {
    const replaced = (await tx.secondFactor.count({ where: { personId } })) > 0;
    const codes = await saveSecondFactor(tx, personId, offer, step, now);
    const otherSessionsEnded = await endOtherSessions(tx, context);
    await appendAudit(tx, { ...audit, outcome: "SUCCESS", details: { replaced, recoveryCodes: codes.length, otherSessionsEnded } });
    return codes;
  });
  return { ok: true, recoveryCodes };
}

export type RemovalResult = { ok: true } | { ok: false; problem: "required" | "wrong password" };

/** Removes one's own second factor: never for someone whose roles require one (an administrator resets it instead). */
export async function removeOwnSecondFactor(context: RequestContext, input: { password: string }): Promise<RemovalResult> {
  const personId = context.actor.id;
  const audit = { actorId: personId, action: "second_factor.remove", subjectType: "Person", subjectId: personId, ...context.client };
  const problem = requiresSecondFactor(context.actor.roles) ? "required" : !(await passwordMatches(context, input.password)) ? "wrong password" : null;
  if (problem) {
    await context.prisma.$transaction((tx) => appendAudit(tx, { ...audit, outcome: "FAILURE", reason: problem }));
    return { ok: false, problem };
  }
  await context.prisma.$transaction(async (tx) => {
    const removed = await deleteSecondFactor(tx, personId);
    await appendAudit(tx, { ...audit, outcome: removed ? "SUCCESS" : "FAILURE", details: { otherSessionsEnded: await endOtherSessions(tx, context) } });
  });
  return { ok: true };
}

function readOffer(personId: string, sealed: string, now: Date): string | null {
  if (sealed.length > 400) return null;
  const text = unseal(mfaKeys(), Buffer.from(sealed, "base64url"), offerContext(personId));
  if (!text) return null;
  const offer = JSON.parse(text) as { secret: string; expiresAt: number };
  return offer.expiresAt > now.getTime() ? offer.secret : null;
}

async function passwordMatches(context: RequestContext, password: string): Promise<boolean> {
  const credential = await context.prisma.credential.findUnique({ where: { personId: context.actor.id }, select: { passwordHash: true } });
  return credential ? verifyPassword(credential.passwordHash, password) : false;
}

/** A changed second factor ends every other session of the person, as a changed password does. */
async function endOtherSessions(tx: DbTx, context: RequestContext): Promise<number> {
  const { count } = await tx.session.deleteMany({ where: { personId: context.actor.id, id: { not: context.sessionId } } });
  return count;
}
