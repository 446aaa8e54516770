import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import { auditCaseEvent, caseActionStart, readCasePage, withCaseAction } from "~/access/guard.server";
import { ErrorSummary, GroupedSelectField, TextField } from "~/components/ui";
import { DirectorySearch } from "~/components/directory-search";
import { ChangeRejected, parseForm, readFormData, rejectedReply, replyKeepingTyped } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { accessListView, chosenPerson, grantCaseAccess, GrantFormSchema, revokeCaseAccess } from "~/models/cases/access-list.server";
import { grantRefusal, searchDirectory } from "~/models/cases/case.server";
import { CAPACITY_LABELS } from "~/models/cases/labels";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Access list") }];

const DECLARATION_LABELS = {
  MISSING: "Not yet declared",
  NO_CONNECTION: "No connection",
  PENDING_REVIEW: "Connection declared: awaiting review",
  CLEARED: "Connection cleared by PSD",
  REMOVED: "Removed after review",
} as const;

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "manageAccess", "access.read.accessList", async (tx, { id: caseId }) => ({
    entries: (await accessListView(tx, caseId)).map((entry) => ({
      ...entry,
      capacity: CAPACITY_LABELS[entry.capacity],
      grantedBy: entry.grantedBy ?? "The portal, when the case was created",
      declaration: DECLARATION_LABELS[entry.declarationState],
    })),
  }));
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "find") {
    const matches = await withCaseAction(context, reference, "manageAccess", "case.access.grant", (tx) =>
      searchDirectory(tx, String(formData.get("query") ?? "")),
    );
    // A new search forgets the person chosen from the last one; the rest of the form is kept.
    formData.delete("personId");
    return { reply: replyKeepingTyped(formData, matches.length === 0 ? { query: "Nobody in the directory matches that: check the spelling" } : {}), matches };
  }

  if (intent === "revoke") {
    const entryId = String(formData.get("entryId") ?? "");
    const ended = await withCaseAction(context, reference, "manageAccess", "case.access.revoke", async (tx, { id: caseId }) => {
      const entry = await revokeCaseAccess(tx, caseId, entryId, context.actor.id);
      if (entry)
        await auditCaseEvent(context, tx, {
          action: "case.access.revoke",
          caseId,
          outcome: "SUCCESS",
          details: { entryId: entry.id, personId: entry.personId },
        });
      return entry !== null;
    });
    // Someone else ended it first (or the entry is not on this case): say so rather than claim it was ended now.
    if (!ended) return { reply: rejectedReply({ form: "That access had already ended, or is not on this case's list." }), matches: [] };
    throw redirect(`/records/${reference}/access?revoked=1`);
  }

  const parsed = parseForm(GrantFormSchema, formData);
  const personId = String(formData.get("personId") ?? "");
  const refused = await withCaseAction(context, reference, "manageAccess", "case.access.grant", async (tx, found) => {
    if (!parsed.ok) return { reply: parsed.reply, matches: await chosenPerson(tx, personId) };
    const form = parsed.data;
    // The suspect and their line chain are refused with the reason; the refusal is audited.
    const reason = await grantRefusal(tx, { id: found.id, suspectPersonId: found.suspectPersonId }, form.personId);
    if (reason) {
      await auditCaseEvent(context, tx, {
        action: "case.access.grant",
        caseId: found.id,
        outcome: "REFUSED",
        reason: "conflicted person",
        details: { personId: form.personId },
      });
      return { reply: parsed.reject({ personId: reason }), matches: await chosenPerson(tx, personId) };
    }
    try {
      const granted = await grantCaseAccess(tx, found, context.actor.id, form);
      await auditCaseEvent(context, tx, {
        action: "case.access.grant",
        caseId: found.id,
        outcome: "SUCCESS",
        details: { personId: granted.personId, capacity: form.capacity },
      });
      return null;
    } catch (error) {
      // grantCaseAccess rejects before it writes anything, so the transaction can still answer with the form.
      if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors), matches: await chosenPerson(tx, personId) };
      throw error;
    }
  });
  if (refused) return refused;
  throw redirect(`/records/${reference}/access?granted=1`);
}

export default function AccessList() {
  const { reference, entries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  const form = useFormReply("grant-access", actionData?.reply);
  const errors = form.errors;
  const matches = actionData?.matches ?? [];
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Access list</h1>
      {searchParams.get("granted") ? (
        <p className="callout mb-6" role="status">
          Access granted. They must declare any conflict of interest before they see the case.
        </p>
      ) : null}
      {searchParams.get("revoked") ? (
        <p className="callout mb-6" role="status">
          Access ended.
        </p>
      ) : null}
      <table className="table mb-8">
        <caption className="sr-only">People on the access list</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Capacity and reason</th>
            <th scope="col">Granted</th>
            <th scope="col">Declaration</th>
            <th scope="col">Access</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{entry.name}</td>
              <td>
                {entry.capacity}
                <span className="block text-gray-700">{entry.reason}</span>
              </td>
              <td>
                {entry.grantedBy}
                <span className="block text-gray-700">{formatDateTime(new Date(entry.grantedAt))}</span>
              </td>
              <td>{entry.declaration}</td>
              <td>
                {entry.active ? (
                  <>
                    {entry.expiresAt ? `Until ${formatDateTime(new Date(entry.expiresAt))}` : "Current"}
                    <Form method="post" className="mt-1">
                      <input type="hidden" name="entryId" value={entry.id} />
                      <button type="submit" name="intent" value="revoke" className="button-secondary text-sm">
                        End access<span className="sr-only"> for {entry.name}</span>
                      </button>
                    </Form>
                  </>
                ) : entry.revokedAt ? (
                  `Ended ${formatDateTime(new Date(entry.revokedAt))}`
                ) : (
                  "Expired"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Give someone access</h2>
      <p className="mb-4">The suspect, and anyone in the suspect's line-management chain, can never be given access.</p>
      <ErrorSummary errors={errors} order={["form", "query", "personId", "capacity", "reason", "until"]} />
      <Form method="post" {...form.formProps} className="max-w-2xl" key={JSON.stringify(matches.map((m) => m.id))}>
        <DirectorySearch
          queryName="query"
          choiceName="personId"
          label="Search the directory"
          hint="Part of their name or work email."
          findIntent="find"
          choiceLegend="Choose the person"
          values={{ query: form.text("query"), personId: form.text("personId") }}
          errors={errors}
          matches={matches}
        />
        <GroupedSelectField
          name="capacity"
          label="Capacity"
          blank="Choose one"
          options={Object.entries(CAPACITY_LABELS).map(([value, label]) => ({ value, label }))}
          defaultValue={form.text("capacity")}
          error={errors?.capacity}
        />
        <TextField name="reason" label="Why they need access" defaultValue={form.text("reason")} error={errors?.reason} />
        <TextField
          name="until"
          label="Until (optional)"
          hint="The last day of access, for example 2027-01-31. Leave empty for no end date."
          type="date"
          defaultValue={form.text("until")}
          error={errors?.until}
        />
        <button type="submit" name="intent" value="grant" className="button" disabled={busy}>
          Give access
        </button>
      </Form>
    </>
  );
}
