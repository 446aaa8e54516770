// Police-suspect cases: intake, the people who may never see a case, and the access list. Functions take the
// transaction the guard opened (and, for reads, the access scope it computed), as in person.server.ts.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { ReceivedHow, type CaseOrigin } from "~/generated/prisma/enums";
import { RECEIVED_HOW_LABELS } from "~/models/cases/labels";
export { CAPACITY_LABELS, RECEIVED_HOW_LABELS } from "~/models/cases/labels";
import { managementChain } from "~/models/people/person.server";
import { personSearchWhere } from "~/models/people/person-rules";
import { addressName } from "~/utils/names";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { conflictedPeople } from "~/models/cases/conflicts.server";
import { supervisorCandidates } from "~/models/referrals/facts.server";
import { startReferralChain, type ChainTiming } from "~/models/referrals/chain.server";
import { chainTiming } from "~/models/referrals/timing.server";
export { conflictedPeople, grantRefusal } from "~/models/cases/conflicts.server";
import { attentionNeeded, type MailArrival } from "../../../emails";
import { parseUkDateTime } from "~/utils/dates";
import { queueMails } from "~/utils/outbox.server";
import type { DirectoryMatch } from "~/models/people/directory-match";

export type CaseScope = Prisma.PoliceSuspectCaseWhereInput;

// ─── References ──────────────────────────────────────────────────────────────

// No vowels (no words), no 0/O/1/I/L (no misreading).
const REFERENCE_ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789";

/** A random reference such as "K7QX-M2DT": it says nothing about the case, the people or when it was made. */
export function newCaseReference(): string {
  const pick = () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  const part = () => Array.from({ length: 4 }, pick).join("");
  return `${part()}-${part()}`;
}

const REFERENCE_PATTERN = /^[BCDFGHJKMNPQRSTVWXZ2-9]{4}-[BCDFGHJKMNPQRSTVWXZ2-9]{4}$/;

/** Normalises what someone typed or followed ("k7qx m2dt" → "K7QX-M2DT"); null if it cannot be a reference. */
export function normaliseReference(value: string | null | undefined): string | null {
  if (!value) return null;
  const compact = value.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (compact.length !== 8) return null;
  const reference = `${compact.slice(0, 4)}-${compact.slice(4)}`;
  return REFERENCE_PATTERN.test(reference) ? reference : null;
}

// ─── Intake ──────────────────────────────────────────────────────────────────

const yesNo = (message: string) => z.enum(["yes", "no"], { error: message });
const trimmed = (max: number, message: string) => z.string({ error: message }).trim().max(max, `Use ${max} characters or fewer`);

/** The intake form as submitted. The search boxes are only for finding people; the chosen ids are what count. */
export const IntakeFormSchema = z
  .object({
    reporting: z.enum(["received", "self"], { error: "Say whether you received this report or are reporting it yourself" }),
    suspectKind: z.enum(["directory", "other-force"], { error: "Say where the suspect works" }),
    suspectPersonId: z.string().optional(),
    suspectName: trimmed(200, "Enter the suspect's name").optional(),
    suspectForceId: z.string().optional(),
    victimKind: z.enum(["employee", "public"]).optional(),
    victimPersonId: z.string().optional(),
    victimName: trimmed(200, "Enter the victim's name").optional(),
    victimContact: trimmed(500, "Enter how to contact the victim safely").optional(),
    childrenInvolved: yesNo("Say whether any children are involved"),
    immediateDanger: yesNo("Say whether anyone is in immediate danger"),
    account: z
      .string({ error: "Write a short account of what was reported" })
      .trim()
      .min(1, "Write a short account of what was reported")
      .max(5000, "Keep the account to 5,000 characters or fewer"),
    receivedHow: z.enum(Object.values(ReceivedHow) as [ReceivedHow, ...ReceivedHow[]], { error: "Say how the report was received" }),
    receivedAt: z.string({ error: "Enter when the report was received" }).trim().min(1, "Enter when the report was received"),
    supervisingOfficerId: z.string().optional(),
    areaUnitId: z.string().optional(),
    /** Recording what someone else was told: did the suspect admit it? (How the case was received, for the figures.) */
    admitted: z.enum(["yes", "no"]).optional(),
  })
  .superRefine((form, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (form.suspectKind === "directory" && !isId(form.suspectPersonId)) issue("suspectPersonId", "Find the suspect in the directory and choose them");
    if (form.suspectKind === "other-force") {
      if (!form.suspectName) issue("suspectName", "Enter the suspect's name");
      if (!isId(form.suspectForceId)) issue("suspectForceId", "Choose the force the suspect works for");
    }
    if (form.reporting === "received") {
      if (!form.victimKind) issue("victimKind", "Say who the victim is");
      if (form.victimKind === "employee" && !isId(form.victimPersonId)) issue("victimPersonId", "Find the victim in the directory and choose them");
      if (form.victimKind === "public" && !form.victimName) issue("victimName", "Enter the victim's name");
    }
    const when = parseUkDateTime(form.receivedAt);
    if (form.receivedAt && !when) issue("receivedAt", "Enter the date and time as, for example, 2026-11-23 14:30");
    else if (when && when.getTime() > Date.now() + 5 * 60_000) issue("receivedAt", "The time the report was received cannot be in the future");
    if (form.supervisingOfficerId && !isId(form.supervisingOfficerId)) issue("supervisingOfficerId", "Choose a supervising officer from the list");
    if (form.areaUnitId && !isId(form.areaUnitId)) issue("areaUnitId", "Choose a local policing area from the list");
  });
