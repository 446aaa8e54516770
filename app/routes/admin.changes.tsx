import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { z } from "zod";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { decideProposal, loadProposals } from "~/models/people/person-changes.server";
import { STALE_PROPOSAL_MESSAGE } from "~/models/people/proposal.server";
import { formatDateTime } from "~/utils/dates";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Changes waiting for approval") }];

const STATUS_LABELS = { PENDING: "Waiting", APPROVED: "Approved", REFUSED: "Refused", WITHDRAWN: "Withdrawn", SUPERSEDED: "Superseded" } as const;

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const url = args.url;
  const proposals = (await loadProposals(context, { decidedLimit: 20 })).map((proposal) => ({
    ...proposal,
    proposedAt: formatDateTime(proposal.proposedAt),
    decidedAt: proposal.decidedAt ? formatDateTime(proposal.decidedAt) : null,
  }));
  const done = (["approved", "refused", "withdrawn"] as const).find((outcome) => outcome === url.searchParams.get("done")) ?? null;
  return {
    pending: proposals.filter((proposal) => proposal.status === "PENDING"),
    decided: proposals.filter((proposal) => proposal.status !== "PENDING"),
    done,
  };
}

const DecisionSchema = z.object({
  proposalId: z.string({ error: "Choose a change from the list" }).refine(isId, "Choose a change from the list"),
  intent: z.enum(["approve", "refuse", "withdraw"], { error: "Choose approve, refuse or withdraw" }),
  reason: z
    .string()
    .trim()
    .max(500, "The reason must be 500 characters or fewer")
    .optional()
    .transform((value) => value || null),
});

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const parsed = parseForm(DecisionSchema, await readFormData(args.request));
  if (!parsed.ok) return { reply: parsed.reply };
  const { proposalId, intent, reason } = parsed.data;
  let outcome;
  try {
    outcome = await decideProposal(context, proposalId, intent, reason);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: rejectedReply(error.errors) };
    throw error;
  }
  if (outcome === "stale") return { reply: rejectedReply({ form: STALE_PROPOSAL_MESSAGE }) };
  throw redirect(`/admin/changes?done=${outcome}`);
}

const DONE = {
  approved: "The change was approved and has taken effect.",
  refused: "The change was refused. Nothing was changed.",
  withdrawn: "Your proposal was withdrawn.",
} as const;

export default function Changes() {
  const { pending, decided, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("decision", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>Changes waiting for approval</h1>
      <p className="mb-6 max-w-2xl">
        A role given, and a change of someone&apos;s rank or grade, unit, line manager or work email, takes effect only when a second administrator approves it.
        Nobody decides a change they proposed or a change about themselves. Every proposal and decision is in the audit trail, and professional standards are
        told of each.
      </p>
      {done && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          {DONE[done]}
        </p>
      ) : null}
      <ErrorSummary errors={form.errors} order={["form", "proposalId", "intent", "reason"]} />

      <h2>Waiting</h2>
      {pending.length === 0 ? (
        <p className="mb-8">Nothing is waiting for approval.</p>
      ) : (
        <ul className="mb-8 grid gap-4">
          {pending.map((proposal) => (
            <li key={proposal.id} className="border-l-4 border-brand bg-gray-50 p-4">
              <h3 className="mb-1 text-lg">
                <AppLink to={`/admin/people/${proposal.personId}`}>{proposal.personName}</AppLink> <span className="break-all">({proposal.personEmail})</span>
              </h3>
              <p className="mb-1 font-semibold">{proposal.change}</p>
              <p className="mb-3">
                Proposed by {proposal.proposedBy} on {proposal.proposedAt}
              </p>
              {proposal.mayDecide ? (
                <Form method="post" {...form.formProps} id={`decide-${proposal.id}`}>
                  <input type="hidden" name="proposalId" value={proposal.id} />
                  <label className="label" htmlFor={`reason-${proposal.id}`}>
                    Reason (optional)
                  </label>
                  <input id={`reason-${proposal.id}`} name="reason" className="input mb-3 w-full" maxLength={500} autoComplete="off" />
                  <div className="flex gap-3">
                    <button type="submit" name="intent" value="approve" className="button" disabled={busy}>
                      Approve
                    </button>
                    <button type="submit" name="intent" value="refuse" className="button-secondary" disabled={busy}>
                      Refuse
                    </button>
                  </div>
                </Form>
              ) : (
                <>
                  <p className="mb-2">Another administrator must decide this: you proposed it, or it is about you.</p>
                  {proposal.mayWithdraw ? (
                    <Form method="post">
                      <input type="hidden" name="proposalId" value={proposal.id} />
                      <button type="submit" name="intent" value="withdraw" className="button-secondary" disabled={busy}>
                        Withdraw my proposal
                      </button>
                    </Form>
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>Recently decided</h2>
      {decided.length === 0 ? (
        <p>Nothing decided yet.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Changes recently decided</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Change</th>
              <th scope="col">Proposed by</th>
              <th scope="col">Decision</th>
              <th scope="col">Decided by</th>
            </tr>
          </thead>
          <tbody>
            {decided.map((proposal) => (
              <tr key={proposal.id}>
                <td>{proposal.personName}</td>
                <td>{proposal.change}</td>
                <td>{proposal.proposedBy}</td>
                <td>
                  {STATUS_LABELS[proposal.status]}
                  {proposal.decidedAt ? `, ${proposal.decidedAt}` : ""}
                  {proposal.reason ? `: ${proposal.reason}` : ""}
                </td>
                <td>{proposal.decidedBy ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
