// Writes the access policy table as docs/access-policy.md for readers who do not read code:
// `npx tsx policies/render-table.ts`. A test keeps the document and the table in step.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CASE_ACTION_LABELS, CASE_ACTIONS, casePolicyTable } from "./case-policy-table";
import { GUIDE_ACTION_LABELS, guidePolicyTable, guideRecords, TARGET_ACTIONS } from "./manager-guide-policy-table";
import { DIP_ACTIONS, DIP_WHO, dipPolicyTable, dipTargets } from "./dip-sample-policy-table";
import { policyTable, type PersonaName } from "./policy-table";
import { RECORDS_ACTIONS, RECORDS_WHO, recordsPolicyTable, recordsTargets } from "./records-retention-policy-table";
import { SAFETY_ACTION_LABELS, SAFETY_ACTIONS, safetyPolicyTable } from "./safety-plan-policy-table";
import { SUPPORT_ACTION_LABELS, SUPPORT_ACTIONS, supportPolicyTable } from "./support-policy-table";

const WHO: Record<PersonaName, string> = {
  constable: "A constable",
  sergeant: "A sergeant (line manager)",
  colleague: "A colleague",
  administrator: "An administrator",
  psdOfficer: "A professional standards officer",
  daChampion: "A workplace champion",
  auditor: "An auditor (read only)",
};

export function renderPolicyTable(): string {
  const rows = policyTable.map((row) => `| ${WHO[row.who]} | ${row.does} | ${row.what} | ${row.allowed ? "**allowed**" : "refused"} | ${row.because} |`);
  return [
    "# Who may do what",
    "",
    "<!-- Generated from policies/policy-table.ts by `npx tsx policies/render-table.ts`. Do not edit by hand. -->",
    "",
    "Each row is checked by `policies/policy-table.test.ts` against the rules the portal runs, one record at a time and",
    "through the database filter that lists use. Anything not allowed by a rule is refused. A refused record looks",
    "exactly like one that does not exist, and every decision on a protected record is written to the audit trail.",
    "",
    "| Who | Tries to | What | Result | Why |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "## Restricted (police-suspect) cases",
    "",
    "Checked by `policies/case-policy-table.test.ts`, on the case as a record and through the database filter. Case A's",
    "suspect is a constable with a line manager and a duty inspector above them; case B's suspect is a PSD officer.",
    "Anything not listed as allowed is refused, and looks exactly like a case that does not exist. Every attempt by someone",
    "not on the access list raises an alert to PSD.",
    "",
    "| Who | Case | May | Refused | Why |",
    "| --- | --- | --- | --- | --- |",
    ...casePolicyTable.map((row) => {
      const allowed = row.allowed.map((action) => CASE_ACTION_LABELS[action]);
      const refused = CASE_ACTIONS.filter((action) => !row.allowed.includes(action)).map((action) => CASE_ACTION_LABELS[action]);
      return `| ${row.as} | ${row.case} | ${allowed.length ? allowed.join("; ") : "nothing"} | ${refused.length === CASE_ACTIONS.length ? "everything" : refused.join("; ") || "nothing"} | ${row.because} |`;
    }),
    "",
    "## Support requests (the confidential support route)",
    "",
    "Checked by `policies/support-policy-table.test.ts`, on the request as a record and through the database filter. A",
    "request's messages, consent ledger and risk assessment are reached only through the request, with the rights below.",
    "Request A was sent to the staff IDVA service sharing what the employee wrote and how to contact them, not who they",
    "are; B shares everything with the service and who they are with their line manager; C's consents were withdrawn;",
    "D is an unsent draft; E was sent by someone who is a staff IDVA liaison themselves; F and G were assessed as high",
    "risk, and on G (and A) a DA coordinator recorded a safeguarding override, which lasts 4 hours. H and I are sent to",
    "the staff IDVA service sharing everything, each naming a colleague as the person harming the employee: nobody in that",
    "colleague's line chain as it is at each request (ADR 024) reaches them; on I, a staff IDVA liaison was made the",
    "named colleague's manager after it was sent. J was assessed as medium risk with a child-protection concern noted;",
    "K was not acknowledged in time and its deadline was escalated (docs/features/risk-escalation.md). Anything not",
    "listed is refused, and looks exactly like a request that does not exist.",
    "",
    "| Who | Request | May | Refused | Why |",
    "| --- | --- | --- | --- | --- |",
    ...supportPolicyTable.map((row) => {
      const allowed = row.allowed.map((action) => SUPPORT_ACTION_LABELS[action]);
      const refused = SUPPORT_ACTIONS.filter((action) => !row.allowed.includes(action)).map((action) => SUPPORT_ACTION_LABELS[action]);
      return `| ${row.as} | ${row.request} | ${allowed.length ? allowed.join("; ") : "nothing"} | ${refused.length === SUPPORT_ACTIONS.length ? "everything" : refused.join("; ") || "nothing"} | ${row.because} |`;
    }),
    "",
    "## The workplace safety plan",
    "",
    "Checked by `policies/safety-plan-policy-table.test.ts`, on each measure and through the database filter. Measures M1,",
    "M2 and M4 are worked on with the staff IDVA service on request B; M5 on request C, whose consent was withdrawn; M3 on",
    "no request. The employee let their line manager see M1 (and M4, since changed by the supporter and not yet agreed",
    "again), a reception colleague see M2, and withdrew their line manager's sight of M3. Someone granted a measure sees",
    "that measure's own instructions, owner, status and review date: never the request, its messages, or why.",
    "",
    "| Who | Measure | May | Refused | Why |",
    "| --- | --- | --- | --- | --- |",
    ...safetyPolicyTable.map((row) => {
      const allowed = row.allowed.map((action) => SAFETY_ACTION_LABELS[action]);
      const refused = SAFETY_ACTIONS.filter((action) => !row.allowed.includes(action)).map((action) => SAFETY_ACTION_LABELS[action]);
      return `| ${row.as} | ${row.measure} | ${allowed.length ? allowed.join("; ") : "nothing"} | ${refused.length === SAFETY_ACTIONS.length ? "everything" : refused.join("; ") || "nothing"} | ${row.because} |`;
    }),
    "",
    ...renderGuideSection(),
    ...renderRecordsSection(),
    ...renderDipSampleSection(),
  ].join("\n");
}

