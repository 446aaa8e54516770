import { Form, useNavigation } from "react-router";
import { ErrorSummary, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { SUPPORT_OFFER_RESPONSE_LABELS, SUSPECT_SUPPORT_LABELS } from "~/models/cases/suspect-plan-items";
import type { SupportOfferResponse, SuspectSupportKind } from "~/generated/prisma/enums";
import type { FormReply } from "~/utils/form-reply";
import { formatDay, parseDay } from "~/utils/dates";

interface WelfareOffer {
  id: string;
  kind: SuspectSupportKind;
  offeredOn: string;
  response: SupportOfferResponse;
  note: string | null;
  recordedAt: string;
  recordedBy: string;
}

const FIELDS = ["form", "supportKind", "offeredOn", "response", "note"];

/** The suspect's welfare: the support offered to them, and the form to record another offer. Nothing goes to the supporter. */
export function WelfareSection({
  welfare,
  mayUpdate,
  today,
  reply,
}: {
  welfare: WelfareOffer[];
  mayUpdate: boolean;
  today: string;
  reply: FormReply | undefined;
}) {
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("welfare", reply, { offeredOn: today });
  return (
    <section aria-labelledby="welfare" className="mb-8 max-w-3xl border-t-4 border-gray-300 pt-4">
      <h2 id="welfare">The suspect’s welfare</h2>
      <p className="mb-4">
        Support offered to the suspect. The portal sends the supporter nothing: the suspect contacts them, or you do, without any detail of the case.
      </p>
      {welfare.length ? (
        <table className="table mb-6">
          <caption className="sr-only">Support offered to the suspect, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Support</th>
              <th scope="col">Offered on</th>
              <th scope="col">Answer</th>
              <th scope="col">Note</th>
              <th scope="col">Recorded by</th>
            </tr>
          </thead>
          <tbody>
            {welfare.map((offer) => (
              <tr key={offer.id}>
                <td>{SUSPECT_SUPPORT_LABELS[offer.kind]}</td>
                <td>{formatDay(parseDay(offer.offeredOn)!)}</td>
                <td>{SUPPORT_OFFER_RESPONSE_LABELS[offer.response]}</td>
                <td className="whitespace-pre-wrap">{offer.note ?? ""}</td>
                <td>{offer.recordedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mb-6">No offer of support recorded yet.</p>
      )}
      {mayUpdate ? (
        <>
          <h3>Record an offer of support</h3>
          <ErrorSummary errors={form.errors} order={FIELDS} />
          <Form method="post" {...form.formProps}>
            <input type="hidden" name="intent" value="welfare" />
            <RadioGroup
              name="supportKind"
              legend="Support offered"
              options={Object.entries(SUSPECT_SUPPORT_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={form.text("supportKind")}
              error={form.errors.supportKind}
            />
            <TextField name="offeredOn" label="Offered on" type="date" max={today} defaultValue={form.text("offeredOn")} error={form.errors.offeredOn} />
            <RadioGroup
              name="response"
              legend="The suspect’s answer"
              options={Object.entries(SUPPORT_OFFER_RESPONSE_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={form.text("response")}
              error={form.errors.response}
            />
            <TextAreaField
              name="note"
              label="Note (optional)"
              hint="For professional standards only."
              rows={2}
              maxLength={1000}
              defaultValue={form.text("note")}
              error={form.errors.note}
            />
            <button type="submit" className="button" disabled={busy}>
              Record the offer
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
