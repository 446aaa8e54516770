// Four eyes on privilege: proposals to change someone's roles, rank, unit, line manager or work email, stored until a
// second administrator approves or refuses them. Functions take the transaction the guard opened; approval applies the
// change in that transaction, only if the record is still as the proposer saw it. See docs/decisions/023.
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import { accessChange } from "#emails/index";
import { afterOrganisationChange } from "~/models/cases/lapsed-access.server";
import { applySecondFactorReset } from "~/auth/second-factor/reset.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { ProposalStatus, Role } from "~/generated/prisma/enums";
import { RANK_LABELS } from "~/models/people/rank";
import { ROLE_LABELS } from "~/models/people/roles";
import { fullName } from "~/utils/names";
import { queueMails } from "~/utils/outbox.server";
import { managementChain } from "./person.server";
import { deriveEmployment, lineManagerProblem } from "./person-rules";
import { fromStored, supersedes, toStored, type ProposedChange } from "./proposal-rules";

type ProposalScope = Prisma.PersonChangeProposalWhereInput;

export interface CreatedProposal {
  id: string;
  kind: ProposedChange["kind"];
}

/**
 * Stores the proposals of one save, each replacing an older pending proposal on the same field (or role) of the same
 * person, and tells PSD and the other administrators (content-free).
 */
export async function createProposals(tx: DbTx, personId: string, proposedById: string, changes: readonly ProposedChange[]): Promise<CreatedProposal[]> {
  if (changes.length === 0) return [];
  const pending = await tx.personChangeProposal.findMany({ where: { personId, status: "PENDING" }, select: { id: true, kind: true, change: true } });
  const replaced = pending.filter((old) => changes.some((change) => supersedes(change, fromStored(old.kind, old.change))));
  if (replaced.length > 0) {
    await tx.personChangeProposal.updateMany({
      where: { id: { in: replaced.map((old) => old.id) }, status: "PENDING" },
      data: { status: "SUPERSEDED", decidedAt: new Date(), reason: "replaced by a newer proposal" },
    });
  }
  const created: CreatedProposal[] = [];
  for (const change of changes) {
    const stored = toStored(change);
    const row = await tx.personChangeProposal.create({
      data: { personId, proposedById, kind: stored.kind, change: stored.change as Prisma.InputJsonValue },
      select: { id: true },
    });
    created.push({ id: row.id, kind: change.kind });
  }
  await notifyAccessChange(tx, "proposed", [proposedById, personId]);
  return created;
}

/**
 * Mails PSD (and, for a new proposal, the administrators who may decide it) that a change to someone's access was
 * proposed or decided: no name, no change, only a link into the portal.
 */
export async function notifyAccessChange(tx: DbTx, state: "proposed" | "approved" | "refused", exceptPersonIds: readonly string[]): Promise<void> {
  const roles: Role[] = state === "proposed" ? [...PSD_ROLES, "ADMINISTRATOR"] : [...PSD_ROLES];
  const people = await tx.person.findMany({
    where: { active: true, id: { notIn: [...exceptPersonIds] }, roles: { some: { role: { in: roles } } } },
    select: { workEmail: true, roles: { select: { role: true } } },
    orderBy: { id: "asc" },
  });
  await queueMails(
    tx,
    people.map((person) => {
      const psd = person.roles.some((assignment) => (PSD_ROLES as readonly Role[]).includes(assignment.role));
      return { to: person.workEmail, mail: accessChange({ state, link: psd ? "/audit" : "/admin/changes" }) };
    }),
  );
}

// ─── Reading ───────────────────────────────────────────────────────────────────

const proposalSelect = {
  id: true,
  personId: true,
  kind: true,
  change: true,
  status: true,
  proposedById: true,
  proposedAt: true,
  decidedAt: true,
  reason: true,
  person: { select: { firstName: true, lastName: true, preferredName: true, workEmail: true } },
  proposedBy: { select: { firstName: true, lastName: true, preferredName: true } },
  decidedBy: { select: { firstName: true, lastName: true, preferredName: true } },
} as const satisfies Prisma.PersonChangeProposalSelect;