/** The manager's guide, conversation records and incident log (policies/manager-guide-policy-table.ts). */
function renderGuideSection(): string[] {
  const label = (action: string) => GUIDE_ACTION_LABELS[action as keyof typeof GUIDE_ACTION_LABELS] ?? action;
  return [
    "## The manager's guide, conversation records and the incident log",
    "",
    "Checked by `policies/manager-guide-policy-table.test.ts`, on each record and through the database filter. The employee",
    "reports to the line manager, who reports to their own manager; the colleague shares the line manager; the previous",
    "line manager managed the employee before. Anyone not listed for a record may do nothing with it (everyone may read",
    "the guide), and a record they may not see looks exactly like one that does not exist.",
    "",
    "| Who | Record | May | Refused | Why |",
    "| --- | --- | --- | --- | --- |",
    ...guidePolicyTable.map((row) => {
      const actions = TARGET_ACTIONS[row.target];
      const refused = actions.filter((action) => !row.allowed.includes(action));
      return `| ${row.as} | ${guideRecords[row.target].label} | ${row.allowed.length ? row.allowed.map(label).join("; ") : "nothing"} | ${refused.length === actions.length ? "everything" : refused.map(label).join("; ") || "nothing"} | ${row.because} |`;
    }),
    "",
  ];
}

function renderRecordsSection(): string[] {
  return [
    "## Retention, legal holds, subject access and the audit export",
    "",
    "Checked by `policies/records-retention-policy-table.test.ts`, on each record and through the database filter, for",
    "every persona on every record: anything not listed is refused (0 unexpected allows). The pages add what a rule on one",
    "record cannot say: nobody places, lifts or handles anything about a case they are conflicted on or about someone",
    "they manage, and an administrator's export carries rows about case files as their seals only.",
    "",
    "| Who | Record | May | Why |",
    "| --- | --- | --- | --- |",
    ...recordsPolicyTable
      .filter((row) => row.allowed.length > 0)
      .map(
        (row) =>
          `| ${RECORDS_WHO[row.who]} | ${recordsTargets[row.target].label} | ${RECORDS_ACTIONS.filter((action) => row.allowed.includes(action)).join("; ")} | ${row.because} |`,
      ),
    "",
    "Everyone else may do nothing with these records.",
    "",
  ];
}

function renderDipSampleSection(): string[] {
  return [
    "## Dip-sampling of closed cases",
    "",
    "Checked by `policies/dip-sample-policy-table.test.ts`, on each record and through the database filter, for every",
    "persona on every record: anything not listed is refused (0 unexpected allows). The sampled case's suspect is now",
    "managed by one PSD reviewer; another PSD reviewer owned its criminal track. Anyone refused the quality-review page",
    'gets "not found", audited and alerted to PSD as any refused attempt on a case.',
    "",
    "| Who | Record | May | Why |",
    "| --- | --- | --- | --- |",
    ...dipPolicyTable
      .filter((row) => row.allowed.length > 0)
      .map(
        (row) =>
          `| ${DIP_WHO[row.who]} | ${dipTargets[row.target].label} | ${DIP_ACTIONS.filter((action) => row.allowed.includes(action)).join("; ")} | ${row.because} |`,
      ),
    "",
    "Everyone else may do nothing with these records.",
    "",
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(new URL("../docs/access-policy.md", import.meta.url), renderPolicyTable());
  console.log("Wrote docs/access-policy.md");
}