export type IntakeForm = z.infer<typeof IntakeFormSchema>;

export type { DirectoryMatch };

/** People of the home force matching a search, for choosing a suspect or victim on the intake form. */
export async function searchDirectory(tx: DbTx, q: string, limit = 10): Promise<DirectoryMatch[]> {
  if (q.trim().length < 2) return [];
  const people = await tx.person.findMany({
    where: { AND: [personSearchWhere(q), { active: true, force: { isHome: true } }] },
    select: { id: true, firstName: true, lastName: true, preferredName: true, workEmail: true, unit: { select: { name: true } } },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    take: limit,
  });
  return people.map((person) => ({ id: person.id, name: addressName(person), detail: [person.unit?.name, person.workEmail].filter(Boolean).join(", ") }));
}

export async function directoryPerson(tx: DbTx, id: string | undefined): Promise<DirectoryMatch | null> {
  if (!isId(id)) return null;
  const person = await tx.person.findFirst({
    where: { id, active: true, force: { isHome: true } },
    select: { id: true, firstName: true, lastName: true, preferredName: true, workEmail: true, unit: { select: { name: true } } },
  });
  return person ? { id: person.id, name: addressName(person), detail: [person.unit?.name, person.workEmail].filter(Boolean).join(", ") } : null;
}

/**
 * The supervising officers the first recipient may choose from, in the order the portal would ask them (see
 * supervisorCandidates): never anyone in `excluded` (the suspect and their chain) nor the reporter.
 */
export async function eligibleSupervisors(tx: DbTx, reporterId: string, excluded: ReadonlySet<string>): Promise<DirectoryMatch[]> {
  const ids = await supervisorCandidates(tx, reporterId, excluded);
  const people = await tx.person.findMany({
    where: { id: { in: ids } },
    select: { id: true, firstName: true, lastName: true, preferredName: true, roles: { select: { role: true } }, unit: { select: { name: true } } },
  });
  const reporter = await tx.person.findUnique({ where: { id: reporterId }, select: { lineManagerId: true } });
  const chain = new Set(reporter?.lineManagerId ? await managementChain(tx, reporter.lineManagerId) : []);
  const byId = new Map(people.map((person) => [person.id, person]));
  return ids.flatMap((id) => {
    const person = byId.get(id);
    if (!person) return [];
    const duty = person.roles.some((r) => r.role === "DUTY_INSPECTOR");
    return [
      {
        id,
        name: addressName(person),
        detail: [duty ? "Duty inspector" : null, chain.has(id) ? "in your line chain" : null, person.unit?.name].filter(Boolean).join(", "),
      },
    ];
  });
}