type ProposalRow = Prisma.PersonChangeProposalGetPayload<{ select: typeof proposalSelect }>;

export interface ProposalView {
  id: string;
  personId: string;
  personName: string;
  personEmail: string;
  change: string;
  status: ProposalStatus;
  proposedById: string;
  proposedBy: string;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

/** Proposals in the caller's scope: pending ones first (oldest first), then the latest decided. */
export async function listProposals(tx: DbTx, scope: ProposalScope, options: { personId?: string; decidedLimit: number }): Promise<ProposalView[]> {
  const about = options.personId ? { personId: options.personId } : {};
  const pending = await tx.personChangeProposal.findMany({
    where: { AND: [scope, about, { status: "PENDING" }] },
    select: proposalSelect,
    orderBy: [{ proposedAt: "asc" }, { proposedSeq: "asc" }],
    take: 200,
  });
  const decided =
    options.decidedLimit > 0
      ? await tx.personChangeProposal.findMany({
          where: { AND: [scope, about, { status: { not: "PENDING" } }] },
          select: proposalSelect,
          orderBy: [{ decidedAt: "desc" }, { proposedSeq: "asc" }],
          take: options.decidedLimit,
        })
      : [];
  return describeProposals(tx, [...pending, ...decided]);
}

/** The words for each change, with the names of the units, managers and grades it refers to. */
async function describeProposals(tx: DbTx, rows: ProposalRow[]): Promise<ProposalView[]> {
  const changes = rows.map((row) => fromStored(row.kind, row.change));
  const ids = (kind: "UNIT" | "LINE_MANAGER" | "UNIT_COMMANDER") =>
    changes.flatMap((change) => (change.kind === kind ? [change.from, change.to] : [])).filter((id): id is string => id !== null);
  const unitIds = [...ids("UNIT"), ...changes.flatMap((change) => (change.kind === "UNIT_COMMANDER" ? [change.unitId] : []))];
  const units = new Map((await tx.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true } })).map((unit) => [unit.id, unit.name]));
  const managers = new Map(
    (
      await tx.person.findMany({
        where: { id: { in: [...ids("LINE_MANAGER"), ...ids("UNIT_COMMANDER")] } },
        select: { id: true, firstName: true, lastName: true, preferredName: true },
      })
    ).map((person) => [person.id, fullName(person)]),
  );
  const grades = new Map((await tx.staffGrade.findMany({ select: { code: true, title: true } })).map((grade) => [grade.code, grade.title]));
  const employment = (facts: { rank: string | null; staffGradeCode: string | null }) =>
    facts.rank ? (RANK_LABELS[facts.rank as keyof typeof RANK_LABELS] ?? facts.rank) : (grades.get(facts.staffGradeCode ?? "") ?? "a staff grade");
  const describe = (change: ProposedChange): string => {
    switch (change.kind) {
      case "ROLE_GRANT":
        return `Give the role ${ROLE_LABELS[change.role]}`;
      case "EMPLOYMENT":
        return `Change rank or grade from ${employment(change.from)} to ${employment(change.to)}`;
      case "UNIT":
        return `Move from ${change.from ? (units.get(change.from) ?? "a unit since removed") : "no unit"} to ${change.to ? (units.get(change.to) ?? "a unit since removed") : "no unit"}`;
      case "LINE_MANAGER":
        return `Change line manager from ${change.from ? (managers.get(change.from) ?? "someone since removed") : "nobody"} to ${change.to ? (managers.get(change.to) ?? "someone since removed") : "nobody"}`;
      case "WORK_EMAIL":
        return `Change work email from ${change.from} to ${change.to}`;
      case "SECOND_FACTOR_RESET":
        return "Reset their second factor (authenticator app and recovery codes): they set it up again at their next sign-in";
      case "UNIT_COMMANDER":
        return `Change the commander of ${units.get(change.unitId) ?? "a unit since removed"} from ${change.from ? (managers.get(change.from) ?? "someone since removed") : "nobody"} to ${change.to ? (managers.get(change.to) ?? "someone since removed") : "nobody"}`;
    }
  };
  return rows.map((row, index) => ({
    id: row.id,
    personId: row.personId,
    personName: fullName(row.person),
    personEmail: row.person.workEmail,
    change: describe(changes[index] as ProposedChange),
    status: row.status,
    proposedById: row.proposedById,
    proposedBy: fullName(row.proposedBy),
    proposedAt: row.proposedAt,
    decidedBy: row.decidedBy ? fullName(row.decidedBy) : null,
    decidedAt: row.decidedAt,
    reason: row.reason,
  }));
}

