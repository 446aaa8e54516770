// The admission route: an employee tells the portal that they are harming someone at home, or want help to stop.
// The force's policy (seed 004, §7.2) says such an employee is not entitled to confidentiality and that what they say
// is treated as an admission of a crime: it becomes a police-suspect case with them as the suspect, through the same
// intake and referral chain as any report. They keep a receipt and, as the suspect, never see the case.
import { z } from "zod";
import { auditCaseEvent } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { SupportServiceKind } from "~/generated/prisma/enums";
import { createPoliceSuspectCase, type IntakeForm } from "~/models/cases/case.server";
import { directory } from "~/models/support-request/directory.server";
import { referralNow } from "~/models/referrals/timing.server";
import { ChangeRejected } from "~/utils/forms";
import { ukDateTimeInputValue } from "~/utils/dates";
import { kickOutbox } from "~/utils/outbox.server";

/** The directory's services for someone who is harming a person at home. */
export const PERPETRATOR_SERVICE_KINDS: readonly SupportServiceKind[] = ["PERPETRATOR_PROGRAMME", "BEHAVIOUR_CHANGE_LINE"];

const EMPTY_ACCOUNT = "Write what you want to tell professional standards: what has been happening at home, in your own words";

export const AdmissionSchema = z.object({
  account: z.string({ error: EMPTY_ACCOUNT }).trim().min(1, EMPTY_ACCOUNT).max(5000, "Keep the account to 5,000 characters or fewer"),
  harmedPerson: z.string().trim().max(200, "Use 200 characters or fewer").optional(),
  childrenInvolved: z.enum(["yes", "no"], { error: "Say whether any children live with you or are involved" }),
  immediateDanger: z.enum(["yes", "no"], { error: "Say whether anyone is in immediate danger" }),
  understood: z.literal("on", { error: "Confirm that you have read that this is not confidential" }),
});
export type AdmissionForm = z.infer<typeof AdmissionSchema>;

/** The perpetrator programmes and helplines in the support directory, as the person may read it. */
export async function perpetratorServices(context: RequestContext) {
  return (await directory(context)).filter((entry) => PERPETRATOR_SERVICE_KINDS.includes(entry.kind));
}

/**
 * Sends the admission: a police-suspect case with the sender as the suspect, restricted at once, PSD on its list and
 * its referral chain started, audited in the same transaction. Returns nothing of the case: the sender may not see it.
 */
export async function submitAdmission(context: RequestContext, form: AdmissionForm): Promise<{ sentAt: string }> {
  const now = referralNow();
  const intake: IntakeForm = {
    reporting: "received",
    suspectKind: "directory",
    suspectPersonId: context.actor.id,
    victimKind: "public",
    victimName: form.harmedPerson || undefined,
    childrenInvolved: form.childrenInvolved,
    immediateDanger: form.immediateDanger,
    account: form.account,
    // Written by the suspect themselves, through the portal.
    receivedHow: "IN_WRITING",
    receivedAt: ukDateTimeInputValue(now),
  };
  try {
    await context.prisma.$transaction(async (tx) => {
      const made = await createPoliceSuspectCase(tx, { reporterId: context.actor.id, form: intake, origin: "ADMISSION_BY_EMPLOYEE" });
      await auditCaseEvent(context, tx, {
        action: "case.create",
        caseId: made.id,
        outcome: "SUCCESS",
        details: { reference: made.reference, origin: "admission" },
      });
    });
  } catch (error) {
    // Only an account outside the home force's directory gets here (the intake finds the suspect there).
    if (error instanceof ChangeRejected)
      throw new ChangeRejected({ form: "The portal could not record this for your account. Contact professional standards directly." });
    throw error;
  }
  kickOutbox();
  return { sentAt: now.toISOString() };
}
