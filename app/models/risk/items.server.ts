// Opening and closing the tracked risk items inside the transaction of the change that causes them (an assessment,
// a request sent, acknowledged or closed). The guard has already decided on that change; these only keep the items
// in step with it (docs/features/risk-escalation.md).
import { env } from "~/config/env.server";
import type { DbTx } from "~/db.server";
import type { RiskItemKind } from "~/generated/prisma/enums";
import { deadlineFor, type ItemDeadline } from "./deadlines";
import { ITEM_RULES, OPENED_BY_LEVEL, type ItemWindow } from "./item-rules";

/** The record an item is on: a support request or a police-suspect case. */
export type ItemRecord = { requestId: string; caseId?: undefined } | { caseId: string; requestId?: undefined };

/** The item's window as configured now (ITEM_RULES names the setting). */
export function windowOf(kind: RiskItemKind): ItemWindow {
  const settings = env();
  const window = ITEM_RULES[kind].window;
  return "hours" in window ? { hours: settings[window.hours] } : { workingDays: settings[window.workingDays] };
}

function deadlineOf(kind: RiskItemKind, from: Date): ItemDeadline {
  return deadlineFor(windowOf(kind), from, env().RISK_REMIND_AT_PERCENT);
}

/** Opens each item of `kinds` the record has no open one of; returns the kinds opened. */
export async function openItems(
  tx: DbTx,
  record: ItemRecord,
  kinds: readonly RiskItemKind[],
  opened: { now: Date; assessmentId?: string },
): Promise<RiskItemKind[]> {
  if (kinds.length === 0) return [];
  const open = await tx.riskItem.findMany({ where: { ...record, kind: { in: [...kinds] }, closedAt: null }, select: { kind: true } });
  const missing = kinds.filter((kind) => !open.some((item) => item.kind === kind));
  for (const kind of missing) {
    const { remindAt, dueAt } = deadlineOf(kind, opened.now);
    await tx.riskItem.create({
      data: { ...record, kind, assessmentId: opened.assessmentId, openedAt: opened.now, remindAt, dueAt, nextActionAt: remindAt },
    });
  }
  return missing;
}

/** What an assessment at `level` opens (high: threat to life, MARAC, IDVA; medium: first contact). */
export function openItemsForLevel(tx: DbTx, record: ItemRecord, level: keyof typeof OPENED_BY_LEVEL, opened: { now: Date; assessmentId: string }) {
  return openItems(tx, record, OPENED_BY_LEVEL[level], opened);
}

/** Closes the record's open items (of `kind`, or all of them): done, or no longer needed. */
export async function closeItems(tx: DbTx, record: ItemRecord, kind: RiskItemKind | null, closed: { now: Date; byId: string }): Promise<number> {
  const { count } = await tx.riskItem.updateMany({
    where: { ...record, ...(kind ? { kind } : {}), closedAt: null },
    data: { closedAt: closed.now, closedById: closed.byId, nextActionAt: null, version: { increment: 1 } },
  });
  return count;
}
