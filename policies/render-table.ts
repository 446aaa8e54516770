// Writes the access policy table as docs/access-policy.md for readers who do not read code:
// `npx tsx policies/render-table.ts`. A test keeps the document and the table in step.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { policyTable, type PersonaName } from "./policy-table";

const WHO: Record<PersonaName, string> = {
  constable: "A constable",
  sergeant: "A sergeant (line manager)",
  colleague: "A colleague",
  administrator: "An administrator",
  psdOfficer: "A professional standards officer",
  daChampion: "A workplace champion",
};

export function renderPolicyTable(): string {
  const rows = policyTable.map(
    (row) => `| ${WHO[row.who]} | ${row.does} | ${row.what} | ${row.allowed ? "**allowed**" : "refused"} | ${row.because} |`,
  );
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
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(new URL("../docs/access-policy.md", import.meta.url), renderPolicyTable());
  console.log("Wrote docs/access-policy.md");
}