export interface NewCase {
  reporterId: string;
  form: IntakeForm;
  /** The referral chain's clock and windows (the configured ones by default). */
  timing?: ChainTiming;
  /** How the case came: an employee's own admission through the portal; otherwise read from the form. */
  origin?: CaseOrigin;
  /** The report form's one-time key (see submitReport). */
  submissionKey?: string;
}

/** How a case recorded on the form came, for the monitoring figures: an admission someone heard, or a report. */
export function originOf(form: IntakeForm): CaseOrigin {
  return form.reporting === "received" && form.admitted === "yes" ? "ADMISSION_HEARD" : "REPORT";
}

/**
 * Creates the case, restricted from the first moment: the people who may never see it, the access list (PSD, and
 * the supervising officer it is referred to) and content-free mail to each of them, all in the caller's transaction.
 * Throws ChangeRejected (nothing written) for a problem the reporter can fix.
 */
export async function createPoliceSuspectCase(
  tx: DbTx,
  { reporterId, form, timing, origin, submissionKey }: NewCase,
): Promise<{ id: string; reference: string }> {
  const errors: Record<string, string> = {};
  const home = await tx.force.findFirstOrThrow({ where: { isHome: true }, select: { id: true } });
  let suspectPersonId: string | null = null;
  let suspectForceId = home.id;
  if (form.suspectKind === "directory") {
    const suspect = await directoryPerson(tx, form.suspectPersonId);
    if (!suspect) errors.suspectPersonId = "The suspect could not be found in the directory: search again and choose them";
    else suspectPersonId = suspect.id;
  } else {
    const force = isId(form.suspectForceId) ? await tx.force.findUnique({ where: { id: form.suspectForceId } }) : null;
    if (!force) errors.suspectForceId = "Choose the force the suspect works for";
    else suspectForceId = force.id;
  }
  const victimPersonId =
    form.reporting === "self" ? reporterId : form.victimKind === "employee" ? ((await directoryPerson(tx, form.victimPersonId))?.id ?? null) : null;
  if (form.reporting === "received" && form.victimKind === "employee" && !victimPersonId)
    errors.victimPersonId = "The victim could not be found in the directory: search again and choose them";
  if (suspectPersonId && victimPersonId === suspectPersonId) {
    errors[form.reporting === "self" ? "suspectPersonId" : "victimPersonId"] = "The victim and the suspect cannot be the same person";
  }
  const area = form.areaUnitId
    ? await tx.unit.findFirst({ where: { id: form.areaUnitId, force: { isHome: true }, kind: { in: ["BCU", "OCU"] } }, select: { id: true } })
    : null;
  if (form.areaUnitId && !area) errors.areaUnitId = "Choose a local policing area from the list";
  if (Object.keys(errors).length) throw new ChangeRejected(errors);

  const conflicts = await conflictedPeople(tx, suspectPersonId);
  const excluded = new Set(conflicts.map((entry) => entry.personId));
  let supervisorId: string | null = null;
  if (form.supervisingOfficerId) {
    const eligible = await eligibleSupervisors(tx, reporterId, excluded);
    if (!eligible.some((person) => person.id === form.supervisingOfficerId)) {
      throw new ChangeRejected({
        supervisingOfficerId: excluded.has(form.supervisingOfficerId)
          ? "This officer is conflicted (the suspect, or in the suspect's line-management chain): choose another"
          : "Choose a supervising officer of inspector rank or above from the list",
      });
    }
    supervisorId = form.supervisingOfficerId;
  } else {
    supervisorId = (await supervisorCandidates(tx, reporterId, excluded))[0] ?? null;
  }

  // A clash of random references is astronomically unlikely; the unique index would refuse it and roll back.
  const reference = newCaseReference();
  const created = await tx.policeSuspectCase.create({
    data: {
      reference,
      reportedById: reporterId,
      submissionKey: submissionKey ?? null,
      receivedHow: form.reporting === "self" ? "SELF_REPORT" : form.receivedHow,
      receivedAt: parseUkDateTime(form.receivedAt)!,
      origin: origin ?? originOf(form),
      suspectPersonId,
      suspectName: suspectPersonId ? null : (form.suspectName ?? null),
      suspectForceId,
      victimKind: form.reporting === "self" || form.victimKind === "employee" ? "EMPLOYEE" : "MEMBER_OF_PUBLIC",
      victimPersonId,
      victimName: victimPersonId ? null : (form.victimName ?? null),
      victimContact: form.victimContact || null,
      childrenInvolved: form.childrenInvolved === "yes",
      immediateDanger: form.immediateDanger === "yes",
      account: form.account,
      supervisingOfficerId: supervisorId,
      areaUnitId: area?.id ?? null,
      conflicts: { create: conflicts },
      // Every allegation is a crime to investigate and also a complaint or conduct matter: both tracks open at once.
      criminalTrack: { create: {} },
      conductTrack: { create: {} },
    },
    select: { id: true, reference: true },
  });

  // PSD oversee every case from the first moment; everyone else is told through the referral chain, and is given
  // the access their role needs when they acknowledge it.
  const psd = await tx.person.findMany({
    where: { active: true, roles: { some: { role: { in: [...PSD_ROLES] } } }, id: { notIn: [...excluded] } },
    select: { id: true },
  });
  await tx.caseAccess.createMany({
    data: psd.map((person) => ({
      caseId: created.id,
      personId: person.id,
      capacity: "PROFESSIONAL_STANDARDS" as const,
      reason: "Professional standards oversee every police-suspect case",
    })),
  });
  await notifyPeople(
    tx,
    psd.map((person) => person.id),
    "/records",
  );
  await startReferralChain(tx, created.id, timing ?? chainTiming());
  return created;
}

