// The safety plan in the employee's own data export (docs/features/safety-plan.md). Read in the export's transaction,
// which decides and audits the export itself.
import type { DbTx } from "~/db.server";
import { NAME_FIELDS } from "./measure-query.server";

/** The plan's measures and grants for the employee's own data export. */
export async function planForExport(tx: DbTx, personId: string) {
  return tx.safetyMeasure.findMany({
    where: { employeeId: personId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      title: true,
      instructions: true,
      status: true,
      reviewOn: true,
      agreedAt: true,
      createdAt: true,
      owner: NAME_FIELDS,
      grants: {
        select: {
          grantedAt: true,
          withdrawnAt: true,
          reason: true,
          person: NAME_FIELDS,
        },
      },
    },
  });
}
