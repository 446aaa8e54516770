import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * How many portals the end-to-end suite starts side by side, one per Playwright worker (E2E_STACKS, default 2). Each
 * is a whole stack of its own: its server, its fresh embedded database and its SMTP catcher, so a worker's tests never
 * see another worker's mail, sign-ins or records (ADR 030).
 */
export const E2E_STACKS = Math.max(1, Number(process.env.E2E_STACKS ?? 2));

/**
 * Ports and settings of one stack. E2E_PORT_OFFSET moves every port at once, so two checkouts on one machine can run
 * their suites side by side; the stacks of one suite are 20 ports apart.
 */
export function e2eStack(stack: number) {
  const offset = Number(process.env.E2E_PORT_OFFSET ?? 0) + stack * 20;
  const port = 3210 + offset;
  const mailApiPort = 2526 + offset;
  const oidcPort = 4211 + offset;
  return {
    stack,
    port,
    baseUrl: `http://localhost:${port}`,
    smtpPort: 2525 + offset,
    mailApiUrl: `http://127.0.0.1:${mailApiPort}`,
    mailApiPort,
    /** A second origin for the forged cross-site form (127.0.0.1 is another site than localhost). */
    attackerOrigin: `http://127.0.0.1:${mailApiPort}`,
    /** The test identity provider for single sign-on (tests/support/oidc-provider.ts), started by sso.spec.ts. */
    oidcPort,
    oidcIssuer: `http://127.0.0.1:${oidcPort}`,
    oidcClient: { clientId: "staff-portal-e2e", clientSecret: "e2e-client-secret-not-a-secret" },
    quickExitUrl: "https://www.bbc.co.uk/weather",
    demoPassword: "Demo-Portal-2026!",
    /** Everything the stack's server writes while the suite runs (start-app.ts), for zz-log-leak.spec.ts to read. */
    serverLog: process.env.E2E_SERVER_LOG ? `${process.env.E2E_SERVER_LOG}.${stack}` : join(tmpdir(), `portal-e2e-server-${port}.log`),
    /** The TOTP steps the suite has used per demo account (tests/support/demo-totp.ts); start-app.ts clears it. */
    totpStepsFile: join(tmpdir(), `portal-e2e-totp-steps-${port}.json`),
  } as const;
}

/**
 * This process's stack: the one start-app.ts and mail-server.ts were started for (E2E_STACK), or, in a Playwright
 * worker, the one of its parallel index (a worker started again after a failure keeps its index, so its stack).
 */
export const E2E = e2eStack(Number(process.env.E2E_STACK ?? process.env.TEST_PARALLEL_INDEX ?? 0));
