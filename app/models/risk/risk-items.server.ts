// The tracked risk items of a support request, read and worked through the guard: the threat-to-life decision (an
// inspector or above), the MARAC referral (listing, actions, outcome), the IDVA's answer and first contact. Each
// change is decided on the request (through the scope of its action), done and audited in one transaction; an item
// is reached only through a request the person may act on (docs/features/risk-escalation.md).
import { z } from "zod";
import type { Action } from "#policies/subjects";
import { changeAccessible, readAccessible, readPart } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { RiskItemKind } from "~/generated/prisma/enums";
import { LEVEL } from "~/models/people/rank";
import { referralNow } from "~/models/referrals/timing.server";
import { requestExists, requestInHand, SUBJECT } from "~/models/support-request/record.server";
import { parseDay, ukToday } from "~/utils/dates";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { outcomeDeadline } from "./deadlines";
import { ITEM_RULES } from "./item-rules";

const MAX_TEXT = 2000;
const text = (message: string) => z.string({ error: message }).trim().min(1, message).max(MAX_TEXT, `Keep this under ${MAX_TEXT} characters`);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim())
  .pipe(z.string().max(MAX_TEXT, `Keep this under ${MAX_TEXT} characters`));

export const ThreatToLifeSchema = z.object({
  itemId: z.string(),
  assessed: z.enum(["yes", "no"], { error: "Say whether a threat-to-life assessment was done" }),
  rationale: text("Give the rationale for the decision"),
});

export const MaracListingSchema = z.object({
  itemId: z.string(),
  listedFor: z.string({ error: "Give the date of the MARAC meeting" }).trim().min(1, "Give the date of the MARAC meeting"),
  pastReason: optionalText,
  childrenForScreening: optionalText,
});

export const MaracActionSchema = z.object({
  itemId: z.string(),
  action: text("Say what the action is"),
  owner: text("Say who owns the action (an agency or a person)"),
});

export const MaracOutcomeSchema = z.object({ itemId: z.string(), outcome: text("Record the outcome of the meeting") });

export const IdvaAnswerSchema = z.object({
  itemId: z.string(),
  response: z.enum(["ACCEPTED", "DECLINED"], { error: "Choose accepted or declined" }),
});

export const ItemOnlySchema = z.object({ itemId: z.string() });

/** The open item of `kind` on the request, locked for this change; a stale or foreign item id is refused plainly. */
async function openItemOf(tx: DbTx, requestId: string, itemId: string, kind: RiskItemKind) {
  const item = isId(itemId)
    ? await tx.riskItem.findFirst({ where: { id: itemId, requestId, kind }, select: { id: true, closedAt: true, listedFor: true } })
    : null;
  if (!item) throw new ChangeRejected({ form: "That item is not on this request." });
  if (item.closedAt) throw new ChangeRejected({ form: "That item has already been closed." });
  return item;
}

function workItem<T>(context: RequestContext, requestId: string, action: Action, auditAction: string, change: (tx: DbTx, now: Date) => Promise<T>) {
  return changeAccessible(
    context,
    requestInHand(requestId, action),
    async (tx, request) => {
      if (request.status === "CLOSED") throw new ChangeRejected({ form: "This request is closed." });
      return change(tx, referralNow());
    },
    { action: auditAction, details: (done) => done as Record<string, unknown> },
  );
}

/**
 * The duty inspector's threat-to-life decision: assessment done or not, with the rationale, and when. Someone below
 * the rank of inspector is refused with a plain message (and the rules give them no such right either).
 */
export async function decideThreatToLife(context: RequestContext, requestId: string, form: z.infer<typeof ThreatToLifeSchema>) {
  if (context.actor.level < LEVEL.INSPECTOR)
    throw new ChangeRejected({ form: "A threat-to-life decision is made by a duty inspector of the rank of inspector or above." });
  return workItem(context, requestId, "decideThreatToLife", "risk.threat-to-life", async (tx, now) => {
    const item = await openItemOf(tx, requestId, form.itemId, "THREAT_TO_LIFE");
    await tx.riskItem.update({
      where: { id: item.id },
      data: {
        ttlAssessed: form.assessed === "yes",
        rationale: form.rationale,
        decidedById: context.actor.id,
        decidedAt: now,
        closedAt: now,
        closedById: context.actor.id,
        nextActionAt: null,
        version: { increment: 1 },
      },
    });
    return { itemId: item.id, assessed: form.assessed === "yes" };
  });
}

