// How the safety-plan modules ask the guard for one measure: the query it runs with its filter (the scope of the
// action AND the id), and the existence check it audits a refusal with. The scope itself is always the guard's.
import type { Action } from "#policies/subjects";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";

/** The fields of a person a measure shows: the name they go by. */
export const NAME_FIELDS = { select: { firstName: true, lastName: true, preferredName: true } } as const;

export const measureExists = async (tx: DbTx, id: string) => (await tx.safetyMeasure.count({ where: { id } })) > 0;

/** One measure for a change through `changeAccessible`, with what the changes decide on. */
export function measureToChange(id: string, action: Action) {
  return {
    model: "SafetyMeasure" as const,
    id,
    action,
    find: (tx: DbTx, where: Prisma.SafetyMeasureWhereInput) =>
      tx.safetyMeasure.findFirst({
        where,
        select: { employeeId: true, version: true, agreedAt: true, kind: true, title: true },
      }),
    exists: measureExists,
  };
}
