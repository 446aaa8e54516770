// The start of every case sub-page's loader and action: the signed-in person, the reference from the URL, and the
// case if they may take `action` on it (audited; "not found" and an alert to PSD otherwise).
import type { Params } from "react-router";
import type { Action } from "#policies/subjects";
import { normaliseReference } from "~/models/police-suspect-case.server";
import { requireCaseAction, type CaseVia } from "./case-guard.server";
import { notFound } from "./errors.server";
import { requireUser, type RequestContext, type RouterArgs } from "./request-context.server";

export async function requireCasePage(
  args: RouterArgs & { request: Request; params: Params },
  action: Action,
  auditAction: string,
  via: CaseVia = "page",
): Promise<{ context: RequestContext; reference: string; caseId: string; suspectPersonId: string | null }> {
  const context = await requireUser(args);
  const reference = normaliseReference(args.params.reference);
  if (!reference) notFound();
  const found = await requireCaseAction(context, reference, action, auditAction, via);
  return { context, reference, caseId: found.id, suspectPersonId: found.suspectPersonId };
}