export interface LockedProposal {
  id: string;
  personId: string;
  proposedById: string;
  status: ProposalStatus;
  change: ProposedChange;
}

/** The proposal, locked until the decision commits (so two administrators cannot both decide it), or null. */
export async function lockProposal(tx: DbTx, id: string): Promise<LockedProposal | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id"::text AS "id" FROM "person_change_proposal" WHERE "id" = ${id}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  const row = await tx.personChangeProposal.findUnique({
    where: { id },
    select: { id: true, personId: true, proposedById: true, status: true, kind: true, change: true },
  });
  if (!row) return null;
  return { id: row.id, personId: row.personId, proposedById: row.proposedById, status: row.status, change: fromStored(row.kind, row.change) };
}

export async function proposalExists(tx: DbTx, id: string): Promise<boolean> {
  return (await tx.personChangeProposal.count({ where: { id } })) > 0;
}

export function findProposal(tx: DbTx, where: ProposalScope) {
  return tx.personChangeProposal.findFirst({ where, select: { id: true, personId: true, proposedById: true, status: true } });
}

// ─── Deciding ──────────────────────────────────────────────────────────────────

export type DecisionOutcome = "approved" | "refused" | "withdrawn" | "stale";

export const STALE_PROPOSAL_MESSAGE =
  "The person's record changed after this was proposed, so it was not applied and is marked as superseded. Propose the change again if it is still wanted.";

function decide(tx: DbTx, proposal: LockedProposal, status: ProposalStatus, deciderId: string | null, reason: string | null) {
  return tx.personChangeProposal.update({
    where: { id: proposal.id },
    data: { status, decidedById: deciderId, decidedAt: new Date(), reason },
    select: { id: true },
  });
}

/**
 * Applies an approved proposal to the person's record, in the decision's transaction, if the record is still what the
 * proposer saw (`from`) and the change is still possible (a manager still active, no loop, a unit still there);
 * otherwise marks it superseded and changes nothing else.
 */
export async function approveProposal(tx: DbTx, proposal: LockedProposal, deciderId: string, reason: string | null): Promise<DecisionOutcome> {
  const applied = await applyChange(tx, proposal, deciderId);
  if (!applied) {
    await decide(tx, proposal, "SUPERSEDED", deciderId, "the record changed after it was proposed");
    return "stale";
  }
  // A new manager, unit, rank, role or command may put someone above a suspect: PSD is told, in this transaction (ADR 024).
  await afterOrganisationChange(tx, peopleConcerned(proposal.change, proposal.personId), { actorId: deciderId });
  await decide(tx, proposal, "APPROVED", deciderId, reason);
  await notifyAccessChange(tx, "approved", [deciderId, proposal.personId]);
  return "approved";
}

export async function refuseProposal(tx: DbTx, proposal: LockedProposal, deciderId: string, reason: string | null): Promise<DecisionOutcome> {
  await decide(tx, proposal, "REFUSED", deciderId, reason);
  await notifyAccessChange(tx, "refused", [deciderId, proposal.personId]);
  return "refused";
}

export async function withdrawProposal(tx: DbTx, proposal: LockedProposal): Promise<DecisionOutcome> {
  await decide(tx, proposal, "WITHDRAWN", proposal.proposedById, "withdrawn by the proposer");
  return "withdrawn";
}

function peopleConcerned(change: ProposedChange, personId: string): string[] {
  if (change.kind !== "UNIT_COMMANDER") return [personId];
  return [...new Set([personId, change.from, change.to].filter((id): id is string => id !== null))];
}

