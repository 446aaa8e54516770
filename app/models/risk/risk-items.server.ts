// The tracked risk items of a support request, read and worked through the guard: the threat-to-life decision (an
// inspector or above), the MARAC referral (listing, actions, outcome), the IDVA's answer and first contact. Each
// change is decided on the request (through the scope of its action), done and audited in one transaction; an item
// is reached only through a request the person may act on (docs/features/risk-escalation.md).
import type { z } from "zod";
import type { Action } from "#policies/subjects";
import { changeAccessible, readAccessible, readPart } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { LEVEL } from "~/models/people/rank";
import { referralNow } from "~/models/referrals/timing.server";
import { requestExists, requestInHand, SUBJECT } from "~/models/support-request/record.server";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import {
  addMaracActionOn,
  decideThreatToLifeOn,
  itemsOf,
  listMaracOn,
  recordFirstContactOn,
  recordIdvaAnswerOn,
  recordMaracOutcomeOn,
  type IdvaAnswerSchema,
  type ItemActor,
  type ItemOnlySchema,
  type MaracActionSchema,
  type MaracListingSchema,
  type MaracOutcomeSchema,
  type ThreatToLifeSchema,
} from "./item-changes.server";
import { ITEM_RULES } from "./item-rules";

export { IdvaAnswerSchema, ItemOnlySchema, MaracActionSchema, MaracListingSchema, MaracOutcomeSchema, ThreatToLifeSchema } from "./item-changes.server";

export const BELOW_INSPECTOR = "A threat-to-life decision is made by a duty inspector of the rank of inspector or above.";

function workItem<T>(context: RequestContext, requestId: string, action: Action, auditAction: string, change: (tx: DbTx, actor: ItemActor) => Promise<T>) {
  return changeAccessible(
    context,
    requestInHand(requestId, action),
    async (tx, request) => {
      if (request.status === "CLOSED") throw new ChangeRejected({ form: "This request is closed." });
      return change(tx, { id: context.actor.id, now: referralNow() });
    },
    { action: auditAction, details: (done) => done as Record<string, unknown> },
  );
}

/**
 * The duty inspector's threat-to-life decision: assessment done or not, with the rationale, and when. Someone below
 * the rank of inspector is refused with a plain message (and the rules give them no such right either).
 */
export async function decideThreatToLife(context: RequestContext, requestId: string, form: z.infer<typeof ThreatToLifeSchema>) {
  if (context.actor.level < LEVEL.INSPECTOR) throw new ChangeRejected({ form: BELOW_INSPECTOR });
  return workItem(context, requestId, "decideThreatToLife", "risk.threat-to-life", (tx, actor) => decideThreatToLifeOn(tx, { requestId }, form, actor));
}

/** Lists the MARAC referral for a meeting: its outcome is then due the working day after the meeting. */
export function listMarac(context: RequestContext, requestId: string, form: z.infer<typeof MaracListingSchema>) {
  return workItem(context, requestId, "manageMarac", "risk.marac.list", (tx, actor) => listMaracOn(tx, { requestId }, form, actor));
}

export function addMaracAction(context: RequestContext, requestId: string, form: z.infer<typeof MaracActionSchema>) {
  return workItem(context, requestId, "manageMarac", "risk.marac.action", (tx, actor) => addMaracActionOn(tx, { requestId }, form, actor));
}

export function recordMaracOutcome(context: RequestContext, requestId: string, form: z.infer<typeof MaracOutcomeSchema>) {
  return workItem(context, requestId, "manageMarac", "risk.marac.outcome", (tx, actor) => recordMaracOutcomeOn(tx, { requestId }, form, actor));
}

export function recordIdvaAnswer(context: RequestContext, requestId: string, form: z.infer<typeof IdvaAnswerSchema>) {
  return workItem(context, requestId, "manageIdva", "risk.idva", (tx, actor) => recordIdvaAnswerOn(tx, { requestId }, form, actor));
}

/** The supporter records first contact with the person (medium risk): the deadline is met. */
export function recordFirstContact(context: RequestContext, requestId: string, form: z.infer<typeof ItemOnlySchema>) {
  return workItem(context, requestId, "work", "risk.first-contact", (tx, actor) => recordFirstContactOn(tx, { requestId }, form, actor));
}

const ITEM_ACTIONS = ["decideThreatToLife", "manageMarac", "manageIdva", "work"] as const;
type ItemAction = (typeof ITEM_ACTIONS)[number];

/** The request's tracked items (open first, then closed), and what the person may do with them. Audited as one read. */
export async function requestRiskItems(context: RequestContext, requestId: string) {
  if (!isId(requestId)) notFound();
  const now = referralNow();
  return readAccessible(context, {
    model: SUBJECT,
    id: requestId,
    action: "readRiskItems",
    find: async (tx, where) => {
      const request = await tx.supportRequest.findFirst({ where, select: { id: true, status: true } });
      if (!request) return null;
      const items = await itemsOf(tx, { requestId });
      const may = {} as Record<ItemAction, boolean>;
      for (const action of ITEM_ACTIONS)
        may[action] =
          (await readPart(context, tx, {
            model: SUBJECT,
            id: requestId,
            action,
            find: (inTx, partWhere) => inTx.supportRequest.findFirst({ where: partWhere, select: { id: true } }),
          })) !== null;
      return {
        id: request.id,
        closed: request.status === "CLOSED",
        may: { ...may, decideThreatToLife: may.decideThreatToLife && context.actor.level >= LEVEL.INSPECTOR },
        items: items.map((item) => ({
          ...item,
          label: ITEM_RULES[item.kind].label,
          overdue: !item.closedAt && (item.dueAt <= now || item.escalatedAt !== null),
        })),
      };
    },
    exists: requestExists,
    details: { via: "risk-items" },
  });
}

export type RequestRiskItems = Awaited<ReturnType<typeof requestRiskItems>>;
