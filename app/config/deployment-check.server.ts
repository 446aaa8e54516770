// The settings a deployment must never run with (issue 16, ADR 032). The deployment build (PORTAL_BUILD, ADR 018) is
// what marks a deployment: the demo, end-to-end and benchmark builds are not checked. The server runs this before it
// opens the database or starts a worker, and names every problem at once, so an operator fixes them in one go.
import { DEMO_MFA_KEY } from "~/auth/second-factor/mfa-key.server";
import { DEMO_AUDIT_KEY } from "~/utils/audit-key.server";
import type { BuildFlavour } from "./build-flavour";
import type { Env } from "./env.server";

/** The value of PORTAL_EMBEDDED_DATABASE that lets a deployment run on the embedded database. */
export const EMBEDDED_DATABASE_TRIAL = "single-user-trial";

const MIN_SECRET_LENGTH = 32;
/** Fewer different characters than this is a made-up value ("aaaa…", "1234…"), not a random one. */
const MIN_DISTINCT_CHARACTERS = 10;

type CheckedSettings = Pick<
  Env,
  | "NODE_ENV"
  | "SMTP_URL"
  | "PORTAL_BASE_URL"
  | "AUDIT_HMAC_KEY"
  | "AUDIT_CHECKPOINT_DIR"
  | "MFA_SECRET_KEY"
  | "PORTAL_TEST_CLOCK"
  | "BENCH_PAGES"
  | "DATABASE_URL"
  | "PORTAL_EMBEDDED_DATABASE"
>;

function secretProblem(name: string, value: string | undefined, demoValue: string, purpose: string): string | null {
  const howTo = `set ${name} to at least ${MIN_SECRET_LENGTH} random characters (e.g. \`openssl rand -base64 48\`) and keep it out of the database and its backups`;
  if (!value) return `${name} is not set. ${purpose}: ${howTo}.`;
  if (value === demoValue) return `${name} is the public demo key. Set a secret of your own (e.g. \`openssl rand -base64 48\`).`;
  if (value.length < MIN_SECRET_LENGTH) return `${name} is too short (${value.length} characters): ${howTo}.`;
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS) return `${name} is too simple (it repeats a few characters): ${howTo}.`;
  return null;
}

function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1" || host === "0.0.0.0" || host === "::";
}

/** Every unsafe setting of a deployment, each as a sentence naming its variable and what to do; empty when safe. */
export function deploymentProblems(settings: CheckedSettings): string[] {
  const problems: (string | null)[] = [];
  if (settings.NODE_ENV !== "production") problems.push(`NODE_ENV is "${settings.NODE_ENV}": start the deployment with \`npm start\` (NODE_ENV=production).`);
  if (!settings.SMTP_URL) {
    problems.push(
      "SMTP_URL is not set. This deployment build sends mail only through a mail server (alerts to PSD and referrals would never arrive): set SMTP_URL=smtp://host:port. " +
        "(Only the demo build, from `npm run setup` or `npm run build:demo`, keeps mail in a local demo mailbox.)",
    );
  }
  const base = new URL(settings.PORTAL_BASE_URL);
  if (isLocalHost(base.hostname)) {
    problems.push(
      `PORTAL_BASE_URL points at this machine (${base.hostname}): set the address people use, e.g. https://support.force.example, for the links in mail.`,
    );
  }
  if (base.protocol !== "https:") problems.push("PORTAL_BASE_URL is not https://: the portal is served over TLS only (HSTS and secure cookies depend on it).");
  problems.push(
    secretProblem(
      "AUDIT_HMAC_KEY",
      settings.AUDIT_HMAC_KEY,
      DEMO_AUDIT_KEY,
      "The deployment build keys its audit trail with a secret held outside the database",
    ),
  );
  if (!settings.AUDIT_CHECKPOINT_DIR?.trim()) {
    problems.push(
      "AUDIT_CHECKPOINT_DIR is not set. The deployment build writes signed checkpoints of its audit trail to a directory outside the database: set AUDIT_CHECKPOINT_DIR.",
    );
  }
  problems.push(
    secretProblem("MFA_SECRET_KEY", settings.MFA_SECRET_KEY, DEMO_MFA_KEY, "Second-factor secrets are encrypted with a key held outside the database"),
  );
  if (settings.PORTAL_TEST_CLOCK === "on") problems.push("PORTAL_TEST_CLOCK is on: it is for the end-to-end tests alone. Remove it.");
  if (settings.BENCH_PAGES === "1") problems.push("BENCH_PAGES is on: it is for the benchmark alone. Remove it.");
  if (!settings.DATABASE_URL && settings.PORTAL_EMBEDDED_DATABASE !== EMBEDDED_DATABASE_TRIAL) {
    problems.push(
      "DATABASE_URL is not set, so the portal would keep its data in the embedded database (one process, no server backups). Set DATABASE_URL=postgresql://…, " +
        `or, for a trial with a single user, PORTAL_EMBEDDED_DATABASE=${EMBEDDED_DATABASE_TRIAL}.`,
    );
  }
  return problems.filter((problem): problem is string => problem !== null);
}

/** Stops a deployment build with unsafe settings, listing every problem in one message; other builds pass. */
export function refuseUnsafeDeployment(flavour: BuildFlavour, settings: CheckedSettings): void {
  if (flavour !== "deployment") return;
  const problems = deploymentProblems(settings);
  if (problems.length === 0) return;
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  throw new Error(`The portal cannot start: this deployment's settings are not safe (${count}):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
}
