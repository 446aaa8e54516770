// The referral chain on a case: writing its steps, telling each recipient, acknowledgement (with the declaration of
// conflicts first), replacement of a recipient who declares a conflict, and the case's "fully referred" moment.
// Every function takes the caller's transaction: a step, its history and its mail commit together or not at all.
import type { DbTx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import type { AccessCapacity, ReferralEventKind } from "~/generated/prisma/enums";
import { recordDeclaration, type DeclarationForm } from "~/models/cases/declarations.server";
import { ChangeRejected } from "~/utils/forms";
import { isConflictedNow } from "~/models/cases/conflicts.server";
import { randomUUID } from "node:crypto";
import { assertMailable } from "~/utils/outbox.server";
import { attentionNeeded, externalNotice } from "../../../emails";
import { CASE_FOR_CHAIN_SELECT, loadChainFacts, type CaseForChain, type ChainContact, type LoadedChainFacts } from "./facts.server";
import { acknowledgeWithinMinutes, NOTICE_ROLES, recipientFor, stepsAtReport, stepsOnAcceptance, type PlannedStep, type ReferralRole } from "./rules";

export interface ChainTiming {
  now: Date;
  /** Minutes a recipient has to acknowledge before a reminder, and again before escalation. */
  windows: { supervisingOfficer: number; others: number };
  /** Days between updates owed to the employer force's PSD in an inter-force case. */
  employerUpdateDays: number;
}

/** The access each role needs on the case once its holder acknowledges. Notices and mailboxes get none. */
const CAPACITY_FOR_ROLE: Partial<Record<ReferralRole, AccessCapacity>> = {
  SUPERVISING_OFFICER: "SUPERVISING_OFFICER",
  LOCAL_COMMANDER: "OVERSIGHT",
  NPCC_OFFICER: "OVERSIGHT",
  DA_COORDINATOR: "SAFEGUARDING",
  CAIU_SUPERVISOR: "SAFEGUARDING",
  PROFESSIONAL_STANDARDS: "PROFESSIONAL_STANDARDS",
};

async function event(
  tx: DbTx,
  caseId: string,
  stepId: string | null,
  kind: ReferralEventKind,
  at: Date,
  personId: string | null = null,
  note: string | null = null,
) {
  await tx.referralEvent.create({ data: { caseId, stepId, kind, at, personId, note } });
}

/** The contact details of these people: from the facts, and read only for anyone the facts did not name. */
async function contactsOf(tx: DbTx, personIds: readonly string[], known: ReadonlyMap<string, ChainContact>): Promise<Map<string, ChainContact>> {
  const contacts = new Map(personIds.flatMap((id) => (known.has(id) ? [[id, known.get(id)!] as const] : [])));
  const unknown = personIds.filter((id) => !contacts.has(id));
  if (unknown.length) {
    const people = await tx.person.findMany({ where: { id: { in: unknown } }, select: { id: true, workEmail: true, firstName: true, preferredName: true } });
    for (const person of people) contacts.set(person.id, person);
  }
  return contacts;
}

/**
 * Writes planned steps and tells their recipients, in one statement whatever their number, all in the caller's
 * transaction: the steps, their first history rows, their mail, and, when a step has nobody to receive it, the
 * content-free mail to PSD and administrators. Returns the new steps' ids in the order given.
 */
export async function sendSteps(
  tx: DbTx,
  caseId: string,
  planned: readonly PlannedStep[],
  timing: ChainTiming,
  options: {
    replacesStepId?: string;
    facts: LoadedChainFacts;
    /** Stage 2: the case records who accepted it and when the chain started, in the same statement. */
    chainStarted?: { supervisingOfficerId: string; employerUpdateDueAt: Date | null };
  },
): Promise<string[]> {
  const { now } = timing;
  const { facts } = options;
  const personIds = planned.flatMap((step) => (step.recipient.kind === "person" ? [step.recipient.personId] : []));
  const byId = await contactsOf(tx, personIds, facts.contacts);
  const fromForce = planned.some((step) => step.recipient.kind === "mailbox")
    ? (facts.homeForceName ?? (await tx.force.findFirstOrThrow({ where: { isHome: true }, select: { shortName: true } })).shortName)
    : "";

  const rows = planned.map((step) => {
    const { recipient } = step;
    const awaiting = recipient.kind === "person" && step.needsAcknowledgement;
    return {
      id: randomUUID(),
      stage: step.stage,
      role: step.role,
      state: recipient.kind === "none" ? "NO_RECIPIENT" : awaiting ? "AWAITING" : "DELIVERED",
      recipientPersonId: recipient.kind === "person" ? recipient.personId : null,
      recipientMailbox: recipient.kind === "mailbox" ? recipient.address : null,
      missing: recipient.kind === "none" ? recipient.missing : null,
      substitution: step.substitution,
      sentAt: recipient.kind === "none" ? null : now.toISOString(),
      dueAt: awaiting ? new Date(now.getTime() + acknowledgeWithinMinutes(step.role, timing.windows) * 60_000).toISOString() : null,
      // The step's history starts with it: sent (to a person or a mailbox), or nobody to receive it.
      eventKind: recipient.kind === "none" ? "NO_RECIPIENT" : "SENT",
      eventNote: recipient.kind === "none" ? recipient.missing : recipient.kind === "mailbox" ? "By mail to the configured mailbox" : null,
    };
  });
  const mails = planned.flatMap((step) => {
    const { recipient } = step;
    if (recipient.kind === "mailbox") return [{ to: recipient.address, mail: externalNotice({ fromForce }) }];
    const person = recipient.kind === "person" ? byId.get(recipient.personId) : undefined;
    return person ? [{ to: person.workEmail, mail: attentionNeeded({ recipientName: person.preferredName ?? person.firstName, link: "/records" }) }] : [];
  });
  // A step with nobody to receive it: PSD and administrators are told (content-free) that organisation data is missing.
  if (planned.some((step) => step.recipient.kind === "none")) {
    for (const person of facts.missingDataRecipients) {
      mails.push({ to: person.workEmail, mail: attentionNeeded({ recipientName: person.preferredName ?? person.firstName, link: person.link }) });
    }
  }
  assertMailable(mails.map((mail) => mail.to));
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);
  const nowText = now.toISOString();
  // The outbox runs on the real clock, whatever the chain's clock says (tests move the chain's).
  const mailQueuedAt = new Date().toISOString();
  // The steps, their first history rows and their mail in one statement: the chain is written within its time budget
  // whatever its length (foreign keys are checked at the end of the statement, when the steps exist).
  await tx.$executeRaw`
    WITH steps AS (
      INSERT INTO "referral_step" ("id", "caseId", "stage", "role", "state", "recipientPersonId", "recipientMailbox", "missing", "substitution", "sentAt", "dueAt", "replacesStepId", "createdAt")
      SELECT s."id", ${caseId}::uuid, s."stage", s."role"::"referral_role", s."state"::"referral_state", s."person", s."mailbox", s."missing", s."substitution",
             s."sentAt"::timestamp(3), s."dueAt"::timestamp(3), ${options.replacesStepId ?? null}::uuid, ${nowText}::timestamp(3)
      FROM unnest(${column("id")}::uuid[], ${column("stage")}::int[], ${column("role")}::text[], ${column("state")}::text[], ${column("recipientPersonId")}::uuid[],
                  ${column("recipientMailbox")}::text[], ${column("missing")}::text[], ${column("substitution")}::text[], ${column("sentAt")}::text[], ${column("dueAt")}::text[])
        AS s("id", "stage", "role", "state", "person", "mailbox", "missing", "substitution", "sentAt", "dueAt")
      RETURNING "id"
    ), ${chainStartedUpdate(caseId, nowText, options.chainStarted)} events AS (
      INSERT INTO "referral_event" ("id", "caseId", "stepId", "kind", "at", "personId", "note")
      SELECT gen_random_uuid(), ${caseId}::uuid, e."stepId", e."kind"::"referral_event_kind", ${nowText}::timestamp(3), e."person", e."note"
      FROM unnest(${column("id")}::uuid[], ${column("eventKind")}::text[], ${column("recipientPersonId")}::uuid[], ${column("eventNote")}::text[]) AS e("stepId", "kind", "person", "note")
      RETURNING "id"
    )
    INSERT INTO "outbox_message" ("id", "toAddress", "template", "subject", "html", "text", "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid(), m."to", m."template", m."subject", m."html", m."text", ${mailQueuedAt}::timestamp(3), ${mailQueuedAt}::timestamp(3)
    FROM unnest(${mails.map((m) => m.to)}::text[], ${mails.map((m) => m.mail.template)}::text[], ${mails.map((m) => m.mail.subject)}::text[],
                ${mails.map((m) => m.mail.html)}::text[], ${mails.map((m) => m.mail.text)}::text[]) AS m("to", "template", "subject", "html", "text")`;
  return rows.map((row) => row.id);
}

