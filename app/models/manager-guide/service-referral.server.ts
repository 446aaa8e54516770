// A line manager's referral to a support service, with the employee's consent (issue 5, docs/features/safety-plan.md): the
// manager starts a draft support request addressed to the employee. Like every draft it is the employee's alone: the
// manager cannot open it afterwards, no service sees it, and nothing is sent until the employee reviews it, chooses
// what to share and how to be contacted, and sends it themselves (or leaves it to be deleted).
import { z } from "zod";
import { changeDecidedInTransaction } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { DRAFT_KEPT_DAYS } from "~/models/support-request/labels";
import { lockedEmployee } from "~/models/manager-guide/conversations.server";

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

/** What the rules allow a referral to be addressed to: an active service with a queue in the portal. */
const REFERABLE_SERVICE = { active: true, queueRole: { not: null } } as const;

/** The services a manager can suggest, in the order the support pages list them. */
export function referableServices(context: RequestContext): Promise<{ id: string; name: string }[]> {
  return context.prisma.supportService.findMany({
    where: REFERABLE_SERVICE,
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true },
  });
}

/**
 * Starts the draft. The employee's row is locked while the decision and the insert run (as for a conversation
 * record), so a change of line manager cannot slip between them. Someone who is not the manager's report now: "not
 * found", audited (as a support record, so the general audit trail never shows that anyone was referred).
 */
export async function referToService(context: RequestContext, employeeId: string, form: ReferralForm): Promise<void> {
  await changeDecidedInTransaction(context, {
    action: "refer",
    model: "Person",
    load: (tx) => lockedEmployee(tx, employeeId),
    alsoRequires: (employee) => employee.id !== context.actor.id,
    change: async (tx) => {
      const service = isId(form.serviceId)
        ? await tx.supportService.findFirst({ where: { id: form.serviceId, ...REFERABLE_SERVICE }, select: { id: true } })
        : null;
      if (!service) throw new ChangeRejected({ serviceId: "Choose one of the services listed" });
      return tx.supportRequest.create({
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
    },
    audit: {
      action: "support.referral",
      subjectType: "SupportRequest",
      subjectId: (draft) => draft.id,
      details: () => ({ consentConfirmed: true }),
      refusedBecause: "not their direct report",
      missingBecause: "no such person",
    },
  });
}
