// Accounts are set up by their owner, never by an administrator: a one-time link to the person's work email, where
// they choose their own password. The link's secret is in the mail only; the database keeps its SHA-256 (as for
// sessions, ADR 003). A link works once, expires, and a newer one replaces it. See docs/decisions/023.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { accountSetup } from "#emails/index";
import { db, type Db, type DbTx } from "~/db.server";
import { referralNow } from "~/models/referrals/timing.server";
import { appendAudit } from "~/utils/audit.server";
import { kickOutbox, queueMail } from "~/utils/outbox.server";
import { hashPassword } from "~/utils/password.server";
import { clientInfo, type ClientInfo } from "./client-info.server";

/** How long a set-up link works. */
export const SETUP_LINK_HOURS = 72;
const SECRET_PATTERN = /^[a-z2-7]{32}$/;

function hashSecret(secret: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(sha256(new TextEncoder().encode(secret)));
}

/** The portal's clock: the real one, or the end-to-end tests' clock where that is switched on. */
export function setupClock(): Date {
  return referralNow();
}

/**
 * Issues a new set-up link for someone who has no password yet, replacing any unused one, and queues the mail to
 * their work address, in the caller's transaction. Refuses (returns null) someone who already has a password.
 */
export async function issueSetupLink(tx: DbTx, personId: string, issuedById: string, now = setupClock()): Promise<{ id: string; expiresAt: Date } | null> {
  const person = await tx.person.findUnique({ where: { id: personId }, select: { workEmail: true, credential: { select: { personId: true } } } });
  if (!person || person.credential) return null;
  await tx.accountSetupLink.updateMany({ where: { personId, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const secret = encodeBase32LowerCaseNoPadding(bytes);
  const expiresAt = new Date(now.getTime() + SETUP_LINK_HOURS * 3_600_000);
  const link = await tx.accountSetupLink.create({
    data: { personId, secretHash: hashSecret(secret), issuedById, issuedAt: now, expiresAt },
    select: { id: true },
  });
  await queueMail(tx, person.workEmail, accountSetup({ link: `/set-up/${secret}`, hours: SETUP_LINK_HOURS }));
  return { id: link.id, expiresAt };
}

type LinkProblem = "unknown" | "used" | "replaced" | "expired" | "inactive" | "has-password";

interface LinkRow {
  id: string;
  personId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  person: { workEmail: string; active: boolean; credential: { personId: string } | null };
}

function findLink(tx: DbTx, secret: string): Promise<LinkRow | null> {
  if (!SECRET_PATTERN.test(secret)) return Promise.resolve(null);
  return tx.accountSetupLink.findUnique({
    where: { secretHash: hashSecret(secret) },
    select: {
      id: true,
      personId: true,
      expiresAt: true,
      usedAt: true,
      revokedAt: true,
      person: { select: { workEmail: true, active: true, credential: { select: { personId: true } } } },
    },
  });
}

function problemWith(link: LinkRow | null, now: Date): LinkProblem | null {
  if (!link) return "unknown";
  if (link.usedAt) return "used";
  if (link.revokedAt) return "replaced";
  if (link.expiresAt <= now) return "expired";
  if (!link.person.active) return "inactive";
  if (link.person.credential) return "has-password";
  return null;
}

/** For the set-up page's GET: whose link it is, or null. Reads only; the page changes nothing until the form is sent. */
export async function usableSetupLink(secret: string, prisma: Db = db(), now = setupClock()): Promise<{ workEmail: string } | null> {
  const link = await findLink(prisma, secret);
  return link && problemWith(link, now) === null ? { workEmail: link.person.workEmail } : null;
}

/**
 * The person chooses their password: in one transaction the link is locked, checked (unused, not replaced, not
 * expired, the account active and without a password), used up, the credential written and the use audited. A link
 * that does not work is audited too, and changes nothing.
 */
export async function completeSetup(
  input: { secret: string; password: string; client: ClientInfo },
  prisma: Db = db(),
  now = setupClock(),
): Promise<{ ok: true; workEmail: string } | { ok: false }> {
  const passwordHash = await hashPassword(input.password);
  const result = await prisma.$transaction(async (tx) => {
    const found = await findLink(tx, input.secret);
    if (found) await tx.$queryRaw`SELECT 1 FROM "account_setup_link" WHERE "id" = ${found.id}::uuid FOR UPDATE`;
    const link = found ? await findLink(tx, input.secret) : null;
    const problem = problemWith(link, now);
    if (problem || !link) {
      await appendAudit(tx, {
        actorId: null,
        action: "account.setup",
        subjectType: "Person",
        subjectId: link?.personId ?? null,
        outcome: "FAILURE",
        reason: `set-up link ${problem ?? "unknown"}`,
        ...input.client,
      });
      return { ok: false as const };
    }
    await tx.credential.create({ data: { personId: link.personId, passwordHash } });
    await tx.accountSetupLink.update({ where: { id: link.id }, data: { usedAt: now } });
    await appendAudit(tx, {
      actorId: link.personId,
      action: "account.setup",
      subjectType: "Person",
      subjectId: link.personId,
      outcome: "SUCCESS",
      details: { linkId: link.id },
      ...input.client,
    });
    return { ok: true as const, workEmail: link.person.workEmail };
  });
  kickOutbox();
  return result;
}

/** The set-up page's POST, from the request's client. */
export function completeSetupFromRequest(request: Request, input: { secret: string; password: string }) {
  return completeSetup({ ...input, client: clientInfo(request) });
}