/** The case's own record of the chain's start (stage 2), as a step of sendSteps' statement; nothing otherwise. */
function chainStartedUpdate(
  caseId: string,
  nowText: string,
  started: { supervisingOfficerId: string; employerUpdateDueAt: Date | null } | undefined,
): Prisma.Sql {
  if (!started) return Prisma.empty;
  return Prisma.sql`started AS (
      UPDATE "police_suspect_case" SET "supervisingOfficerId" = ${started.supervisingOfficerId}::uuid, "chainStartedAt" = ${nowText}::timestamp(3),
        "employerUpdateDueAt" = COALESCE(${started.employerUpdateDueAt?.toISOString() ?? null}::timestamp(3), "employerUpdateDueAt"),
        "updatedAt" = ${new Date().toISOString()}::timestamp(3)
      WHERE "id" = ${caseId}::uuid
      RETURNING "id"
    ),`;
}

async function caseForChain(tx: DbTx, caseId: string): Promise<CaseForChain> {
  return tx.policeSuspectCase.findUniqueOrThrow({ where: { id: caseId }, select: CASE_FOR_CHAIN_SELECT });
}

/**
 * Stage 1, when the report is recorded: the supervising officer (and the PCC at once if the suspect is the chief
 * officer). Returns the steps written, the supervising officer's first.
 */
