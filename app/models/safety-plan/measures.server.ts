// The measures of a workplace safety plan (docs/features/safety-plan.md): adding, proposing or suggesting one,
// changing and agreeing it, and opening it. Every read and write goes through the guard (app/access/guard.server.ts),
// which decides, acts and audits in one transaction (subject "SafetyMeasure", hidden from the general audit trail);
// a measure someone may not reach is "not found".
import type { Action } from "#policies/subjects";
import { accessScope, changeAccessible, createAccessible, readAccessible } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { addressName } from "~/utils/names";
import type { MeasureForm } from "./form";
import { measureName, type MeasureStatus } from "./labels";
import { measureExists, measureToChange, NAME_FIELDS } from "./measure-query.server";

const CHANGED_SINCE_OPENED = "Someone changed this measure since you opened it. Open it again to see the change.";

async function ownerFor(tx: DbTx, email: string): Promise<string> {
  const owner = await tx.person.findFirst({
    where: { workEmail: { equals: email, mode: "insensitive" }, active: true },
    select: { id: true },
  });
  if (!owner)
    throw new ChangeRejected({
      ownerEmail: "No one in the portal has that work email",
    });
  return owner.id;
}

const fields = (form: MeasureForm, ownerId: string) => ({
  kind: form.kind,
  title: form.kind === "OWN" ? form.title : "",
  instructions: form.instructions,
  ownerId,
  status: form.status,
  reviewOn: form.reviewOn,
});

/**
 * Whose plan a new measure goes into: the person's own; for a line manager's suggestion, the direct report's (their
 * row held while the measure is written, so a change of manager cannot slip in between); for a supporter's
 * proposal, the employee of the request, found through the request's "work" scope. Null when that is not theirs to
 * reach.
 */
async function planHolder(tx: DbTx, context: RequestContext, requestId?: string, forReportId?: string): Promise<string | null> {
  if (forReportId) {
    const [report] = isId(forReportId)
      ? await tx.$queryRaw<{ lineManagerId: string | null; active: boolean }[]>`
          SELECT "lineManagerId"::text AS "lineManagerId", "active" FROM "person" WHERE "id" = ${forReportId}::uuid FOR SHARE`
      : [];
    return report?.active && report.lineManagerId === context.actor.id ? forReportId : null;
  }
  if (requestId) {
    const request = isId(requestId)
      ? await tx.supportRequest.findFirst({
          where: { AND: [accessScope(context.ability, "work", "SupportRequest"), { id: requestId }] },
          select: { employeeId: true },
        })
      : null;
    return request?.employeeId ?? null;
  }
  return context.actor.id;
}

/**
 * Adds a measure. The employee adds to their own plan (agreed at once); a supporter of the service on one of their
 * sent requests proposes one, and a line manager suggests one to a direct report: either waits for the employee to
 * agree. The new row is checked against the "create" rules before its transaction commits.
 */
export async function addMeasure(context: RequestContext, form: MeasureForm, requestId?: string, forReportId?: string): Promise<{ id: string }> {
  return createAccessible(
    context,
    {
      model: "SafetyMeasure",
      create: async (tx) => {
        const employeeId = await planHolder(tx, context, requestId, forReportId);
        if (!employeeId) return null;
        const ownerId = await ownerFor(tx, form.ownerEmail);
        return tx.safetyMeasure.create({
          data: {
            employeeId,
            requestId: requestId ?? null,
            proposedById: context.actor.id,
            agreedAt: employeeId === context.actor.id ? new Date() : null,
            ...fields(form, ownerId),
          },
          select: { id: true },
        });
      },
      find: (tx, where) => tx.safetyMeasure.findFirst({ where, select: { id: true } }),
    },
    {
      action: forReportId ? "safety.measure.suggest" : requestId ? "safety.measure.propose" : "safety.measure.add",
      details: { kind: form.kind, requestId: requestId ?? null },
    },
  );
}

