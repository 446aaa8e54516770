// Assembling a subject-access request again (ADR 037) without losing PSD's work: an item is a part of a record
// (type, id, part), and what PSD decided on it, with its note, stays while the item is still held. Only the assembly's
// own proposals are refreshed (a case that closed no longer withholds its status on the ground of an open
// investigation); an item found for the first time comes as a proposal, undecided by PSD; an item no longer held is
// kept, with its decision, and marked gone rather than deleted, so the record of what was decided survives.
import type { DbTx } from "~/db.server";
import type { AssembledItem } from "./assemble.server";

const keyOf = (item: { sourceType: string; sourceId: string; part: string }) => `${item.sourceType}\u0000${item.sourceId}\u0000${item.part}`;

export type MergeCounts = {
  items: number;
  withheld: number;
  added: number;
  kept: number;
  gone: number;
};

/** Brings the request's items in line with `assembled` as above; answers the counts for the audit row. */
export async function mergeItems(tx: DbTx, requestId: string, assembled: AssembledItem[], now: Date): Promise<MergeCounts> {
  const existing = await tx.subjectAccessItem.findMany({
    where: { requestId },
    select: { id: true, sourceType: true, sourceId: true, part: true, decidedAt: true, disclosed: true, goneAt: true },
  });
  const byKey = new Map(existing.map((item) => [keyOf(item), item]));
  const found = new Set<string>();
  const counts: MergeCounts = { items: assembled.length, withheld: 0, added: 0, kept: 0, gone: 0 };
  const added: AssembledItem[] = [];
  for (const item of assembled) {
    const key = keyOf(item);
    found.add(key);
    const before = byKey.get(key);
    if (!before) {
      added.push(item);
      if (!item.disclosed) counts.withheld++;
      continue;
    }
    counts.kept++;
    const decided = before.decidedAt !== null;
    if (decided ? !before.disclosed : !item.disclosed) counts.withheld++;
    await tx.subjectAccessItem.update({
      where: { id: before.id },
      data: { label: item.label, goneAt: null, ...(decided ? {} : { disclosed: item.disclosed, exemption: item.exemption }) },
    });
  }
  if (added.length > 0) await tx.subjectAccessItem.createMany({ data: added.map((item) => ({ ...item, requestId })) });
  counts.added = added.length;
  const gone = existing.filter((item) => !found.has(keyOf(item)) && item.goneAt === null).map((item) => item.id);
  if (gone.length > 0) await tx.subjectAccessItem.updateMany({ where: { id: { in: gone } }, data: { goneAt: now } });
  counts.gone = gone.length;
  return counts;
}
