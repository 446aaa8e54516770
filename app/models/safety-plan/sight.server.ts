// Who may see a safety measure besides the employee (docs/features/safety-plan.md): the employee lets one named person
// see one agreed measure, and withdraws that from now on. Both go through the guard's "manageConsent" scope, the
// decision, the change and the audit row in one transaction; anyone else is told "not found".
import { changeAccessible } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import type { Grant } from "./form";
import { measureToChange } from "./measure-query.server";

/** The person a grant names: the employee's line manager, or someone active with that work email. */
async function granteeOf(tx: DbTx, context: RequestContext, grant: Grant): Promise<string> {
  if (grant.to === "LINE_MANAGER") {
    const me = await tx.person.findUnique({
      where: { id: context.actor.id },
      select: { lineManagerId: true },
    });
    if (!me?.lineManagerId)
      throw new ChangeRejected({
        to: "You have no line manager on record.",
      });
    return me.lineManagerId;
  }
  const person = await tx.person.findFirst({
    where: {
      workEmail: { equals: grant.email, mode: "insensitive" },
      active: true,
    },
    select: { id: true },
  });
  if (!person)
    throw new ChangeRejected({
      email: "No one in the portal has that work email",
    });
  return person.id;
}

/** The employee lets one named person see this measure (and nothing else). */
export async function grantSight(context: RequestContext, id: string, grant: Grant): Promise<null> {
  if (!isId(id)) notFound();
  await changeAccessible(
    context,
    measureToChange(id, "manageConsent"),
    async (tx, measure) => {
      if (!measure.agreedAt)
        throw new ChangeRejected({
          to: "Agree this measure first; then you can choose who may see it.",
        });
      const personId = await granteeOf(tx, context, grant);
      if (personId === context.actor.id)
        throw new ChangeRejected({
          email: "That is you: you always see your own plan.",
        });
      const already = await tx.safetyMeasureGrant.count({
        where: { measureId: id, personId, withdrawnAt: null },
      });
      if (already > 0) throw new ChangeRejected({ to: "They can already see this measure." });
      const row = await tx.safetyMeasureGrant.create({
        data: { measureId: id, personId, reason: grant.reason },
      });
      return { grantId: row.id, to: personId };
    },
    { action: "safety.grant", details: (done) => done },
  );
  return null;
}

/** Withdraws a grant from now on: the person's next request for the measure is "not found". */
export async function withdrawSight(context: RequestContext, id: string, grantId: string): Promise<null> {
  if (!isId(id)) notFound();
  return changeAccessible(
    context,
    measureToChange(id, "manageConsent"),
    async (tx) => {
      if (!isId(grantId))
        throw new ChangeRejected({
          form: "That is not a grant on this measure.",
        });
      const { count } = await tx.safetyMeasureGrant.updateMany({
        where: { id: grantId, measureId: id, withdrawnAt: null },
        data: { withdrawnAt: new Date() },
      });
      if (count === 0) throw new ChangeRejected({ form: "That was already withdrawn." });
      return null;
    },
    { action: "safety.grant.withdraw", details: { grantId } },
  );
}