export async function startReferralChain(tx: DbTx, caseId: string, timing: ChainTiming): Promise<{ id: string; recipientPersonId: string | null }[]> {
  const facts = await loadChainFacts(tx, await caseForChain(tx, caseId));
  const planned = stepsAtReport(facts);
  const ids = await sendSteps(tx, caseId, planned, timing, { facts });
  return ids.map((id, index) => {
    const recipient = planned[index]!.recipient;
    return { id, recipientPersonId: recipient.kind === "person" ? recipient.personId : null };
  });
}

/** Stage 2, when the supervising officer accepts: everyone they pass the report to, at once. */
export async function passToEveryone(tx: DbTx, record: CaseForChain, supervisingOfficerId: string, timing: ChainTiming): Promise<void> {
  const facts = await loadChainFacts(tx, record, { supervisors: false });
  const employerUpdateDueAt = facts.suspectIsOtherForce ? new Date(timing.now.getTime() + timing.employerUpdateDays * 86_400_000) : null;
  await sendSteps(tx, record.id, stepsOnAcceptance(facts), timing, { facts, chainStarted: { supervisingOfficerId, employerUpdateDueAt } });
}

/** Everyone who has held this step before (through its replacements), so a replacement never goes back to them. */
async function previousHolders(tx: DbTx, stepId: string): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ recipientPersonId: string | null }[]>`
    WITH RECURSIVE lineage AS (
      SELECT "id", "replacesStepId", "recipientPersonId" FROM "referral_step" WHERE "id" = ${stepId}::uuid
      UNION ALL
      SELECT s."id", s."replacesStepId", s."recipientPersonId" FROM "referral_step" s JOIN lineage l ON s."id" = l."replacesStepId"
    )
    SELECT "recipientPersonId"::text AS "recipientPersonId" FROM lineage`;
  return new Set(rows.map((row) => row.recipientPersonId).filter((id): id is string => id !== null));
}

/**
 * Hands a step to the next eligible holder of its role: after an escalation or a declared conflict, or when missing
 * organisation data has been put right. The old step is marked replaced; the new one is sent.
 */
export async function replaceStep(
  tx: DbTx,
  stepId: string,
  timing: ChainTiming,
  why: { kind: ReferralEventKind; note: string; personId?: string | null },
  options: { onlyIfSomeoneCanReceive?: boolean } = {},
): Promise<{ newStepId: string } | null> {
  const step = await tx.referralStep.findUniqueOrThrow({ where: { id: stepId }, select: { id: true, caseId: true, role: true } });
  const facts = await loadChainFacts(tx, await caseForChain(tx, step.caseId), { supervisors: step.role === "SUPERVISING_OFFICER" });
  const planned = recipientFor(step.role, facts, await previousHolders(tx, stepId));
  if (options.onlyIfSomeoneCanReceive && planned.recipient.kind === "none") return null;
  await tx.referralStep.update({ where: { id: stepId }, data: { state: "REPLACED", dueAt: null } });
  await event(tx, step.caseId, stepId, why.kind, timing.now, why.personId ?? null, why.note);
  const [newStepId] = await sendSteps(tx, step.caseId, [planned], timing, { replacesStepId: stepId, facts });
  return { newStepId: newStepId! };
}

/** Passes on a step whose recipient is now in the suspect's line chain; claimed first, so it is passed on once. */
export async function handOnFromConflicted(tx: DbTx, stepId: string, personId: string, timing: ChainTiming): Promise<void> {
  const claimed = await tx.referralStep.updateMany({ where: { id: stepId, state: "AWAITING" }, data: { state: "REPLACED", dueAt: null } });
  if (claimed.count !== 1) throw new ChangeRejected({ form: "This referral changed while you were answering: reload the page." });
  await replaceStep(tx, stepId, timing, { kind: "ESCALATED", note: "The recipient is now in the suspect's line-management chain", personId });
}

