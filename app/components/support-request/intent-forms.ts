// The request page holds several forms, each posted with its own intent; what the last post answered belongs to the
// form that sent it: Conform's reply gives its messages beside its fields, and keeps what was typed in it.
import { useMemo } from "react";
import { type FormState, useFormReply } from "~/components/ui/use-form-reply";
import { type FieldErrors, firstErrors, type FormReply } from "~/utils/form-reply";

export type IntentResult = { intent: string; reply: FormReply } | { intent: string; done: string };

export interface IntentForms {
  busy: boolean;
  /** The forms with fields, each with its own id on the page. */
  message: FormState;
  recordAction: FormState;
  handover: FormState;
  risk: FormState;
  grant: FormState;
  /** The messages of the last post that was refused, whichever form sent it, for the error summary at the top. */
  errors: FieldErrors;
}

export function useIntentForms(result: IntentResult | undefined, busy: boolean): IntentForms {
  const replyTo = (intent: string) => (result && "reply" in result && result.intent === intent ? result.reply : undefined);
  const forms = {
    message: useFormReply("request-message", replyTo("message")),
    "record-action": useFormReply("request-action", replyTo("record-action")),
    handover: useFormReply("request-handover", replyTo("handover")),
    risk: useFormReply("request-risk", replyTo("risk")),
    grant: useFormReply("request-share", replyTo("grant")),
  };
  // The buttons without fields (pick up, close, withdraw) have only messages; the same reply keeps the same object, so
  // the error summary takes the focus only when a new refusal arrives.
  const reply = result && "reply" in result ? result.reply : undefined;
  const intent = result?.intent ?? "";
  const otherErrors = useMemo(() => firstErrors(reply?.error), [reply]);
  const errors = intent in forms ? forms[intent as keyof typeof forms].errors : otherErrors;
  return { busy, message: forms.message, recordAction: forms["record-action"], handover: forms.handover, risk: forms.risk, grant: forms.grant, errors };
}