/** A unit's new commander, if the unit's commander is still `from` and the new one is an active person of its force. */
async function applyCommanderChange(tx: DbTx, change: Extract<ProposedChange, { kind: "UNIT_COMMANDER" }>): Promise<boolean> {
  await tx.$queryRaw`SELECT 1 FROM "unit" WHERE "id" = ${change.unitId}::uuid FOR UPDATE`;
  const unit = await tx.unit.findUnique({ where: { id: change.unitId }, select: { forceId: true, commanderId: true } });
  if (!unit || unit.commanderId !== change.from) return false;
  if (change.to) {
    const commander = await tx.person.findUnique({ where: { id: change.to }, select: { forceId: true, active: true } });
    if (!commander || !commander.active || commander.forceId !== unit.forceId) return false;
  }
  await tx.unit.update({ where: { id: change.unitId }, data: { commanderId: change.to, version: { increment: 1 } }, select: { id: true } });
  return true;
}

async function applyChange(tx: DbTx, proposal: LockedProposal, deciderId: string): Promise<boolean> {
  if (proposal.change.kind === "UNIT_COMMANDER") return applyCommanderChange(tx, proposal.change);
  if (proposal.change.kind === "SECOND_FACTOR_RESET") return applySecondFactorReset(tx, proposal.personId, proposal.change.from);
  const personId = proposal.personId;
  await tx.$queryRaw`SELECT 1 FROM "person" WHERE "id" = ${personId}::uuid FOR UPDATE`;
  const person = await tx.person.findUnique({
    where: { id: personId },
    select: { forceId: true, employeeType: true, rank: true, staffGradeCode: true, unitId: true, lineManagerId: true, workEmail: true, active: true },
  });
  if (!person) return false;
  const change = proposal.change;
  const bump = { version: { increment: 1 } };
  switch (change.kind) {
    case "ROLE_GRANT":
      await tx.roleAssignment.createMany({ data: [{ personId, role: change.role, grantedById: deciderId }], skipDuplicates: true });
      await tx.person.update({ where: { id: personId }, data: bump, select: { id: true } });
      return true;
    case "EMPLOYMENT": {
      const from = change.from;
      if (person.employeeType !== from.employeeType || person.rank !== from.rank || person.staffGradeCode !== from.staffGradeCode) return false;
      const grade = change.to.staffGradeCode
        ? await tx.staffGrade.findUnique({ where: { code: change.to.staffGradeCode }, select: { code: true, equivalentRank: true } })
        : null;
      if (change.to.employeeType === "STAFF" && !grade) return false;
      if (change.to.employeeType === "OFFICER" && !change.to.rank) return false;
      const employment = deriveEmployment({ employeeType: change.to.employeeType, rank: change.to.rank, staffGrade: grade });
      await tx.person.update({
        where: { id: personId },
        data: { ...employment, collarNumber: employment.employeeType === "STAFF" ? null : undefined, ...bump },
        select: { id: true },
      });
      return true;
    }
    case "UNIT": {
      if (person.unitId !== change.from) return false;
      if (change.to) {
        const unit = await tx.unit.findUnique({ where: { id: change.to }, select: { forceId: true } });
        if (!unit || unit.forceId !== person.forceId) return false;
      }
      await tx.person.update({ where: { id: personId }, data: { unitId: change.to, ...bump }, select: { id: true } });
      return true;
    }
    case "LINE_MANAGER": {
      if (person.lineManagerId !== change.from) return false;
      if (change.to) {
        const manager = await tx.person.findUnique({ where: { id: change.to }, select: { forceId: true, active: true } });
        if (!manager || !manager.active || manager.forceId !== person.forceId) return false;
        if (lineManagerProblem(personId, change.to, await managementChain(tx, change.to)) !== null) return false;
      }
      await tx.person.update({ where: { id: personId }, data: { lineManagerId: change.to, ...bump }, select: { id: true } });
      return true;
    }
    case "WORK_EMAIL": {
      if (person.workEmail !== change.from) return false;
      if ((await tx.person.count({ where: { workEmail: change.to, id: { not: personId } } })) > 0) return false;
      await tx.person.update({ where: { id: personId }, data: { workEmail: change.to, ...bump }, select: { id: true } });
      // A set-up link sent to the old address must not outlive the change.
      await tx.accountSetupLink.updateMany({ where: { personId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
      return true;
    }
  }
}
