import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import { auditCaseEvent } from "~/access/case-guard.server";
import { requireCasePage } from "~/access/case-page.server";
import { GroupedSelectField } from "~/components/admin-forms";
import { DirectorySearch } from "~/components/directory-search";
import { ErrorSummary, TextField } from "~/components/form";
import { AccessCapacity } from "~/generated/prisma/enums";
import { addressName, ChangeRejected, isId, submittedValues } from "~/models/person.server";
import { directoryPerson, grantRefusal, notifyPeople, searchDirectory } from "~/models/police-suspect-case.server";
import { CAPACITY_LABELS } from "~/models/case-labels";
import { parseForm, readFormData } from "~/utils/forms";
import { formatDateTime, parseUkDateTime } from "~/utils/dates";
import { kickOutbox } from "~/utils/outbox.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Access list") }];

const DECLARATION_LABELS = {
  MISSING: "Not yet declared",
  NO_CONNECTION: "No connection",
  PENDING_REVIEW: "Connection declared: awaiting review",
  CLEARED: "Connection cleared by PSD",
  REMOVED: "Removed after review",
} as const;

const GrantFormSchema = z.object({
  personId: z.string({ error: "Find the person and choose them" }).refine(isId, "Find the person and choose them"),
  capacity: z.enum(Object.values(AccessCapacity) as [AccessCapacity, ...AccessCapacity[]], { error: "Choose the capacity they act in" }),
  reason: z.string({ error: "Say why they need access" }).trim().min(1, "Say why they need access").max(500, "Use 500 characters or fewer"),
  until: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || /^\d{4}-\d{2}-\d{2}$/.test(value), "Enter a date such as 2027-01-31, or leave it empty"),
});

