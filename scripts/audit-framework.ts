// npm run audit:framework: asks the registry (`npm audit --omit=dev --json`) about the packages the portal ships, and
// fails on any advisory for the router or the framework (react-router, @react-router/*, react, react-dom).
// Exit code 0 when there is none, 1 when there is one, 2 when the registry could not be asked: an audit that could not
// run is never reported as clean. It is a script, not part of `npm test`, because the tests must pass offline.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The router and framework packages this check is about. */
export const FRAMEWORK_PACKAGE = /^(react-router|@react-router\/|react-dom|react$)/;

export interface Finding {
  name: string;
  severity: string;
  /** The advisories' titles and addresses, or the vulnerable dependency it comes through. */
  via: string[];
}

export type AuditOutcome =
  | { kind: "clean"; otherPackages: string[] }
  | { kind: "advisories"; findings: Finding[]; otherPackages: string[] }
  | { kind: "unreachable"; reason: string };

interface NpmAuditVulnerability {
  name?: string;
  severity?: string;
  via?: (string | { title?: string; url?: string })[];
}

/** Reads `npm audit --json` output (report version 2, npm 7 and later). */
export function readAuditReport(stdout: string): AuditOutcome {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { kind: "unreachable", reason: "npm audit did not answer with JSON" };
  }
  const vulnerabilities = (report as { vulnerabilities?: unknown } | null)?.vulnerabilities;
  if (typeof vulnerabilities !== "object" || vulnerabilities === null) {
    const error = report as { message?: string; error?: { summary?: string; code?: string } } | null;
    return { kind: "unreachable", reason: error?.message || error?.error?.summary || error?.error?.code || "npm audit gave no report" };
  }
  const findings: Finding[] = [];
  const otherPackages: string[] = [];
  for (const [key, entry] of Object.entries(vulnerabilities as Record<string, NpmAuditVulnerability>)) {
    const name = entry.name ?? key;
    if (!FRAMEWORK_PACKAGE.test(name)) {
      otherPackages.push(name);
      continue;
    }
    const via = (entry.via ?? []).map((item) => (typeof item === "string" ? `through ${item}` : [item.title, item.url].filter(Boolean).join(" ")));
    findings.push({ name, severity: entry.severity ?? "unknown", via });
  }
  return findings.length > 0 ? { kind: "advisories", findings, otherPackages } : { kind: "clean", otherPackages };
}

function main(): number {
  const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    console.error(`Could not run npm audit: ${run.error.message}`);
    return 2;
  }
  const outcome = readAuditReport(run.stdout);
  switch (outcome.kind) {
    case "unreachable":
      console.error(
        `Could not audit the framework packages: ${outcome.reason}. This is not a pass: try again where the registry's audit endpoint can be reached.`,
      );
      return 2;
    case "advisories":
      for (const finding of outcome.findings) console.error(`${finding.name} (${finding.severity}): ${finding.via.join("; ")}`);
      console.error(`${outcome.findings.length} router or framework package(s) have advisories. Run npm audit for the fix.`);
      return 1;
    case "clean":
      console.log("No advisory for react-router, @react-router/*, react or react-dom.");
      if (outcome.otherPackages.length > 0) console.log(`Other packages with advisories (not checked here): ${outcome.otherPackages.join(", ")}.`);
      return 0;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
