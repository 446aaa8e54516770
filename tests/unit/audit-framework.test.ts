import { describe, expect, it } from "vitest";
import { FRAMEWORK_PACKAGE, readAuditReport } from "../../scripts/audit-framework";

// `npm audit --json` output as npm 11 writes it (report version 2), cut down to what the check reads.
const advisory = (name: string, via: unknown[]) => ({
  name,
  severity: "high",
  isDirect: true,
  via,
  effects: [],
  range: "*",
  nodes: [`node_modules/${name}`],
  fixAvailable: true,
});

describe("npm run audit:framework", () => {
  it("is about the router and the framework only", () => {
    for (const name of ["react-router", "@react-router/node", "@react-router/express", "react", "react-dom"]) expect(name).toMatch(FRAMEWORK_PACKAGE);
    for (const name of ["react-is", "cookie", "express", "@remix-run/router", "zod"]) expect(name).not.toMatch(FRAMEWORK_PACKAGE);
  });

  it("fails on an advisory for a framework package, its own or through a dependency, and names the rest", () => {
    const outcome = readAuditReport(
      JSON.stringify({
        auditReportVersion: 2,
        vulnerabilities: {
          "react-router": advisory("react-router", [
            { source: 1, name: "react-router", title: "Fictional advisory", url: "https://github.com/advisories/GHSA-xxxx" },
          ]),
          "@react-router/node": advisory("@react-router/node", ["cookie"]),
          cookie: advisory("cookie", [{ source: 2, name: "cookie", title: "Another fictional advisory" }]),
        },
        metadata: { vulnerabilities: { high: 3, total: 3 } },
      }),
    );
    expect(outcome).toEqual({
      kind: "advisories",
      findings: [
        { name: "react-router", severity: "high", via: ["Fictional advisory https://github.com/advisories/GHSA-xxxx"] },
        { name: "@react-router/node", severity: "high", via: ["through cookie"] },
      ],
      otherPackages: ["cookie"],
    });
  });

  it("passes a report with no framework advisory", () => {
    expect(readAuditReport(JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: {} }))).toEqual({ kind: "clean", otherPackages: [] });
    expect(readAuditReport(JSON.stringify({ auditReportVersion: 2, vulnerabilities: { cookie: advisory("cookie", []) } }))).toEqual({
      kind: "clean",
      otherPackages: ["cookie"],
    });
  });

  it("never reports an audit that could not reach the registry as clean", () => {
    // What npm printed here on 2026-12-05: the registry's bulk advisory endpoint refused the POST.
    const refused = JSON.stringify({
      message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
      statusCode: 405,
      body: "",
    });
    expect(readAuditReport(refused)).toEqual({ kind: "unreachable", reason: expect.stringContaining("405 Method Not Allowed") });
    expect(readAuditReport(JSON.stringify({ error: { code: "ENOTFOUND", summary: "request to https://registry.npmjs.org failed" } }))).toMatchObject({
      kind: "unreachable",
    });
    expect(readAuditReport("")).toMatchObject({ kind: "unreachable" });
  });
});
