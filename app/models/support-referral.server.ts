// A line manager's referral to a support service, with the employee's consent (issue 5, docs/features/safety-plan.md): the
// manager starts a draft support request addressed to the employee. Like every draft it is the employee's alone: the
// manager cannot open it afterwards, no service sees it, and nothing is sent until the employee reviews it, chooses
// what to share and how to be contacted, and sends it themselves (or leaves it to be deleted).
import { z } from "zod";
import { can } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { DRAFT_KEPT_DAYS } from "~/models/support-labels";
import { appendAudit } from "~/utils/audit.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

export const ReferralFormSchema = z.object({
  serviceId: z.string({ error: "Choose a service" }).min(1, "Choose a service"),
  note: z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(1000, "Keep this under 1000 characters")),
  consent: z.literal("on", { error: "Confirm that they agreed to this referral" }),
});
export type ReferralForm = z.infer<typeof ReferralFormSchema>;

/**
 * Starts the draft. The employee's row is locked while the check and the insert run (as for a conversation record),
 * so a change of line manager cannot slip between them. Someone who is not the manager's report now: "not found",
 * audited (as a support record, so the general audit trail never shows that anyone was referred).
 */
export async function referToService(context: RequestContext, employeeId: string, form: ReferralForm): Promise<void> {
  const done = await context.prisma.$transaction(async (tx) => {
    const [employee] = UUID.test(employeeId)
      ? await tx.$queryRaw<{ lineManagerId: string | null; active: boolean }[]>`
          SELECT "lineManagerId"::text AS "lineManagerId", "active" FROM "person" WHERE "id" = ${employeeId}::uuid FOR SHARE`
      : [];
    const who = { actorId: context.actor.id, ...context.client };
    if (!employee || employeeId === context.actor.id || !can(context.ability, "refer", "Person", { id: employeeId, lineManagerId: employee.lineManagerId, active: employee.active })) {
      await appendAudit(tx, { ...who, action: "support.referral", subjectType: "SupportRequest", subjectId: null, outcome: employee ? "REFUSED" : "FAILURE", reason: employee ? "not their direct report" : "no such person" });
      return false;
    }
    const service = isId(form.serviceId) ? await tx.supportService.findFirst({ where: { id: form.serviceId, active: true, queueRole: { not: null } }, select: { id: true } }) : null;
    if (!service) throw new ChangeRejected({ serviceId: "Choose one of the services listed" });
    const draft = await tx.supportRequest.create({
      data: {
        employeeId,
        serviceId: service.id,
        status: "DRAFT",
        supportWanted: form.note,
        referredById: context.actor.id,
        draftExpiresAt: new Date(Date.now() + DRAFT_KEPT_DAYS * DAY_MS),
      },
      select: { id: true },
    });
    await appendAudit(tx, { ...who, action: "support.referral", subjectType: "SupportRequest", subjectId: draft.id, outcome: "SUCCESS", details: { consentConfirmed: true } });
    return true;
  });
  if (!done) notFound();
}
