// The case file beyond intake: the restriction authorisation, the criminal and conduct tracks, investigation
// ownership, the NPCC-directed review, and the interested person's published updates. Each function runs in the
// transaction of the guard's audit row and throws ChangeRejected (nothing written) for what the person can fix.
import { z } from "zod";
import { RESTRICTION_MIN_LEVEL } from "#policies/rules/police-suspect-cases";
import type { DbTx } from "~/db.server";
import { ConductMatterType, CriminalStatus, DutiesDecision } from "~/generated/prisma/enums";
import { addressName } from "~/utils/names";
import { ChangeRejected, tickedBoxes } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { OTHER_FORCE_REASONS } from "~/models/cases/labels";
import { notifyPeople } from "~/models/cases/case.server";
import { conflictedOnCase } from "~/models/cases/conflicts.server";
export { CRIMINAL_STATUS_LABELS, DUTIES_LABELS, MATTER_TYPE_LABELS, OTHER_FORCE_REASONS, REVIEW_HEADINGS } from "~/models/cases/labels";

const required = (message: string, max = 2000) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `Use ${max.toLocaleString("en-GB")} characters or fewer`);
const optionalText = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `Use ${max.toLocaleString("en-GB")} characters or fewer`)
    .optional()
    .transform((value) => value || null);
const version = z.coerce.number().int().min(1);
const STALE = "Someone else changed this while you were editing it. Their version is shown: make your change again.";

// ─── Restriction of the crime report ─────────────────────────────────────────

export const RestrictionSchema = z.object({
  crimeReference: required("Enter the crime reference number", 40).refine(
    (value) => /^[A-Za-z0-9/ -]+$/.test(value),
    "Use letters, numbers, spaces, / and - only",
  ),
  callLogRestricted: z.literal("on", { error: "Confirm that the associated call log is restricted too" }),
  note: optionalText(1000),
});

export async function authoriseRestriction(tx: DbTx, caseId: string, authoriser: { id: string; level: number }, form: z.infer<typeof RestrictionSchema>) {
  // The rules already refuse lower ranks; this says so in words if the form is sent anyway.
  if (authoriser.level < RESTRICTION_MIN_LEVEL) throw new ChangeRejected({ form: "Restriction must be authorised by a chief inspector or above." });
  if (await tx.restrictionAuthorisation.findUnique({ where: { caseId } }))
    throw new ChangeRejected({ form: "Restriction of this crime report has already been authorised." });
  await tx.restrictionAuthorisation.create({
    data: { caseId, crimeReference: form.crimeReference, callLogRestricted: true, note: form.note, authorisedById: authoriser.id },
  });
  await tx.criminalTrack.updateMany({ where: { caseId, crimeReference: null }, data: { crimeReference: form.crimeReference } });
}

// ─── The two tracks ──────────────────────────────────────────────────────────

export const CriminalTrackSchema = z.object({
  crimeReference: optionalText(40),
  status: z.enum(Object.values(CriminalStatus) as [CriminalStatus, ...CriminalStatus[]], { error: "Choose the status" }),
  outcome: optionalText(),
  version,
});

export async function updateCriminalTrack(tx: DbTx, caseId: string, actorId: string, form: z.infer<typeof CriminalTrackSchema>) {
  const { version: expected, ...data } = form;
  const updated = await tx.criminalTrack.updateMany({
    where: { caseId, version: expected },
    data: { ...data, updatedById: actorId, version: { increment: 1 } },
  });
  if (updated.count === 0) throw new ChangeRejected({ form: STALE });
}

export const ConductTrackSchema = z
  .object({
    matterType: z.enum(Object.values(ConductMatterType) as [ConductMatterType, ...ConductMatterType[]], { error: "Choose complaint or conduct matter" }),
    assessment: optionalText(),
    dutiesDecision: z.enum(Object.values(DutiesDecision) as [DutiesDecision, ...DutiesDecision[]], {
      error: "Choose the decision on suspension or restriction",
    }),
    dutiesRationale: optionalText(),
    outcome: optionalText(),
    misconductProceedings: optionalText(),
    version,
  })
  .superRefine((form, ctx) => {
    if (form.dutiesDecision !== "NOT_YET_CONSIDERED" && !form.dutiesRationale) {
      ctx.addIssue({ code: "custom", path: ["dutiesRationale"], message: "Give the rationale for the decision on suspension or restriction" });
    }
  });