/** A content-free "something needs your attention" mail to each person, through the outbox (same transaction). */
export async function notifyPeople(tx: DbTx, personIds: readonly string[], link: string): Promise<void> {
  if (personIds.length === 0) return;
  const people = await tx.person.findMany({
    where: { id: { in: [...personIds] }, active: true },
    select: { workEmail: true, firstName: true, preferredName: true },
  });
  await mailRecipients(tx, people, link);
}

/** Who a content-free "needs your attention" mail goes to. */
export interface MailRecipient {
  workEmail: string;
  firstName: string;
  preferredName: string | null;
}

/** Queues one content-free "needs your attention" mail per recipient, in one statement; an alert on an attempt says how it came. */
export async function mailRecipients(tx: DbTx, people: readonly MailRecipient[], link: string, arrival?: MailArrival): Promise<void> {
  await queueMails(
    tx,
    people.map((person) => ({ to: person.workEmail, mail: attentionNeeded({ recipientName: person.preferredName ?? person.firstName, link, arrival }) })),
  );
}

export { ChangeRejected };

/** What the person who recorded a report submitted, as their receipt shows it: nothing of the case as it develops. */
export async function submissionView(tx: DbTx, caseId: string) {
  const submission = await tx.policeSuspectCase.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      reference: true,
      reportedAt: true,
      receivedAt: true,
      receivedHow: true,
      childrenInvolved: true,
      immediateDanger: true,
      account: true,
      suspectName: true,
      victimName: true,
      victimPersonId: true,
      reportedById: true,
      suspectForce: { select: { name: true } },
      suspectPerson: { select: { firstName: true, lastName: true, preferredName: true } },
      victimPerson: { select: { firstName: true, lastName: true, preferredName: true } },
    },
  });
  return {
    reportedAt: submission.reportedAt.toISOString(),
    receivedAt: submission.receivedAt.toISOString(),
    receivedHow: RECEIVED_HOW_LABELS[submission.receivedHow],
    suspect: submission.suspectPerson ? addressName(submission.suspectPerson) : `${submission.suspectName ?? "Unnamed"} (${submission.suspectForce.name})`,
    victim:
      submission.victimPersonId === submission.reportedById
        ? "You"
        : submission.victimPerson
          ? addressName(submission.victimPerson)
          : (submission.victimName ?? "Not given"),
    childrenInvolved: submission.childrenInvolved,
    immediateDanger: submission.immediateDanger,
    account: submission.account,
  };
}
