import { CheckboxGroup, RadioGroup, TextField } from "~/components/ui";
import { Form } from "react-router";
import { SHARE_LABELS } from "~/models/support-request/labels";
import type { IntentForms } from "./intent-forms";

interface ConsentLedgerProps {
  ledger: {
    consents: { id: string; to: string; shares: string[]; reason: string; grantedAt: string; withdrawnAt: string | null }[];
    overrides: { id: string; reason: string; recordedAt: string; by: string }[];
    opened: { id: string; at: string; who: string; what: string }[];
  };
  service: string | null;
  lineManager: string | null;
  closed: boolean;
  forms: IntentForms;
}

/** The employee's ledger: who can see their request and what, withdrawing and sharing more, and who opened it. */
export function ConsentLedger({ ledger, service, lineManager, closed, forms }: ConsentLedgerProps) {
  const { busy, grant } = forms;
  return (
    <section aria-labelledby="ledger-title" className="mb-8">
      <h2 id="ledger-title">Who can see your request</h2>
      <table className="mb-4 w-full">
        <caption className="sr-only">Everyone your request is shared with</caption>
        <thead>
          <tr>
            <th scope="col">Shared with</th>
            <th scope="col">What</th>
            <th scope="col">When and why</th>
            <th scope="col">Consent</th>
          </tr>
        </thead>
        <tbody>
          {ledger.consents.map((row) => (
            <tr key={row.id}>
              <td>{row.to}</td>
              <td>{row.shares.join(", ")}</td>
              <td>
                {row.grantedAt}: {row.reason}
              </td>
              <td>
                {row.withdrawnAt ? (
                  `Withdrawn ${row.withdrawnAt}`
                ) : (
                  <Form method="post">
                    <input type="hidden" name="consentId" value={row.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="withdraw"
                      className="button-warning"
                      disabled={busy}
                      aria-label={`Withdraw consent for ${row.to}`}
                    >
                      Withdraw
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {ledger.overrides.length > 0 ? (
        <>
          <h3 className="font-semibold">Shared without your consent to keep someone safe</h3>
          <ul className="mb-4 list-disc pl-6">
            {ledger.overrides.map((row) => (
              <li key={row.id}>
                {row.recordedAt}: {row.by}: {row.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {!closed ? (
        <Form method="post" {...grant.formProps} className="mb-6 max-w-2xl">
          <h3 className="font-semibold">Share more</h3>
          <RadioGroup
            name="to"
            legend="Share with"
            options={[
              { value: "SERVICE", label: `${service ?? "The service"} (more of your request)` },
              ...(lineManager ? [{ value: "LINE_MANAGER", label: `My line manager, ${lineManager}` }] : []),
            ]}
            defaultValue={grant.text("to")}
            error={grant.errors.to}
          />
          <CheckboxGroup name="shares" legend="What to share" options={SHARE_LABELS} checked={new Set(grant.list("shares"))} error={grant.errors.shares} />
          <TextField name="reason" label="Why (optional, for your ledger)" defaultValue={grant.text("reason")} error={grant.errors.reason} autoComplete="off" />
          <button type="submit" name="intent" value="grant" className="button-secondary" disabled={busy}>
            Share
          </button>
        </Form>
      ) : null}

      <h3 className="font-semibold">Who has opened your request</h3>
      {ledger.opened.length === 0 ? (
        <p>Nobody else has opened it yet.</p>
      ) : (
        <ul className="list-disc pl-6">
          {ledger.opened.map((row) => (
            <li key={row.id}>
              {row.at}: {row.who}: {row.what}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