export async function updateConductTrack(tx: DbTx, caseId: string, actorId: string, form: z.infer<typeof ConductTrackSchema>) {
  const { version: expected, ...data } = form;
  const current = await tx.conductTrack.findUnique({ where: { caseId }, select: { dutiesDecision: true } });
  const decidedNow = current && current.dutiesDecision !== data.dutiesDecision ? { dutiesDecidedAt: new Date() } : {};
  const updated = await tx.conductTrack.updateMany({
    where: { caseId, version: expected },
    data: { ...data, ...decidedNow, updatedById: actorId, version: { increment: 1 } },
  });
  if (updated.count === 0) throw new ChangeRejected({ form: STALE });
}

// ─── Ownership ───────────────────────────────────────────────────────────────

export const OwnershipSchema = z.object({
  criminalOwnerId: z.string({ error: "Choose who owns the criminal investigation" }).refine(isId, "Choose who owns the criminal investigation"),
  conductOwnerId: z.string({ error: "Choose who owns the conduct investigation" }).refine(isId, "Choose who owns the conduct investigation"),
  rationale: required("Give the rationale for who owns the investigations"),
  otherForceReasons: tickedBoxes(Object.keys(OTHER_FORCE_REASONS) as (keyof typeof OTHER_FORCE_REASONS)[]),
  referToOtherForce: z.enum(["yes", "no"], { error: "Say whether the investigation is referred to another force" }),
  otherForceRationale: required("Give the rationale for the decision on referral to another force"),
});

