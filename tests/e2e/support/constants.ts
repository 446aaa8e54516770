/** Ports and settings shared by the end-to-end servers and the tests. */
export const E2E = {
  port: 3210,
  baseUrl: "http://localhost:3210",
  smtpPort: 2525,
  mailApiUrl: "http://127.0.0.1:2526",
  mailApiPort: 2526,
  /** A second origin for the forged cross-site form (127.0.0.1 is another site than localhost). */
  attackerOrigin: "http://127.0.0.1:2526",
  quickExitUrl: "https://www.bbc.co.uk/weather",
  demoPassword: "Demo-Portal-2026!",
} as const;
