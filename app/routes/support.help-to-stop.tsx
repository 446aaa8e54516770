import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { CheckboxField, ErrorSummary, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { PerpetratorServices } from "~/components/admission/perpetrator-services";
import { AdmissionSchema, perpetratorServices, submitAdmission } from "~/models/cases/admission.server";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

const FIELDS = ["form", "understood", "account", "harmedPerson", "childrenInvolved", "immediateDanger"];
const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  return { services: await perpetratorServices(context) };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const parsed = parseForm(AdmissionSchema, await readFormData(args.request));
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    await submitAdmission(context, parsed.data);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect("/support/help-to-stop/sent");
}

export default function HelpToStop() {
  const { services } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("admission", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/support">Support</AppLink>
      </p>
      <h1>If you are harming someone at home</h1>
      <div className="callout mb-6" role="note">
        <p className="font-semibold">If anyone is in immediate danger, call 999 now.</p>
      </div>
      <div className="callout-warning mb-6 max-w-2xl" role="note" aria-labelledby="not-confidential">
        <h2 id="not-confidential" className="mt-0">
          This is not confidential
        </h2>
        <p className="mb-2">
          The force’s domestic abuse policy says that an employee who tells anyone in the force that they are committing domestic abuse is not entitled to
          confidentiality, and that what they say must be treated as an admission of a crime and investigated as such.
        </p>
        <p className="mb-2">
          So if you send the form below, professional standards and a supervising officer are told at once. It becomes a police-suspect case with you as the
          suspect: a criminal investigation and a conduct matter. You will get a receipt, but you will not see the case.
        </p>
        <p>
          If you want help to stop without telling the force, the services below are outside the police and you can contact them directly. Reading this page
          tells nobody anything.
        </p>
      </div>
      <h2>Help to stop</h2>
      <PerpetratorServices services={services} />
      <h2>Tell professional standards</h2>
      <ErrorSummary errors={form.errors} order={FIELDS} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <CheckboxField
          name="understood"
          label="I have read that this is not confidential and will be treated as an admission of a crime"
          defaultChecked={form.text("understood") === "on"}
          error={form.errors.understood}
        />
        <TextAreaField
          name="account"
          label="What has been happening"
          hint="In your own words: what you have done, to whom, and since when."
          maxLength={5000}
          defaultValue={form.text("account")}
          error={form.errors.account}
        />
        <TextField
          name="harmedPerson"
          label="Who is being harmed (optional)"
          hint="Their name or how they are related to you."
          defaultValue={form.text("harmedPerson")}
          error={form.errors.harmedPerson}
          autoComplete="off"
        />
        <RadioGroup
          name="childrenInvolved"
          legend="Do any children live with you, or are any involved?"
          options={YES_NO}
          defaultValue={form.text("childrenInvolved")}
          error={form.errors.childrenInvolved}
        />
        <RadioGroup
          name="immediateDanger"
          legend="Is anyone in immediate danger?"
          hint="If yes, call 999 first."
          options={YES_NO}
          defaultValue={form.text("immediateDanger")}
          error={form.errors.immediateDanger}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Sending…" : "Send to professional standards"}
        </button>
      </Form>
    </>
  );
}
