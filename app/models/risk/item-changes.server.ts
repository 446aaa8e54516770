// The changes to a tracked risk item, on whichever record it hangs (a support request or a police-suspect case),
// inside the transaction in which the guard has decided on that record. Each returns what its audit row says.
import { z } from "zod";
import type { DbTx } from "~/db.server";
import type { RiskItemKind } from "~/generated/prisma/enums";
import { parseDay, ukToday } from "~/utils/dates";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { outcomeDeadline } from "./deadlines";
import type { ItemRecord } from "./items.server";

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

/** Who acts, and when (the referral clock). */
export interface ItemActor {
  id: string;
  now: Date;
}

/** The open item of `kind` on the record; a stale or foreign item id is refused plainly. */
async function openItemOf(tx: DbTx, record: ItemRecord, itemId: string, kind: RiskItemKind) {
  const item = isId(itemId)
    ? await tx.riskItem.findFirst({ where: { id: itemId, ...record, kind }, select: { id: true, closedAt: true, listedFor: true } })
    : null;
  if (!item) throw new ChangeRejected({ form: `That item is not on this ${record.caseId ? "case" : "request"}.` });
  if (item.closedAt) throw new ChangeRejected({ form: "That item has already been closed." });
  return item;
}

const closing = (actor: ItemActor) => ({ closedAt: actor.now, closedById: actor.id, nextActionAt: null, version: { increment: 1 } });

export async function decideThreatToLifeOn(tx: DbTx, record: ItemRecord, form: z.infer<typeof ThreatToLifeSchema>, actor: ItemActor) {
  const item = await openItemOf(tx, record, form.itemId, "THREAT_TO_LIFE");
  await tx.riskItem.update({
    where: { id: item.id },
    data: { ttlAssessed: form.assessed === "yes", rationale: form.rationale, decidedById: actor.id, decidedAt: actor.now, ...closing(actor) },
  });
  return { itemId: item.id, assessed: form.assessed === "yes" };
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
export async function listMaracOn(tx: DbTx, record: ItemRecord, form: z.infer<typeof MaracListingSchema>, actor: ItemActor) {
  const { listedFor } = checkListing(form, actor.now);
  const item = await openItemOf(tx, record, form.itemId, "MARAC");
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
}

export async function addMaracActionOn(tx: DbTx, record: ItemRecord, form: z.infer<typeof MaracActionSchema>, actor: ItemActor) {
  const item = await openItemOf(tx, record, form.itemId, "MARAC");
  await tx.maracAction.create({ data: { itemId: item.id, action: form.action, owner: form.owner, recordedById: actor.id } });
  return { itemId: item.id };
}

export async function recordMaracOutcomeOn(tx: DbTx, record: ItemRecord, form: z.infer<typeof MaracOutcomeSchema>, actor: ItemActor) {
  const item = await openItemOf(tx, record, form.itemId, "MARAC");
  if (!item.listedFor) throw new ChangeRejected({ outcome: "Record the meeting it was listed for first." });
  await tx.riskItem.update({ where: { id: item.id }, data: { outcome: form.outcome, ...closing(actor) } });
  return { itemId: item.id };
}

export async function recordIdvaAnswerOn(tx: DbTx, record: ItemRecord, form: z.infer<typeof IdvaAnswerSchema>, actor: ItemActor) {
  const item = await openItemOf(tx, record, form.itemId, "IDVA");
  await tx.riskItem.update({ where: { id: item.id }, data: { idvaResponse: form.response, ...closing(actor) } });
  return { itemId: item.id, response: form.response };
}

/** First contact with the person (medium risk): the deadline is met. */
export async function recordFirstContactOn(tx: DbTx, record: ItemRecord, form: z.infer<typeof ItemOnlySchema>, actor: ItemActor) {
  const item = await openItemOf(tx, record, form.itemId, "FIRST_CONTACT");
  await tx.riskItem.update({ where: { id: item.id }, data: closing(actor) });
  return { itemId: item.id };
}

export const itemSelect = {
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

/** The record's items, open first, soonest due first. */
export function itemsOf(tx: DbTx, record: ItemRecord) {
  return tx.riskItem.findMany({ where: record, orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { dueAt: "asc" }], select: itemSelect });
}