export async function loader(args: LoaderFunctionArgs) {
  const { context, reference, caseId } = await requireCasePage(args, "manageAccess", "access.read.accessList");
  const entries = await context.prisma.caseAccess.findMany({
    where: { caseId: caseId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { grantedAt: "asc" }],
    select: {
      id: true,
      capacity: true,
      reason: true,
      grantedAt: true,
      grantedById: true,
      expiresAt: true,
      revokedAt: true,
      declarationState: true,
      person: { select: { firstName: true, lastName: true, preferredName: true } },
    },
  });
  const granters = await context.prisma.person.findMany({
    where: { id: { in: entries.map((entry) => entry.grantedById).filter((id): id is string => id !== null) } },
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
  const granterName = new Map(granters.map((person) => [person.id, addressName(person)]));
  const now = Date.now();
  return {
    reference,
    entries: entries.map((entry) => ({
      id: entry.id,
      name: addressName(entry.person),
      capacity: CAPACITY_LABELS[entry.capacity],
      reason: entry.reason,
      grantedBy: entry.grantedById ? (granterName.get(entry.grantedById) ?? "Unknown") : "The portal, when the case was created",
      grantedAt: entry.grantedAt.toISOString(),
      expiresAt: entry.expiresAt?.toISOString() ?? null,
      active: !entry.revokedAt && (!entry.expiresAt || entry.expiresAt.getTime() > now),
      revokedAt: entry.revokedAt?.toISOString() ?? null,
      declaration: DECLARATION_LABELS[entry.declarationState],
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const values = submittedValues(formData);
  const { context, reference, caseId, suspectPersonId } = await requireCasePage(args, "manageAccess", intent === "revoke" ? "case.access.revoke" : "case.access.grant");

  if (intent === "find") {
    const matches = await searchDirectory(context.prisma, String(formData.get("query") ?? ""));
    const errors: Record<string, string> = {};
    if (matches.length === 0) errors.query = "Nobody in the directory matches that: check the spelling";
    return { errors, values: { ...values, personId: "" }, matches };
  }

  if (intent === "revoke") {
    const entryId = String(formData.get("entryId") ?? "");
    const ended = await context.prisma.$transaction(async (tx) => {
      const entry = isId(entryId) ? await tx.caseAccess.findFirst({ where: { id: entryId, caseId, revokedAt: null } }) : null;
      if (!entry) return false;
      await tx.caseAccess.update({ where: { id: entry.id }, data: { revokedAt: new Date(), revokedById: context.actor.id } });
      await auditCaseEvent(context, tx, { action: "case.access.revoke", caseId, outcome: "SUCCESS", details: { entryId: entry.id, personId: entry.personId } });
      return true;
    });
    // Someone else ended it first (or the entry is not on this case): say so rather than claim it was ended now.
    if (!ended) return { errors: { form: "That access had already ended, or is not on this case's list." } as Record<string, string>, values, matches: [] };
    throw redirect(`/records/${reference}/access?revoked=1`);
  }

  const parsed = parseForm(GrantFormSchema, formData);
  const chosen = async () => {
    const person = await directoryPerson(context.prisma, values.personId);
    return person ? [person] : [];
  };
  if (!parsed.ok) return { errors: parsed.errors, values, matches: await chosen() };
  const form = parsed.data;
  // The suspect and their line chain are refused with the reason; the refusal is audited on its own.
  const refusal = await context.prisma.$transaction(async (tx) => {
    const reason = await grantRefusal(tx, { id: caseId, suspectPersonId }, form.personId);
    if (reason) await auditCaseEvent(context, tx, { action: "case.access.grant", caseId: caseId, outcome: "REFUSED", reason: "conflicted person", details: { personId: form.personId } });
    return reason;
  });
  if (refusal) return { errors: { personId: refusal } as Record<string, string>, values, matches: await chosen() };
  try {
    await context.prisma.$transaction(async (tx) => {
      const person = await directoryPerson(tx, form.personId);
      if (!person) throw new ChangeRejected({ personId: "That person could not be found: search again" });
      if (await grantRefusal(tx, { id: caseId, suspectPersonId }, person.id)) throw new ChangeRejected({ personId: "This person cannot be given access to this case" });
      const until = form.until ? parseUkDateTime(`${form.until} 23:59`) : null;
      if (form.until && (!until || until.getTime() < Date.now())) throw new ChangeRejected({ until: "The end date must be today or later" });
      await tx.caseAccess.create({
        data: { caseId: caseId, personId: person.id, capacity: form.capacity, reason: form.reason, grantedById: context.actor.id, expiresAt: until },
      });
      await auditCaseEvent(context, tx, { action: "case.access.grant", caseId: caseId, outcome: "SUCCESS", details: { personId: person.id, capacity: form.capacity } });
      await notifyPeople(tx, [person.id], "/records");
    });
  } catch (error) {
    if (error instanceof ChangeRejected) return { errors: error.errors, values, matches: await chosen() };
    throw error;
  }
  kickOutbox();
  throw redirect(`/records/${reference}/access?granted=1`);
}

export default function AccessList() {
  const { reference, entries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors;
  const matches = actionData?.matches ?? [];
  return (
    <>
      <p className="mb-2">
        <Link to={`/records/${reference}`}>Case {reference}</Link>
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
      <Form method="post" noValidate className="max-w-2xl" key={JSON.stringify(matches.map((m) => m.id))}>
        <DirectorySearch
          queryName="query"
          choiceName="personId"
          label="Search the directory"
          hint="Part of their name or work email."
          findIntent="find"
          choiceLegend="Choose the person"
          values={values}
          errors={errors}
          matches={matches}
        />
        <GroupedSelectField
          name="capacity"
          label="Capacity"
          blank="Choose one"
          options={Object.entries(CAPACITY_LABELS).map(([value, label]) => ({ value, label }))}
          defaultValue={values.capacity}
          error={errors?.capacity}
        />
        <TextField name="reason" label="Why they need access" defaultValue={values.reason ?? ""} error={errors?.reason} />
        <TextField name="until" label="Until (optional)" hint="The last day of access, for example 2027-01-31. Leave empty for no end date." type="date" defaultValue={values.until ?? ""} error={errors?.until} />
        <button type="submit" name="intent" value="grant" className="button" disabled={busy}>
          Give access
        </button>
      </Form>
    </>
  );
}
