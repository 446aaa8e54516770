import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { auditCaseEvent, openCase, withCaseAction } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { DeclarationFields } from "~/components/declaration-fields";
import { ErrorSummary } from "~/components/ui";
import { askPsdToReviewDeclaration, DeclarationFormSchema, recordDeclaration } from "~/models/cases/declarations.server";
import { setCaseOpen } from "~/models/cases/case-file.server";
import { addressName } from "~/utils/names";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { normaliseReference, RECEIVED_HOW_LABELS } from "~/models/cases/case.server";
import { CASE_ORIGIN_LABELS } from "~/models/cases/labels";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Restricted record") }];

function referenceFrom(params: { reference?: string }): string {
  const reference = normaliseReference(params.reference);
  if (!reference) notFound();
  return reference;
}

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const reference = referenceFrom(params);
  const opened = await openCase(context, reference, "page");
  const { details, may } = opened;
  const named = (person: { firstName: string | null; lastName: string | null; preferredName: string | null }) =>
    person.firstName && person.lastName ? addressName({ firstName: person.firstName, lastName: person.lastName, preferredName: person.preferredName }) : null;
  // The declaration form names the people a connection could be with; nothing else of the case is shown before it.
  const people = {
    suspect: named(details.suspect) ?? `${details.suspect.freeTextName ?? "Unnamed"} (${details.suspect.forceName})`,
    victim: named(details.victim) ?? details.victim.freeTextName ?? "Not named",
  };
  const readable = opened.stance.kind === "read";
  return {
    reference: opened.reference,
    stance: opened.stance,
    people,
    links: readable ? may : null,
    restricted: details.restricted,
    details: readable
      ? {
          status: details.status,
          reportedAt: details.reportedAt.toISOString(),
          receivedAt: details.receivedAt.toISOString(),
          receivedHow: RECEIVED_HOW_LABELS[details.receivedHow as keyof typeof RECEIVED_HOW_LABELS] ?? details.receivedHow,
          origin: CASE_ORIGIN_LABELS[details.origin as keyof typeof CASE_ORIGIN_LABELS] ?? details.origin,
          childrenInvolved: details.childrenInvolved,
          immediateDanger: details.immediateDanger,
          account: details.account,
          suspectDetail: details.suspect.workEmail
            ? [details.suspect.workEmail, details.suspect.unitName].filter(Boolean).join(", ")
            : details.suspect.forceName,
          victimKind: details.victimKind === "EMPLOYEE" ? "Employee of this force" : "Member of the public",
          victimContact: opened.victimContact,
          mayReadContact: may.readSafeguarding,
          supervisingOfficer: named(details.supervisingOfficer) ?? "Not yet assigned",
          reportedBy: addressName(details.reportedBy),
        }
      : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const reference = referenceFrom(params);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "close" || intent === "reopen") {
    await withCaseAction(context, reference, "recordOwnership", `case.${intent}`, async (tx, { id: caseId }) => {
      await setCaseOpen(tx, caseId, intent === "reopen");
      await auditCaseEvent(context, tx, { action: `case.${intent}`, caseId, outcome: "SUCCESS" });
    });
    throw redirect(`/records/${reference}`);
  }
  const parsed = parseForm(DeclarationFormSchema, formData);
  try {
    // Anyone the declaration form is not for is answered as for a case that does not exist, and PSD is alerted.
    const outcome = await withCaseAction(
      context,
      reference,
      "declare",
      "case.declare",
      async (tx, { id: caseId }) => {
        if (!parsed.ok) return { reply: parsed.reply };
        const result = await recordDeclaration(tx, caseId, context.actor.id, parsed.data);
        await auditCaseEvent(context, tx, {
          action: "case.declare",
          caseId,
          outcome: "SUCCESS",
          details: { hasConnection: parsed.data.hasConnection === "yes" },
        });
        if (result === "PENDING_REVIEW") await askPsdToReviewDeclaration(tx, caseId, context.actor.id);
        return { state: result };
      },
      { auditDecision: false, listedWithoutRight: "not found" },
    );
    if ("reply" in outcome) return { reply: outcome.reply };
    const state = outcome.state;
    throw redirect(`/records/${reference}?declared=${state === "PENDING_REVIEW" ? "review" : "clear"}`);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
}

function DeclarationForm({ people }: { people: { suspect: string; victim: string } }) {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("declaration", actionData && "reply" in actionData ? actionData.reply : undefined);
  return (
    <>
      <h2>Declare any conflict of interest</h2>
      <p className="mb-4">
        Before you open this case, declare on the case file whether you have any prior connection with the people involved. The case is shown once you have
        declared no connection, or once professional standards have reviewed a connection you declare.
      </p>
      <dl className="summary-list">
        <dt>Suspect</dt>
        <dd>{people.suspect}</dd>
        <dt>Victim</dt>
        <dd>{people.victim}</dd>
      </dl>
      <p className="mb-4">Witnesses, if any, are named in the case: declare any connection with them when you learn who they are.</p>
      <ErrorSummary errors={form.errors} order={["form", "hasConnection", "connections", "details"]} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <DeclarationFields
          values={{ hasConnection: form.text("hasConnection"), details: form.text("details") }}
          chosen={new Set(form.list("connections"))}
          errors={form.errors}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Recording…" : "Record my declaration"}
        </button>
      </Form>
    </>
  );
}

