import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Ports and settings shared by the end-to-end servers and the tests. E2E_PORT_OFFSET moves every port at once, so two
 * checkouts on one machine can run their suites side by side.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const port = 3210 + offset;
const mailApiPort = 2526 + offset;
const oidcPort = 4211 + offset;

export const E2E = {
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
  /** Everything the portal's server writes while the suite runs (start-app.ts), for zz-log-leak.spec.ts to read. */
  serverLog: process.env.E2E_SERVER_LOG || join(tmpdir(), `portal-e2e-server-${port}.log`),
  /** The TOTP steps the suite has used per demo account (tests/support/demo-totp.ts); start-app.ts clears it. */
  totpStepsFile: join(tmpdir(), `portal-e2e-totp-steps-${port}.json`),
} as const;
