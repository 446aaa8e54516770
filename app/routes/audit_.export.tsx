import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form } from "react-router";
import { requireRight } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { TextField } from "~/components/ui";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit export") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireRight(context, { action: "export", model: "AuditEvent", auditAction: "access.read" });
  return null;
}

export default function AuditExport() {
  return (
    <>
      <h1>Export the audit trail</h1>
      <div className="mb-6 max-w-3xl">
        <p className="mb-2">
          Download the audit trail, or the part of it written in a period, for an external auditor: every entry of the hash chain with its seal, the entries you
          may read in full, and the latest signed checkpoint. The download is recorded in the audit trail.
        </p>
        <p className="mb-2">The auditor checks it offline, with nothing but Node.js and the checker that comes with the portal:</p>
        <pre className="mb-2 overflow-x-auto bg-gray-100 p-2">node scripts/verify-audit-export.mjs audit-trail.jsonl</pre>
        <p>
          With the audit key in <code>AUDIT_HMAC_KEY</code> it also checks every entry’s keyed tag and the checkpoint’s signature. Entries you may not read (an
          administrator’s, about case files) come as their seal only: their place in the chain is still checked.
        </p>
      </div>
      <Form method="get" action="/audit/export.jsonl" reloadDocument className="max-w-2xl">
        <TextField name="from" label="From (optional)" hint="The first day, for example 2026-11-01. Leave empty for the start of the trail." type="date" />
        <TextField name="to" label="To (optional)" hint="The last day, for example 2026-11-30. Leave empty for today." type="date" />
        <button type="submit" className="button">
          Download
        </button>
      </Form>
    </>
  );
}