/** Changes a measure. An edit by anyone but the employee needs the employee's agreement again (grantees lose sight until then). */
export async function updateMeasure(context: RequestContext, id: string, form: MeasureForm): Promise<null> {
  if (!isId(id)) notFound();
  await changeAccessible(
    context,
    measureToChange(id, "update"),
    async (tx, measure) => {
      if (form.version !== undefined && form.version !== measure.version) throw new ChangeRejected({ form: CHANGED_SINCE_OPENED });
      const ownerId = await ownerFor(tx, form.ownerEmail);
      const byEmployee = measure.employeeId === context.actor.id;
      const { count } = await tx.safetyMeasure.updateMany({
        where: { id, version: measure.version },
        data: {
          ...fields(form, ownerId),
          agreedAt: byEmployee ? (measure.agreedAt ?? new Date()) : null,
          version: { increment: 1 },
        },
      });
      if (count === 0) throw new ChangeRejected({ form: CHANGED_SINCE_OPENED });
      return { agreedAgainNeeded: !byEmployee };
    },
    { action: "safety.measure.update", details: (done) => done },
  );
  return null;
}

/** The employee agrees a measure a supporter proposed or changed, or their line manager suggested. */
export async function agreeMeasure(context: RequestContext, id: string): Promise<null> {
  if (!isId(id)) notFound();
  return changeAccessible(
    context,
    measureToChange(id, "agree"),
    async (tx) => {
      const { count } = await tx.safetyMeasure.updateMany({
        where: { id, agreedAt: null },
        data: { agreedAt: new Date(), version: { increment: 1 } },
      });
      if (count === 0) throw new ChangeRejected({ form: "You have already agreed this measure." });
      return null;
    },
    { action: "safety.measure.agree" },
  );
}

export interface OpenedMeasure {
  id: string;
  name: string;
  kind: string;
  title: string;
  instructions: string;
  owner: string | null;
  ownerEmail: string | null;
  status: MeasureStatus;
  reviewOn: Date | null;
  agreed: boolean;
  version: number;
  /** Whose plan it is, for someone it was shared with (never why). */
  sharedBy: string | null;
  isOwn: boolean;
  requestId: string | null;
  may: { update: boolean; agree: boolean; manageConsent: boolean };
  grants: {
    id: string;
    to: string;
    grantedAt: Date;
    withdrawnAt: Date | null;
  }[];
}

/**
 * Opens one measure through the "read" scope, audited in the same transaction, with what else the person may do with
 * it, asked of the database in that transaction. What a grantee gets is the measure's own fields: never the request,
 * its reason or the rest of the plan.
 */
export async function openMeasure(context: RequestContext, id: string): Promise<OpenedMeasure> {
  if (!isId(id)) notFound();
  return readAccessible(context, {
    model: "SafetyMeasure",
    id,
    exists: measureExists,
    find: async (tx, where): Promise<OpenedMeasure | null> => {
      const measure = await tx.safetyMeasure.findFirst({
        where,
        select: {
          id: true,
          employeeId: true,
          requestId: true,
          kind: true,
          title: true,
          instructions: true,
          status: true,
          reviewOn: true,
          agreedAt: true,
          version: true,
          owner: { select: { ...NAME_FIELDS.select, workEmail: true } },
          employee: NAME_FIELDS,
        },
      });
      if (!measure) return null;
      const within = async (action: Action) =>
        (await tx.safetyMeasure.count({ where: { AND: [accessScope(context.ability, action, "SafetyMeasure"), { id }] } })) > 0;
      const may = {
        update: await within("update"),
        agree: await within("agree"),
        manageConsent: await within("manageConsent"),
      };
      const isOwn = measure.employeeId === context.actor.id;
      const grants = may.manageConsent
        ? await tx.safetyMeasureGrant.findMany({
            where: { measureId: id },
            orderBy: { grantedAt: "asc" },
            select: { id: true, grantedAt: true, withdrawnAt: true, person: NAME_FIELDS },
          })
        : [];
      return {
        id: measure.id,
        name: measureName(measure),
        kind: measure.kind,
        title: measure.title,
        instructions: measure.instructions,
        owner: measure.owner ? addressName(measure.owner) : null,
        ownerEmail: measure.owner && may.update ? measure.owner.workEmail : null,
        status: measure.status,
        reviewOn: measure.reviewOn,
        agreed: measure.agreedAt !== null,
        version: measure.version,
        // A grantee is told whose measure it is; a supporter works with it through the request, which shows the
        // employee's name only if they shared who they are.
        sharedBy: isOwn || may.update ? null : addressName(measure.employee),
        isOwn,
        // The link to the request, for the employee and the supporter working on it only.
        requestId: may.update ? measure.requestId : null,
        may,
        grants: grants.map((grant) => ({
          id: grant.id,
          to: addressName(grant.person),
          grantedAt: grant.grantedAt,
          withdrawnAt: grant.withdrawnAt,
        })),
      };
    },
  });
}