export default function CasePage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/records">Cases</AppLink>
      </p>
      <h1>
        Case <span className="font-mono">{data.reference}</span> <span className="tag align-middle">Restricted</span>
      </h1>
      {data.stance.kind === "declare" ? <DeclarationForm people={data.people} /> : null}
      {data.stance.kind === "blocked" ? (
        <div className="callout mb-6" role="status">
          <p className="font-semibold">You declared a connection with someone involved.</p>
          <p>The case stays closed to you until professional standards review your declaration and record a decision. You will be told when they have.</p>
        </div>
      ) : null}
      {data.stance.kind === "read" && data.details ? (
        <>
          {data.stance.basis === "break-glass" ? (
            <div className="callout-warning mb-6" role="note">
              <p className="font-semibold">You are seeing this case through break-glass access.</p>
              <p>Professional standards and the nominated NPCC officer have been told. Your access ends automatically; every page you open is recorded.</p>
            </div>
          ) : null}
          {data.links ? (
            <nav aria-label="This case" className="mb-6">
              <ul className="flex flex-wrap gap-x-6 gap-y-2">
                <li>
                  <AppLink to={`/records/${data.reference}/restriction`}>Restriction{data.restricted ? "" : " (not yet authorised)"}</AppLink>
                </li>
                <li>
                  <AppLink to={`/records/${data.reference}/referrals`}>Referral chain</AppLink>
                </li>
                {data.links.readCriminalTrack ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/criminal`}>Criminal investigation</AppLink>
                  </li>
                ) : null}
                {data.links.readConductTrack ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/conduct`}>Conduct matter</AppLink>
                  </li>
                ) : null}
                {data.links.readSuspectPlan ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/suspect-plan`}>Suspect’s risk and duties plan</AppLink>
                  </li>
                ) : null}
                {data.links.readCaseRisk ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/risk`}>Risk to the victim</AppLink>
                  </li>
                ) : null}
                {data.links.recordOwnership ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/ownership`}>Ownership</AppLink>
                  </li>
                ) : null}
                {data.links.recordReview ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/review`}>Review</AppLink>
                  </li>
                ) : null}
                {data.links.manageInterestedPerson ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/interested-person`}>Interested person</AppLink>
                  </li>
                ) : null}
                {data.links.manageAccess ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/access`}>Access list</AppLink>
                  </li>
                ) : null}
                {data.links.reviewDeclaration ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/declarations`}>Declarations</AppLink>
                  </li>
                ) : null}
                {data.links.readAccessLog ? (
                  <li>
                    <AppLink to={`/records/${data.reference}/access-log`}>Access log</AppLink>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
          <dl className="summary-list">
            <dt>Status</dt>
            <dd>{data.details.status === "OPEN" ? "Open" : "Closed"}</dd>
            <dt>Suspect</dt>
            <dd>
              {data.people.suspect}
              <span className="block text-gray-700">{data.details.suspectDetail}</span>
            </dd>
            <dt>Victim</dt>
            <dd>
              {data.people.victim}
              <span className="block text-gray-700">{data.details.victimKind}</span>
            </dd>
            <dt>Victim's safe contact</dt>
            <dd>{data.details.mayReadContact ? (data.details.victimContact ?? "None recorded") : "Shown only to those keeping the victim safe"}</dd>
            <dt>Children involved</dt>
            <dd>{data.details.childrenInvolved ? "Yes" : "No"}</dd>
            <dt>Anyone in immediate danger</dt>
            <dd>{data.details.immediateDanger ? "Yes (at the time of the report)" : "No"}</dd>
            <dt>Received</dt>
            <dd>
              {formatDateTime(new Date(data.details.receivedAt))}, {data.details.receivedHow.toLowerCase()}
            </dd>
            <dt>Came as</dt>
            <dd>{data.details.origin}</dd>
            <dt>Recorded by</dt>
            <dd>
              {data.details.reportedBy}, {formatDateTime(new Date(data.details.reportedAt))}
            </dd>
            <dt>Supervising officer</dt>
            <dd>{data.details.supervisingOfficer}</dd>
            <dt>Account</dt>
            <dd className="whitespace-pre-wrap">{data.details.account}</dd>
          </dl>
          {data.links?.recordOwnership ? (
            <Form method="post">
              <input type="hidden" name="intent" value={data.details.status === "OPEN" ? "close" : "reopen"} />
              <button type="submit" className="button-secondary">
                {data.details.status === "OPEN" ? "Close the case" : "Reopen the case"}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
    </>
  );
}
