// What the administration pages do to people, through the guard: add a person (their roles wait for a second
// administrator, their password is theirs to choose), save a person (what widens access waits as proposals), send a
// set-up link, and decide proposals. See docs/decisions/023-four-eyes-on-privilege.md.
import { auditRefusal, can, changeDecidedInTransaction, changeWithAudit, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { issueSetupLink } from "~/auth/account-setup.server";
import { currentEnrolment } from "~/auth/second-factor/reset.server";
import { kickOutbox } from "~/utils/outbox.server";
import { ChangeRejected } from "~/utils/forms";
import { checkPersonForm, createPerson, updatePerson, changedPersonFields, type PersonRecord } from "./person.server";
import type { PersonForm } from "./person-form";
import { roleChanges } from "./person-rules";
import { heldBackOnCreation } from "./new-account.server";
import { PROPOSED_FIELDS, proposedChanges } from "./proposal-rules";
import {
  approveProposal,
  createProposals,
  findProposal,
  listProposals,
  lockProposal,
  refuseProposal,
  withdrawProposal,
  type DecisionOutcome,
} from "./proposal.server";

export const OWN_PRIVILEGE_MESSAGE =
  "You cannot change your own roles, rank, unit, line manager or work email. Ask another administrator to propose the change.";

/**
 * Adds a person with no role and no password: the roles asked for, a rank or grade of inspector level or above, the
 * unit and the line manager wait as proposals (the account starts at constable level, in no unit, with no manager), and
 * a set-up link goes to them.
 */
export async function addPerson(context: RequestContext, id: string, form: PersonForm): Promise<{ proposed: number }> {
  const roles = roleChanges([], form.roles).add;
  const result = await changeWithAudit(
    context,
    { action: "create", model: "Person", subjectId: id },
    async (tx) => {
      const { start, changes } = await heldBackOnCreation(tx, await checkPersonForm(tx, form, null));
      await createPerson(tx, id, start, [], context.actor.id);
      const proposals = await createProposals(tx, id, context.actor.id, [...roles.map((role) => ({ kind: "ROLE_GRANT" as const, role })), ...changes]);
      const link = await issueSetupLink(tx, id, context.actor.id);
      return { proposals, linkId: link?.id ?? null };
    },
    {
      action: "person.create",
      details: (result) => ({ rolesProposed: roles, proposals: result.proposals.map((proposal) => proposal.id), setupLinkSent: result.linkId !== null }),
    },
  );
  kickOutbox();
  return { proposed: result.proposals.length };
}

/**
 * Saves an administrator's edit of a person. Names, pronouns, collar number and whether the account is active change
 * at once, and so does a role taken away (that narrows access); a role given, a rank or grade, a unit, a line manager
 * or a work email wait as proposals for a second administrator. Nobody may change these on their own record: refused
 * with a message, and audited.
 */
export async function savePerson(context: RequestContext, current: PersonRecord, form: PersonForm & { version: number }): Promise<{ proposed: number }> {
  const id = current.id;
  const currentRoles = current.roles.map((assignment) => assignment.role);
  // Roles change only when the checkboxes were on the form (on one's own record they are shown disabled).
  const changes = form.rolesEditable ? roleChanges(currentRoles, form.roles) : { add: [], remove: [] };
  const changed = changedPersonFields(current, form);
  const ownPrivilege =
    changed.some((field) => !can(context.ability, "update", "Person", current, field)) ||
    [...changes.add, ...changes.remove].some(
      (role) => !can(context.ability, changes.add.includes(role) ? "create" : "update", "RoleAssignment", { personId: id, role }),
    );
  if (ownPrivilege) {
    await auditRefusal(context, {
      action: "person.update",
      model: "Person",
      subjectId: id,
      reason: "cannot change your own roles, rank, unit or line manager",
      details: { changed, ...(changes.add.length ? { rolesAdded: changes.add } : {}), ...(changes.remove.length ? { rolesRemoved: changes.remove } : {}) },
    });
    throw new ChangeRejected({ form: OWN_PRIVILEGE_MESSAGE });
  }
  const immediate = changed.filter((field) => !(PROPOSED_FIELDS as readonly string[]).includes(field));
  const result = await changeWithAudit(
    context,
    { action: "update", model: "Person", record: current, subjectId: id, fields: immediate.length > 0 ? immediate : undefined },
    async (tx) => {
      const wanted = await checkPersonForm(tx, form, id, current.lineManagerId);
      const proposals = proposedChanges(
        { ...current, lineManagerId: current.lineManagerId, workEmail: current.workEmail },
        {
          ...wanted,
          staffGradeCode: wanted.staffGradeCode ?? null,
          rank: wanted.rank ?? null,
          unitId: wanted.unitId ?? null,
          lineManagerId: wanted.lineManagerId ?? null,
        },
        changes.add,
      );
      if (proposals.length > 0 && !can(context.ability, "create", "PersonChangeProposal", { personId: id }))
        throw new ChangeRejected({ form: OWN_PRIVILEGE_MESSAGE });
      // What waits for approval keeps its present value until then.
      const kept = {
        ...wanted,
        employeeType: current.employeeType,
        rank: current.rank,
        staffGradeCode: current.staffGradeCode,
        level: current.level,
        collarNumber: current.employeeType === "STAFF" ? null : wanted.collarNumber,
        unitId: current.unitId,
        lineManagerId: current.lineManagerId,
        workEmail: current.workEmail,
      };
      const saved = await updatePerson(tx, id, form.version, kept, { add: [], remove: changes.remove }, context.actor.id);
      return { ...saved, proposals: await createProposals(tx, id, context.actor.id, proposals) };
    },
    {
      action: "person.update",
      details: (result) => ({
        changed: immediate,
        ...(changes.remove.length ? { rolesRemoved: changes.remove } : {}),
        ...(result.proposals.length ? { proposals: result.proposals } : {}),
        ...(current.active && !form.active ? { deactivated: true, sessionsEnded: true } : {}),
      }),
    },
  );
  kickOutbox();
  return { proposed: result.proposals.length };
}

export const HAS_PASSWORD_MESSAGE = "They have already chosen a password, so no set-up link can be sent. If they forgot it, ask the IT service desk.";

/** Sends the person a new set-up link (the old one stops working). Only for someone who has not chosen a password. */
export async function sendSetupLink(context: RequestContext, current: PersonRecord): Promise<void> {
  if (current.credential) throw new ChangeRejected({ form: HAS_PASSWORD_MESSAGE });
  await changeWithAudit(
    context,
    { action: "update", model: "Person", record: current, subjectId: current.id, fields: ["workEmail"] },
    async (tx) => {
      const link = await issueSetupLink(tx, current.id, context.actor.id);
      if (!link) throw new ChangeRejected({ form: HAS_PASSWORD_MESSAGE });
      return link;
    },
    { action: "account.setup_link", details: (link) => ({ linkId: link.id, expiresAt: link.expiresAt.toISOString() }) },
  );
  kickOutbox();
}

// ─── Proposals ─────────────────────────────────────────────────────────────────

/** The proposals page: pending proposals and the latest decided, each with what this administrator may do with it. */
export async function loadProposals(context: RequestContext, options: { personId?: string; decidedLimit: number }) {
  const rows = await listAccessible(context, "PersonChangeProposal", (tx, scope) => listProposals(tx, scope, options), { purpose: "privilege proposals" });
  return rows.map((row) => ({
    ...row,
    mayDecide: row.status === "PENDING" && can(context.ability, "decide", "PersonChangeProposal", row),
    mayWithdraw: row.status === "PENDING" && can(context.ability, "withdraw", "PersonChangeProposal", row),
  }));
}

export const OWN_PROPOSAL_MESSAGE = "You proposed this change, so another administrator must decide it.";
export const ABOUT_YOU_MESSAGE = "This change is about you, so another administrator must decide it.";

/**
 * Approves, refuses or withdraws a proposal. The proposer (or the person it is about) trying to decide it is refused
 * with a message and audited; the decision itself is taken on the locked proposal inside the transaction that applies
 * it and writes its audit row, so a proposal already decided, or decided by its proposer through a forged form, is
 * "not found".
 */
export async function decideProposal(
  context: RequestContext,
  id: string,
  decision: "approve" | "refuse" | "withdraw",
  reason: string | null,
): Promise<DecisionOutcome> {
  const action = decision === "withdraw" ? "withdraw" : "decide";
  if (action === "decide") {
    const seen = await listAccessible(context, "PersonChangeProposal", async (tx, scope) => {
      const row = await findProposal(tx, { AND: [scope, { id }] });
      return row ? [row] : [];
    });
    const own = seen[0] && seen[0].proposedById === context.actor.id;
    const aboutThem = seen[0] && seen[0].personId === context.actor.id;
    if (own || aboutThem) {
      await auditRefusal(context, {
        action: `privilege.${decision}`,
        model: "PersonChangeProposal",
        subjectId: id,
        reason: own ? "the proposer cannot decide their own proposal" : "the person concerned cannot decide a change about them",
      });
      throw new ChangeRejected({ form: own ? OWN_PROPOSAL_MESSAGE : ABOUT_YOU_MESSAGE });
    }
  }
  const outcome = await changeDecidedInTransaction(context, {
    action,
    model: "PersonChangeProposal",
    load: (tx) => lockProposal(tx, id),
    alsoRequires: (proposal) => proposal.status === "PENDING",
    change: (tx, proposal) =>
      decision === "approve"
        ? approveProposal(tx, proposal, context.actor.id, reason)
        : decision === "refuse"
          ? refuseProposal(tx, proposal, context.actor.id, reason)
          : withdrawProposal(tx, proposal),
    audit: {
      action: `privilege.${decision}`,
      subjectId: () => id,
      details: (result) => ({ outcome: result, ...(reason ? { reasonGiven: true } : {}) }),
      refusedBecause: "not theirs to decide, or no longer pending",
      refusalDetails: { proposalId: id },
    },
  });
  kickOutbox();
  return outcome;
}

// ─── Second factor ─────────────────────────────────────────────────────────────

export const OWN_SECOND_FACTOR_MESSAGE = "You cannot reset your own second factor. Ask another administrator.";
export const NO_SECOND_FACTOR_MESSAGE = "They have no second factor to reset.";

/**
 * Proposes resetting someone's second factor (they lost their phone and their recovery codes): a second administrator
 * must approve it, PSD is told, and nobody proposes it for themselves (refused with a message, and audited).
 */
export async function proposeSecondFactorReset(context: RequestContext, current: PersonRecord): Promise<void> {
  if (!can(context.ability, "create", "PersonChangeProposal", { personId: current.id })) {
    await auditRefusal(context, { action: "second_factor.reset", model: "Person", subjectId: current.id, reason: "cannot propose a change about yourself" });
    throw new ChangeRejected({ form: OWN_SECOND_FACTOR_MESSAGE });
  }
  await changeWithAudit(
    context,
    { action: "create", model: "PersonChangeProposal", record: { personId: current.id }, subjectId: current.id },
    async (tx) => {
      const enrolledAt = await currentEnrolment(tx, current.id);
      if (!enrolledAt) throw new ChangeRejected({ form: NO_SECOND_FACTOR_MESSAGE });
      return createProposals(tx, current.id, context.actor.id, [{ kind: "SECOND_FACTOR_RESET", from: enrolledAt }]);
    },
    { action: "second_factor.reset", details: (proposals) => ({ proposals: proposals.map((proposal) => proposal.id) }) },
  );
  kickOutbox();
}