/** What the recipient finds at the step's page, recorded the first time they open it. */
export async function markOpened(tx: DbTx, step: { id: string; caseId: string; openedAt: Date | null }, personId: string, now: Date): Promise<void> {
  if (step.openedAt) return;
  const updated = await tx.referralStep.updateMany({ where: { id: step.id, openedAt: null }, data: { openedAt: now } });
  if (updated.count === 1) await event(tx, step.caseId, step.id, "OPENED", now, personId);
}

/**
 * The recipient's answer: their declaration of conflicts, then "I have received this and I am acting". With no
 * connection, the step is acknowledged and they are given the access their role needs (and a supervising officer's
 * acceptance passes the report to everyone else at once). With a connection, the declaration goes on the case file
 * and the step passes automatically to the next eligible holder.
 */
export async function acknowledgeStep(
  tx: DbTx,
  stepId: string,
  personId: string,
  declaration: DeclarationForm,
  timing: ChainTiming,
): Promise<"acknowledged" | "replaced"> {
  const step = await tx.referralStep.findFirst({
    where: { id: stepId, recipientPersonId: personId },
    select: { id: true, caseId: true, role: true, state: true, case: { select: CASE_FOR_CHAIN_SELECT } },
  });
  if (!step) throw new ChangeRejected({ form: "This referral is not addressed to you." });
  if (step.state !== "AWAITING") {
    throw new ChangeRejected({
      form:
        step.state === "REPLACED"
          ? "This referral has passed to someone else, so it no longer needs your answer."
          : "You have already acknowledged this referral.",
    });
  }
  // The rules never route a step to the suspect or their chain; if the organisation has changed since (they are now
  // in the suspect's chain), the step passes to the next eligible holder and they are given nothing.
  if (await isConflictedNow(tx, step.case, personId)) {
    await handOnFromConflicted(tx, step.id, personId, timing);
    return "replaced";
  }

  const hasConnection = declaration.hasConnection === "yes";
  // Claim the step first: a second submission (double click, another tab, the scheduler) finds it no longer awaiting.
  const claimed = await tx.referralStep.updateMany({
    where: { id: step.id, state: "AWAITING" },
    data: hasConnection ? { state: "REPLACED", dueAt: null } : { state: "ACKNOWLEDGED", acknowledgedAt: timing.now, dueAt: null },
  });
  if (claimed.count !== 1) throw new ChangeRejected({ form: "This referral changed while you were answering: reload the page." });

  if (hasConnection) {
    await tx.conflictDeclaration.create({
      data: { caseId: step.caseId, personId, hasConnection: true, connections: declaration.connections, details: declaration.details ?? null },
    });
    await replaceStep(tx, step.id, timing, { kind: "CONFLICT_DECLARED", note: "The recipient declared a connection with someone involved", personId });
    return "replaced";
  }

  const capacity = CAPACITY_FOR_ROLE[step.role];
  if (capacity) {
    const existing = await tx.caseAccess.findFirst({
      where: { caseId: step.caseId, personId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: timing.now } }] },
      select: { id: true },
    });
    if (existing) {
      await recordDeclaration(tx, step.caseId, personId, declaration);
    } else {
      await tx.conflictDeclaration.create({ data: { caseId: step.caseId, personId, hasConnection: false, connections: [], details: null } });
      await tx.caseAccess.create({
        data: {
          caseId: step.caseId,
          personId,
          capacity,
          reason: `Referral chain: ${step.role.toLowerCase().replaceAll("_", " ")}`,
          declarationState: "NO_CONNECTION",
          grantedAt: timing.now,
        },
      });
    }
  }
  await event(tx, step.caseId, step.id, "ACKNOWLEDGED", timing.now, personId);
  if (step.role === "SUPERVISING_OFFICER") {
    // Stage 2 always leaves steps to acknowledge, so the chain cannot be complete yet.
    await passToEveryone(tx, step.case, personId, timing);
  } else {
    await markFullyReferred(tx, step.caseId, timing.now);
  }
  return "acknowledged";
}

/**
 * Sets the moment every current referral of the chain was acknowledged or delivered, once the chain has started.
 * Notices are not referrals (REFERRAL_STEP_KINDS): one with nobody it may go to, such as the suspect's commander's
 * notice when every commander above the suspect is in their line chain (the usual case, no rank being exempt: ADR
 * 024), leaves the referrals themselves complete, and PSD sees that gap on the case.
 */
export async function markFullyReferred(tx: DbTx, caseId: string, now: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE "police_suspect_case" SET "fullyReferredAt" = ${now.toISOString()}::timestamp(3)
    WHERE "id" = ${caseId}::uuid AND "chainStartedAt" IS NOT NULL AND "fullyReferredAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "referral_step" WHERE "caseId" = ${caseId}::uuid AND "state" IN ('AWAITING', 'NO_RECIPIENT')
                      AND NOT ("role"::text = ANY(${[...NOTICE_ROLES]}::text[]) AND "state" = 'NO_RECIPIENT'))`;
}
