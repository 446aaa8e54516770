import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { z } from "zod";
import { requireUser } from "~/access/request-context.server";
import {
  confirmEnrolment,
  enrolmentOffer,
  offerAgain,
  ownSecondFactor,
  removeOwnSecondFactor,
  type EnrolmentOffer,
} from "~/auth/second-factor/enrolment.server";
import { ErrorSummary, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { formatDateTime } from "~/utils/dates";
import { parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Second factor") }];

const PASSWORD = z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200, "Password must be 200 characters or fewer");

const EnrolSchema = z.object({
  intent: z.literal("enrol"),
  offer: z.string().max(400),
  password: PASSWORD,
  code: z
    .string({ error: "Enter the 6-digit code your app shows" })
    .transform((value) => value.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code your app shows, numbers only")),
});

const RemoveSchema = z.object({ intent: z.literal("remove"), currentPassword: PASSWORD });

const ENROL_PROBLEMS = {
  "wrong password": { password: "That is not your current password" },
  "wrong code": { code: "That code did not match. Check the app shows the Staff Portal entry you just added, and enter its current code." },
  "offer expired": { form: "The page was open for too long, so a new key is shown below. Add it to your app again, then enter its code." },
} as const;

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const status = await ownSecondFactor(context);
  return { ...status, enrolledAt: status.enrolledAt ? formatDateTime(status.enrolledAt) : null, offer: await enrolmentOffer(context) };
}

type ActionResult =
  | { intent: "enrol"; reply: ReturnType<typeof rejectedReply>; offer: EnrolmentOffer }
  | { intent: "enrolled"; recoveryCodes: string[] }
  | { intent: "remove"; reply: ReturnType<typeof rejectedReply> }
  | { intent: "removed" };

export async function action(args: ActionFunctionArgs): Promise<ActionResult> {
  const context = await requireUser(args);
  const formData = await readFormData(args.request);
  if (formData.get("intent") === "remove") {
    const parsed = parseForm(RemoveSchema, formData);
    if (!parsed.ok) return { intent: "remove", reply: parsed.reply };
    const removed = await removeOwnSecondFactor(context, { password: parsed.data.currentPassword });
    if (removed.ok) return { intent: "removed" };
    return {
      intent: "remove",
      reply: parsed.reject(
        removed.problem === "required"
          ? { form: "Your roles need a second factor, so you cannot remove it. You can replace it." }
          : { currentPassword: "That is not your current password" },
      ),
    };
  }
  const parsed = parseForm(EnrolSchema, formData);
  const sealed = String(formData.get("offer") ?? "").slice(0, 400);
  if (!parsed.ok) return { intent: "enrol", reply: parsed.reply, offer: await offerAgain(context, sealed) };
  const result = await confirmEnrolment(context, { sealed: parsed.data.offer, code: parsed.data.code, password: parsed.data.password });
  if (result.ok) return { intent: "enrolled", recoveryCodes: result.recoveryCodes };
  return { intent: "enrol", reply: parsed.reject(ENROL_PROBLEMS[result.problem]), offer: await offerAgain(context, sealed) };
}

export default function SecondFactorPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.intent === "enrolled") return <RecoveryCodes codes={actionData.recoveryCodes} />;
  const enrolled = data.enrolledAt !== null;
  return (
    <div className="max-w-2xl">
      <h1>Second factor</h1>
      {actionData?.intent === "removed" ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Your second factor was removed. You sign in with your password alone, and your other sessions were ended.
        </p>
      ) : null}
      {!enrolled && data.required ? (
        <p role="status" className="mb-6 border-l-4 border-brand bg-gray-100 p-3">
          Your roles in the portal need a second factor: set up an authenticator app before you continue. Until then you can only use this page, sign out and
          the quick exit.
        </p>
      ) : null}
      {enrolled ? (
        <p className="mb-6">
          You set up an authenticator app on {data.enrolledAt}. You have {data.recoveryCodesLeft} unused recovery{" "}
          {data.recoveryCodesLeft === 1 ? "code" : "codes"}.
        </p>
      ) : (
        <p className="mb-6">
          When you sign in, the portal asks for your password and then for a 6-digit code from an authenticator app on your phone, so that a stolen password
          alone does not let anyone in.
        </p>
      )}
      <EnrolForm
        offer={actionData?.intent === "enrol" ? actionData.offer : data.offer}
        reply={actionData?.intent === "enrol" ? actionData.reply : undefined}
        replacing={enrolled}
      />
      {enrolled && !data.required ? <RemoveForm reply={actionData?.intent === "remove" ? actionData.reply : undefined} /> : null}
    </div>
  );
}

function EnrolForm({ offer, reply, replacing }: { offer: EnrolmentOffer; reply?: ReturnType<typeof rejectedReply>; replacing: boolean }) {
  const form = useFormReply("second-factor-enrol", reply);
  const busy = useNavigation().formData?.get("intent") === "enrol";
  return (
    <section aria-labelledby="enrol-heading" className="mb-10">
      <h2 id="enrol-heading">{replacing ? "Replace your authenticator app" : "Set up an authenticator app"}</h2>
      {replacing ? <p className="mb-4">Your old app and your unused recovery codes stop working once the new one is confirmed.</p> : null}
      <ol className="mb-6 list-decimal pl-6">
        <li>Open an authenticator app on your phone (any app that supports time-based codes).</li>
        <li>Scan the QR code, or add an account by hand with the key below (time-based, 6 digits).</li>
        <li>Enter your password and the code the app shows.</li>
      </ol>
      <img src={offer.qrCode} alt="QR code holding the key shown below" width={200} height={200} className="mb-4" />
      <p className="mb-2">Key to enter by hand:</p>
      <p className="mb-6 font-mono text-lg" data-testid="totp-secret">
        {offer.secretText}
      </p>
      <ErrorSummary errors={form.errors} order={["form", "password", "code"]} />
      <Form method="post" {...form.formProps} key={offer.sealed}>
        <input type="hidden" name="intent" value="enrol" />
        <input type="hidden" name="offer" value={offer.sealed} />
        <TextField name="password" label="Your password" type="password" autoComplete="current-password" error={form.errors.password} />
        <TextField name="code" label="Code from the app" autoComplete="one-time-code" inputMode="numeric" className="w-32" error={form.errors.code} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Checking…" : replacing ? "Replace my authenticator app" : "Turn on the second factor"}
        </button>
      </Form>
    </section>
  );
}

function RemoveForm({ reply }: { reply?: ReturnType<typeof rejectedReply> }) {
  const form = useFormReply("second-factor-remove", reply);
  return (
    <section aria-labelledby="remove-heading">
      <h2 id="remove-heading">Stop using a second factor</h2>
      <ErrorSummary errors={form.errors} order={["form", "currentPassword"]} />
      <Form method="post" {...form.formProps}>
        <input type="hidden" name="intent" value="remove" />
        <TextField
          name="currentPassword"
          label="Your password, to remove it"
          type="password"
          autoComplete="current-password"
          error={form.errors.currentPassword}
        />
        <button type="submit" className="button-secondary">
          Remove my second factor
        </button>
      </Form>
    </section>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="max-w-2xl">
      <h1>Save your recovery codes</h1>
      <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
        Your second factor is on. Any other session of yours was signed out.
      </p>
      <p className="mb-4">
        If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Keep them somewhere safe and private. They are shown
        only now.
      </p>
      <ul className="mb-6 grid grid-cols-2 gap-2 font-mono text-lg" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <p>
        <AppLink to="/">Continue to the portal</AppLink>
      </p>
    </div>
  );
}