/** People who may own an investigation: on the case's list with a clear declaration (no unresolved connection). */
export async function eligibleOwners(tx: DbTx, caseId: string) {
  const entries = await tx.caseAccess.findMany({
    where: { caseId, revokedAt: null, declarationState: { in: ["NO_CONNECTION", "CLEARED"] }, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { personId: true, capacity: true, person: { select: { firstName: true, lastName: true, preferredName: true } } },
    orderBy: { grantedAt: "asc" },
  });
  // Someone now above the suspect in line management is no owner, whatever their entry says.
  const seen = await conflictedOnCase(tx, caseId);
  return entries.filter((entry) => !seen.has(entry.personId) && seen.add(entry.personId));
}

export async function recordOwnership(tx: DbTx, caseId: string, actorId: string, form: z.infer<typeof OwnershipSchema>) {
  const eligible = new Set((await eligibleOwners(tx, caseId)).map((entry) => entry.personId));
  const errors: Record<string, string> = {};
  const notClear = "Choose someone on the access list whose declaration shows no unresolved connection";
  if (!eligible.has(form.criminalOwnerId)) errors.criminalOwnerId = notClear;
  if (!eligible.has(form.conductOwnerId)) errors.conductOwnerId = notClear;
  if (Object.keys(errors).length) throw new ChangeRejected(errors);
  await tx.ownershipDecision.create({
    data: {
      caseId,
      criminalOwnerId: form.criminalOwnerId,
      conductOwnerId: form.conductOwnerId,
      rationale: form.rationale,
      otherForceReasons: form.otherForceReasons,
      referToOtherForce: form.referToOtherForce === "yes",
      otherForceRationale: form.otherForceRationale,
      recordedById: actorId,
    },
  });
  await tx.policeSuspectCase.update({ where: { id: caseId }, data: { criminalOwnerId: form.criminalOwnerId, conductOwnerId: form.conductOwnerId } });
}

// ─── The NPCC-directed review ────────────────────────────────────────────────

export const ReviewSchema = z.object({
  directedById: z
    .string({ error: "Choose the nominated NPCC officer who directed the review" })
    .refine(isId, "Choose the nominated NPCC officer who directed the review"),
  riskFactors: required("Write the review of risk factors"),
  publicProtection: required("Write the review of public protection"),
  communityImpact: required("Write the review of community impact"),
  publicConfidence: required("Write the review of public confidence and reassurance"),
  mediaStrategy: required("Write the review of the media strategy"),
});

export async function npccOfficers(tx: DbTx) {
  return tx.person.findMany({
    where: { active: true, roles: { some: { role: "NPCC_OFFICER" } }, force: { isHome: true } },
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
}

/** Records a review, directed by a nominated NPCC officer who is not conflicted on this case. */
export async function recordReview(tx: DbTx, caseId: string, actorId: string, form: z.infer<typeof ReviewSchema>) {
  const officers = await npccOfficers(tx);
  const conflicted = (await conflictedOnCase(tx, caseId)).has(form.directedById);
  if (!officers.some((officer) => officer.id === form.directedById) || conflicted) {
    throw new ChangeRejected({ directedById: "Choose the nominated NPCC officer who directed the review" });
  }
  await tx.investigationReview.create({ data: { caseId, ...form, recordedById: actorId } });
}

// ─── The interested person and their updates ─────────────────────────────────

export const InterestedPersonSchema = z.object({
  agreed: z.literal("on", { error: "Record the victim as an interested person only with their agreement: confirm they agreed" }),
  contact: z.enum(["portal", "work-email"], { error: "Choose how they want to hear of a new update" }),
});

export async function recordInterestedPerson(tx: DbTx, caseId: string, form: z.infer<typeof InterestedPersonSchema>) {
  const record = await tx.policeSuspectCase.findUniqueOrThrow({
    where: { id: caseId },
    select: { victimPersonId: true, victimKind: true, suspectPersonId: true },
  });
  if (record.victimKind !== "EMPLOYEE" || !record.victimPersonId)
    throw new ChangeRejected({ form: "Only a victim who works for this force can be recorded as an interested person." });
  if (record.victimPersonId === record.suspectPersonId) throw new ChangeRejected({ form: "The victim cannot be the suspect." });
  await tx.policeSuspectCase.update({
    where: { id: caseId },
    data: { interestedPersonId: record.victimPersonId, interestedAgreedAt: new Date(), interestedContact: form.contact },
  });
  return record.victimPersonId;
}

export const UpdateSchema = z.object({ body: required("Write the update", 2000) });

/**
 * Publishes an update to the case's interested person: false, and nothing written, if the victim has not been recorded
 * as one. They are told only through the route they chose, and never what the update says.
 */
export async function publishProgressUpdate(tx: DbTx, caseId: string, actorId: string, body: string): Promise<boolean> {
  const record = await tx.policeSuspectCase.findUniqueOrThrow({
    where: { id: caseId },
    select: { interestedPersonId: true, interestedAgreedAt: true, interestedContact: true },
  });
  if (!record.interestedPersonId || !record.interestedAgreedAt) return false;
  await tx.progressUpdate.create({ data: { caseId, body, publishedById: actorId } });
  if (record.interestedContact === "work-email") await notifyPeople(tx, [record.interestedPersonId], "/records");
  return true;
}

/** Closes the case, or opens it again. */
export async function setCaseOpen(tx: DbTx, caseId: string, open: boolean): Promise<void> {
  await tx.policeSuspectCase.update({ where: { id: caseId }, data: open ? { status: "OPEN", closedAt: null } : { status: "CLOSED", closedAt: new Date() } });
}

// ─── What the case's pages show ─────────────────────────────────────────────

/** The criminal track as its page shows it and its form edits it. */
export async function criminalTrackView(tx: DbTx, caseId: string) {
  const track = await tx.criminalTrack.findUniqueOrThrow({ where: { caseId } });
  return {
    crimeReference: track.crimeReference ?? "",
    status: track.status,
    outcome: track.outcome ?? "",
    version: String(track.version),
    updatedAt: track.updatedAt.toISOString(),
  };
}

/** The conduct track as its page shows it and its form edits it. */
export async function conductTrackView(tx: DbTx, caseId: string) {
  const track = await tx.conductTrack.findUniqueOrThrow({ where: { caseId } });
  return {
    matterType: track.matterType,
    assessment: track.assessment ?? "",
    dutiesDecision: track.dutiesDecision,
    dutiesRationale: track.dutiesRationale ?? "",
    dutiesDecidedAt: track.dutiesDecidedAt?.toISOString() ?? "",
    outcome: track.outcome ?? "",
    misconductProceedings: track.misconductProceedings ?? "",
    version: String(track.version),
    updatedAt: track.updatedAt.toISOString(),
  };
}

/** The authorisation that restricted the crime report, if there is one, and who gave it. */
export async function restrictionView(tx: DbTx, caseId: string) {
  const authorisation = await tx.restrictionAuthorisation.findUnique({ where: { caseId } });
  if (!authorisation) return null;
  const by = await tx.person.findUnique({ where: { id: authorisation.authorisedById }, select: { firstName: true, lastName: true, preferredName: true } });
  return {
    crimeReference: authorisation.crimeReference,
    note: authorisation.note,
    at: authorisation.authorisedAt.toISOString(),
    by: by ? addressName(by) : "Unknown",
  };
}

/** The case's progress updates, newest first, as the interested person reads them. */
export async function progressUpdatesView(tx: DbTx, caseId: string) {
  const updates = await tx.progressUpdate.findMany({
    where: { caseId },
    orderBy: { publishedAt: "desc" },
    select: { id: true, body: true, publishedAt: true },
  });
  return updates.map((update) => ({ id: update.id, body: update.body, at: update.publishedAt.toISOString() }));
}

/** People's names by id, as the case's pages address them. */
async function namesOf(tx: DbTx, ids: Iterable<string>): Promise<Map<string, string>> {
  const people = await tx.person.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
  return new Map(people.map((person) => [person.id, addressName(person)]));
}

/** The reviews of the investigation, newest first, and the NPCC officers who may direct one (none conflicted on the case). */
export async function reviewsView(tx: DbTx, caseId: string) {
  const conflicted = await conflictedOnCase(tx, caseId);
  const reviews = await tx.investigationReview.findMany({ where: { caseId }, orderBy: { recordedAt: "desc" } });
  const officers = (await npccOfficers(tx)).filter((officer) => !conflicted.has(officer.id));
  const name = await namesOf(
    tx,
    reviews.flatMap((review) => [review.directedById, review.recordedById]),
  );
  return {
    officers: officers.map((officer) => ({ value: officer.id, label: addressName(officer) })),
    reviews: reviews.map((review) => ({
      ...review,
      directedBy: name.get(review.directedById) ?? "Unknown",
      recordedBy: name.get(review.recordedById) ?? "Unknown",
    })),
  };
}

/** The ownership decisions, newest first, and who may be made an owner. */
export async function ownershipView(tx: DbTx, caseId: string) {
  const decisions = await tx.ownershipDecision.findMany({ where: { caseId }, orderBy: { recordedAt: "desc" } });
  const owners = await eligibleOwners(tx, caseId);
  const name = await namesOf(
    tx,
    decisions.flatMap((d) => [d.criminalOwnerId, d.conductOwnerId, d.recordedById]),
  );
  return {
    owners: owners.map((owner) => ({ value: owner.personId, label: addressName(owner.person) })),
    decisions: decisions.map((decision) => ({
      ...decision,
      criminalOwner: name.get(decision.criminalOwnerId) ?? "Unknown",
      conductOwner: name.get(decision.conductOwnerId) ?? "Unknown",
      by: name.get(decision.recordedById) ?? "Unknown",
    })),
  };
}

/** The victim as an interested person: whether they can be one, whether they agreed and how they hear of updates. */
export async function interestedPersonView(tx: DbTx, caseId: string) {
  const record = await tx.policeSuspectCase.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      victimKind: true,
      interestedAgreedAt: true,
      interestedContact: true,
      victimPerson: { select: { firstName: true, lastName: true, preferredName: true } },
    },
  });
  return {
    victimIsEmployee: record.victimKind === "EMPLOYEE" && record.victimPerson !== null,
    victimName: record.victimPerson ? addressName(record.victimPerson) : null,
    recorded: record.interestedAgreedAt
      ? { at: record.interestedAgreedAt.toISOString(), contact: record.interestedContact === "work-email" ? "Work email (content-free)" : "In the portal only" }
      : null,
    updates: await progressUpdatesView(tx, caseId),
  };
}
