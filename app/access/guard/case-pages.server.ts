// The start of every case sub-page's loader and action: the signed-in person and the reference from the URL, and the
// page's read in the transaction of its access decision (audited; "not found" and an alert to PSD when refused).
import type { Params } from "react-router";
import type { Action } from "#policies/subjects";
import { normaliseReference } from "~/models/cases/case.server";
import type { DbTx } from "~/db.server";
import { requireCaseAction, withCaseAction, type CaseActionOptions, type CaseInHand, type CaseVia } from "./cases.server";
import { notFound } from "../errors.server";
import { requireUser, type RequestContext, type RouterArgs } from "../request-context.server";

/**
 * The start of a case sub-page's action: the signed-in person and the reference from the URL ("not found" if it is
 * not one). The access decision is taken with the write itself, in `withCaseAction`.
 */
export async function caseActionStart(
  args: RouterArgs & { request: Request; url: URL; params: Params },
): Promise<{ context: RequestContext; reference: string }> {
  const context = await requireUser(args);
  const reference = normaliseReference(args.params.reference);
  if (!reference) notFound();
  return { context, reference };
}

/** The decision alone, for a response that outlives its transaction (the streamed access-log export). */
export async function requireCasePage(
  args: RouterArgs & { request: Request; url: URL; params: Params },
  action: Action,
  auditAction: string,
  via: CaseVia = "page",
): Promise<{ context: RequestContext; reference: string; caseId: string; suspectPersonId: string | null }> {
  const { context, reference } = await caseActionStart(args);
  const found = await requireCaseAction(context, reference, action, auditAction, via);
  return { context, reference, caseId: found.id, suspectPersonId: found.suspectPersonId };
}

/**
 * A case sub-page's loader in one transaction: the decision that the person may take `action` on the case, its audit
 * row, and `read` of what the page shows (through the domain modules), so that what is shown is what was allowed.
 */
export async function readCasePage<T>(
  args: RouterArgs & { request: Request; url: URL; params: Params },
  action: Action,
  auditAction: string,
  read: (tx: DbTx, found: CaseInHand, context: RequestContext) => Promise<T>,
  options?: CaseActionOptions,
): Promise<T & { reference: string }> {
  const { context, reference } = await caseActionStart(args);
  const page = await withCaseAction(context, reference, action, auditAction, (tx, found) => read(tx, found, context), options);
  return { ...page, reference };
}
