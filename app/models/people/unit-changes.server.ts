// What the administration pages do to units, through the guard. A unit's name and kind change at once; its commander
// (who receives referral notices about the unit's staff) waits for a second administrator, as a line manager does.
// See docs/decisions/023-four-eyes-on-privilege.md.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { auditRefusal, can, changeWithAudit } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { ChangeRejected } from "~/utils/forms";
import { kickOutbox } from "~/utils/outbox.server";
import { createProposals, type CreatedProposal } from "./proposal.server";
import { checkUnitForm, createUnit, updateUnit, type EditUnitFormSchema, type NewUnitFormSchema, type UnitRecord } from "./unit.server";

export const OWN_COMMAND_MESSAGE = "You cannot make yourself a unit's commander, or remove yourself as one. Ask another administrator to propose it.";

/** The proposal for a new commander (about the new commander, or the one removed); refused on one's own command. */
async function proposeCommander(
  context: RequestContext,
  tx: DbTx,
  form: { commanderId: string | null },
  change: { unitId: string; from: string | null; to: string | null },
): Promise<CreatedProposal[]> {
  const { unitId, from, to } = change;
  if (from === to) return [];
  const personId = (to ?? from) as string;
  if (!can(context.ability, "create", "PersonChangeProposal", { personId })) {
    throw new ChangeRejected({ [form.commanderId ? "commanderId" : "commanderEmail"]: OWN_COMMAND_MESSAGE });
  }
  return createProposals(tx, personId, context.actor.id, [{ kind: "UNIT_COMMANDER", unitId, from, to }]);
}

/** Runs a unit change; a refusal to change one's own command is explained and audited (REFUSED). */
async function withOwnCommandRefusal<T>(context: RequestContext, subjectId: string, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ChangeRejected && Object.values(error.errors).includes(OWN_COMMAND_MESSAGE)) {
      await auditRefusal(context, { action, model: "Unit", subjectId, reason: "cannot change your own command" });
    }
    throw error;
  }
}

/**
 * Adds a unit with no commander: a commander asked for waits as a proposal. Throws ChangeRejected (nothing written)
 * for what the administrator can fix; refused (audited, 403) without the right to add units.
 */
export async function addUnit(context: RequestContext, form: z.infer<typeof NewUnitFormSchema>): Promise<{ id: string; proposed: number }> {
  const id = randomUUID();
  const result = await withOwnCommandRefusal(context, id, "unit.create", () =>
    changeWithAudit(
      context,
      { action: "create", model: "Unit", subjectId: id },
      async (tx) => {
        const data = await checkUnitForm(tx, form, form.forceId, null);
        await createUnit(tx, id, form.forceId, { ...data, commanderId: null });
        return proposeCommander(context, tx, form, { unitId: id, from: null, to: data.commanderId });
      },
      { action: "unit.create", details: (proposals) => ({ proposals: proposals.map((proposal) => proposal.id) }) },
    ),
  );
  kickOutbox();
  return { id, proposed: result.length };
}

/** Saves a unit: its name and kind at once, a new commander as a proposal for a second administrator. */
export async function saveUnit(context: RequestContext, current: UnitRecord, form: z.infer<typeof EditUnitFormSchema>): Promise<{ proposed: number }> {
  const changed = [form.name !== current.name ? "name" : null, form.kind !== current.kind ? "kind" : null].filter((field): field is string => field !== null);
  const result = await withOwnCommandRefusal(context, current.id, "unit.update", () =>
    changeWithAudit(
      context,
      { action: "update", model: "Unit", record: current, subjectId: current.id, fields: changed.length > 0 ? changed : undefined },
      async (tx) => {
        const wanted = await checkUnitForm(tx, form, current.forceId, current.id, current.commanderId);
        await updateUnit(tx, current.id, form.version, { ...wanted, commanderId: current.commanderId });
        return proposeCommander(context, tx, form, { unitId: current.id, from: current.commanderId, to: wanted.commanderId });
      },
      { action: "unit.update", details: (proposals) => ({ changed, ...(proposals.length ? { proposals: proposals.map((proposal) => proposal.id) } : {}) }) },
    ),
  );
  kickOutbox();
  return { proposed: result.length };
}
