import { z } from "zod";

const minutes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** The identity provider's issuer: https, or http on this machine alone (the test suite's provider). */
const issuerUrl = z.url().refine((value) => {
  const url = new URL(value);
  return url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname));
}, "must be an https:// URL (http:// only for a provider on this machine)");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  PGLITE_DIR: z.string().default("data/pglite"),
  PORTAL_BASE_URL: z.url().default("http://localhost:3000"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  SMTP_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
  MAIL_FROM: z.string().default('"Staff Support Portal" <no-reply@portal.invalid>'),
  SESSION_IDLE_MINUTES: minutes(30),
  SESSION_ABSOLUTE_HOURS: minutes(12),
  SIGNIN_LOCK_AFTER_FAILURES: z.coerce.number().int().min(2).default(5),
  SIGNIN_LOCK_MINUTES: minutes(15),
  /** Base of the growing pause after each failed sign-in (0 turns the pause off, e.g. in tests). */
  SIGNIN_FAILURE_DELAY_MS: z.coerce.number().int().min(0).default(500),
  /**
   * Every failed sign-in is answered this long after its request began (plus its pause), whatever the kind of failure:
   * more than the slowest kind takes (a password hash and the writes of a lock), so timing tells none apart.
   */
  SIGNIN_FAILURE_FLOOR_MS: z.coerce.number().int().min(0).default(1000),
  QUICK_EXIT_URL: z.url().default("https://www.bbc.co.uk/weather"),
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(2000),
  /** How many days before a conversation's follow-up date its manager is reminded. */
  CONVERSATION_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(0).max(60).default(2),
  /** How often the reminder scheduler looks for reminders that are due. */
  REMINDER_POLL_MS: z.coerce.number().int().positive().default(60_000),
  /** Sign-in attempts allowed from one address (an IPv6 /56) in 15 minutes. */
  SIGNIN_RATE_LIMIT: z.coerce.number().int().positive().default(300),
  /**
   * How many reverse proxies in front of the portal may be believed about the client's address (X-Forwarded-For is read
   * from the right, that many hops). "false" (0) believes none; "true" means one, never the whole header.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'Use "false", "true" (one proxy) or the number of proxies')
    .default("false")
    .transform((value) => (value === "true" ? 1 : value === "false" ? 0 : Number(value))),
  /** Minutes a supervising officer, then any other recipient, has to acknowledge a referral before a reminder, and again before it escalates. */
  REFERRAL_SUPERVISOR_MINUTES: minutes(60),
  REFERRAL_OTHERS_MINUTES: minutes(240),
  /** Days between the updates owed to another force's PSD when its employee is the suspect. */
  REFERRAL_EMPLOYER_UPDATE_DAYS: z.coerce.number().int().positive().default(28),
  /** Hours a support service has to acknowledge a sent request: reminded halfway, escalated at the end (docs/features/risk-escalation.md). */
  SUPPORT_ACKNOWLEDGE_HOURS: z.coerce.number().int().positive().max(720).default(24),
  /** The tracked risk items' windows (docs/features/risk-escalation.md): hours for the duty inspector's threat-to-life decision, */
  RISK_THREAT_TO_LIFE_HOURS: z.coerce.number().int().positive().max(168).default(4),
  /** England and Wales working days for first contact after a medium-risk assessment (the policy's 5), */
  RISK_FIRST_CONTACT_WORKING_DAYS: z.coerce.number().int().positive().max(30).default(5),
  /** for the MARAC referral to be listed, */
  RISK_MARAC_WORKING_DAYS: z.coerce.number().int().positive().max(30).default(5),
  /** and for the IDVA's answer to the referral. */
  RISK_IDVA_WORKING_DAYS: z.coerce.number().int().positive().max(30).default(2),
  /** How far into an item's window in hours its owners are reminded, as a percentage (escalated at the end). */
  RISK_REMIND_AT_PERCENT: z.coerce.number().int().min(1).max(99).default(50),
  /** How often the referral scheduler looks for what is due. */
  REFERRAL_SCAN_MS: z.coerce.number().int().positive().default(30_000),
  /** End-to-end tests only: lets the test move the scheduler's clock (POST /dev/clock). Never set it in a deployment. */
  PORTAL_TEST_CLOCK: z.enum(["on", "off"]).default("off"),
  /** The audit trail's secret (ADR 022): at least 32 characters, never stored in the database. Required by the deployment build. */
  AUDIT_HMAC_KEY: z.string().optional(),
  /** Encrypts second-factor secrets and keys recovery codes (ADR 029): at least 32 characters, never stored in the database. Required by the deployment build. */
  MFA_SECRET_KEY: z.string().optional(),
  /** Where signed checkpoints of the audit trail are written: outside the database. Required by the deployment build. */
  AUDIT_CHECKPOINT_DIR: z.string().optional(),
  /** How often the audit trail's head is checkpointed (and mailed to the home force's PSD mailbox). */
  AUDIT_CHECKPOINT_MINUTES: minutes(60),
  /** Server processes in production (PostgreSQL only). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Single sign-on with the force's identity provider (OpenID Connect, ADR 031): all three, or none. */
  SSO_ISSUER_URL: issuerUrl.optional(),
  SSO_CLIENT_ID: z.string().max(200).optional(),
  SSO_CLIENT_SECRET: z.string().max(500).optional(),
  /** The ID token claim that carries the work email address. */
  SSO_EMAIL_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, "must be a claim name")
    .default("email"),
  /** `amr` values that count as multi-factor sign-in at the identity provider (any one is enough). */
  SSO_MFA_AMR: commaList("mfa,otp,hwk"),
  /** `acr` values that count as multi-factor sign-in at the identity provider (none by default). */
  SSO_MFA_ACR: commaList(""),
  /** "off" hides the password form and refuses passwords: only with single sign-on configured. */
  PASSWORD_SIGN_IN: z.enum(["on", "off"]).default("on"),
  /** The least important log line written (JSON lines on stdout); "silent" writes none. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Production settings and health (ADR 032). The secrets' length is checked where they are used (deployment-secret.ts),
  // and in a deployment with every other unsafe setting at once (deployment-check.server.ts).
  /** The folder `npm start` serves (`npm run build:e2e` and the tests build into others). */
  BUILD_DIR: z.string().default("build"),
  /** The bench build's baseline page answers only with BENCH_PAGES=1 (`npm run bench` sets it); a deployment refuses it. */
  BENCH_PAGES: z.enum(["0", "1"]).default("0"),
  /** Connections each server process keeps to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** A deployment refuses the embedded database unless this says it is a single-user trial. */
  PORTAL_EMBEDDED_DATABASE: z.enum(["single-user-trial"]).optional(),
  /** How long a stopping server (SIGTERM) may take to finish its requests and workers before it exits with 1. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

const CheckedEnvSchema = EnvSchema.superRefine((value, context) => {
  const sso = [value.SSO_ISSUER_URL, value.SSO_CLIENT_ID, value.SSO_CLIENT_SECRET];
  if (sso.some(Boolean) && !sso.every(Boolean)) {
    for (const [name, set] of [
      ["SSO_ISSUER_URL", value.SSO_ISSUER_URL],
      ["SSO_CLIENT_ID", value.SSO_CLIENT_ID],
      ["SSO_CLIENT_SECRET", value.SSO_CLIENT_SECRET],
    ] as const) {
      if (!set)
        context.addIssue({ code: "custom", path: [name], message: "single sign-on needs SSO_ISSUER_URL, SSO_CLIENT_ID and SSO_CLIENT_SECRET together" });
    }
  }
  if (value.PASSWORD_SIGN_IN === "off" && !sso.every(Boolean)) {
    context.addIssue({ code: "custom", path: ["PASSWORD_SIGN_IN"], message: "password sign-in can be switched off only when single sign-on is configured" });
  }
});

export type Env = z.infer<typeof CheckedEnvSchema>;

/** Reads and checks the environment; a bad value stops the server with the variable's name and what is wrong. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = CheckedEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`The portal cannot start: these environment variables are wrong:\n${problems}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Reads the environment again on the next `env()`: for tests (and the benchmark) that change a variable in-process. */
export function refreshEnv(): void {
  cached = undefined;
}