/** Checks a MARAC listing: a real date, and one already past only with the reason. */
export function checkListing(form: z.infer<typeof MaracListingSchema>, now: Date): { listedFor: Date } {
  const listedFor = parseDay(form.listedFor);
  if (!listedFor) throw new ChangeRejected({ listedFor: "Enter a real date, like 2027-01-14" });
  if (listedFor < ukToday(now) && !form.pastReason)
    throw new ChangeRejected({ pastReason: "The date is in the past: say why it is recorded now (for example, listed at an earlier meeting)" });
  return { listedFor };
}

/** Lists the MARAC referral for a meeting: its outcome is then due the working day after the meeting. */
export async function listMarac(context: RequestContext, requestId: string, form: z.infer<typeof MaracListingSchema>) {
  return workItem(context, requestId, "manageMarac", "risk.marac.list", async (tx, now) => {
    const { listedFor } = checkListing(form, now);
    const item = await openItemOf(tx, requestId, form.itemId, "MARAC");
    const { remindAt, dueAt } = outcomeDeadline(listedFor);
    await tx.riskItem.update({
      where: { id: item.id },
      data: {
        listedFor,
        listingPastReason: form.pastReason,
        childrenForScreening: form.childrenForScreening,
        remindAt,
        dueAt,
        nextActionAt: remindAt,
        remindedAt: null,
        escalatedAt: null,
        version: { increment: 1 },
      },
    });
    return { itemId: item.id, listedFor: form.listedFor, past: form.pastReason !== "" };
  });
}

export async function addMaracAction(context: RequestContext, requestId: string, form: z.infer<typeof MaracActionSchema>) {
  return workItem(context, requestId, "manageMarac", "risk.marac.action", async (tx) => {
    const item = await openItemOf(tx, requestId, form.itemId, "MARAC");
    await tx.maracAction.create({ data: { itemId: item.id, action: form.action, owner: form.owner, recordedById: context.actor.id } });
    return { itemId: item.id };
  });
}

export async function recordMaracOutcome(context: RequestContext, requestId: string, form: z.infer<typeof MaracOutcomeSchema>) {
  return workItem(context, requestId, "manageMarac", "risk.marac.outcome", async (tx, now) => {
    const item = await openItemOf(tx, requestId, form.itemId, "MARAC");
    if (!item.listedFor) throw new ChangeRejected({ outcome: "Record the meeting it was listed for first." });
    await tx.riskItem.update({
      where: { id: item.id },
      data: { outcome: form.outcome, closedAt: now, closedById: context.actor.id, nextActionAt: null, version: { increment: 1 } },
    });
    return { itemId: item.id };
  });
}

export async function recordIdvaAnswer(context: RequestContext, requestId: string, form: z.infer<typeof IdvaAnswerSchema>) {
  return workItem(context, requestId, "manageIdva", "risk.idva", async (tx, now) => {
    const item = await openItemOf(tx, requestId, form.itemId, "IDVA");
    await tx.riskItem.update({
      where: { id: item.id },
      data: { idvaResponse: form.response, closedAt: now, closedById: context.actor.id, nextActionAt: null, version: { increment: 1 } },
    });
    return { itemId: item.id, response: form.response };
  });
}

/** The supporter records first contact with the person (medium risk): the deadline is met. */
export async function recordFirstContact(context: RequestContext, requestId: string, form: z.infer<typeof ItemOnlySchema>) {
  return workItem(context, requestId, "work", "risk.first-contact", async (tx, now) => {
    const item = await openItemOf(tx, requestId, form.itemId, "FIRST_CONTACT");
    await tx.riskItem.update({ where: { id: item.id }, data: { closedAt: now, closedById: context.actor.id, nextActionAt: null, version: { increment: 1 } } });
    return { itemId: item.id };
  });
}

const ITEM_ACTIONS = ["decideThreatToLife", "manageMarac", "manageIdva", "work"] as const;
type ItemAction = (typeof ITEM_ACTIONS)[number];

const itemSelect = {
  id: true,
  kind: true,
  openedAt: true,
  remindAt: true,
  dueAt: true,
  remindedAt: true,
  escalatedAt: true,
  closedAt: true,
  ttlAssessed: true,
  rationale: true,
  decidedAt: true,
  listedFor: true,
  listingPastReason: true,
  outcome: true,
  childrenForScreening: true,
  idvaResponse: true,
  actions: { orderBy: { recordedAt: "asc" }, select: { id: true, action: true, owner: true, recordedAt: true } },
} as const;

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
      const items = await tx.riskItem.findMany({
        where: { requestId },
        orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { dueAt: "asc" }],
        select: itemSelect,
      });
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
