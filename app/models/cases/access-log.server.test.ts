import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { appendAudit } from "~/utils/audit.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { accessLogCsv, caseAccessLog, caseAccessLogPages } from "./access-log.server";

describeEachDatabase("a case's access log, on the page and exported", (use) => {
  const caseId = randomUUID();
  const otherCaseId = randomUUID();

  async function logOf(id: string, reason: string, details: Record<string, unknown> | null = null) {
    await appendAudit(use().prisma, {
      action: "access.read",
      subjectType: "PoliceSuspectCase",
      subjectId: id,
      outcome: "ALLOWED",
      reason,
      ipAddress: "192.0.2.10",
      details,
    });
  }

  it("exports every row of the case, newest first, read a page at a time, as CSV a spreadsheet will not run", async () => {
    const { prisma } = use();
    await logOf(caseId, "First fictional reason");
    await logOf(otherCaseId, "Another case's row");
    await logOf(caseId, '=HYPERLINK("http://example.invalid"), fictional', { via: "page" });
    for (let n = 3; n <= 5; n++) await logOf(caseId, `Fictional reason ${n}`);

    const csv = await new Response(accessLogCsv(caseAccessLogPages(prisma, caseId, { pageSize: 2 }))).text();
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("When (UTC),Person,Action,Outcome,Reason,Via,From address,How it came");
    expect(lines.slice(1, -1).map((line) => line.split(",").slice(4).join(","))).toEqual([
      "Fictional reason 5,,192.0.2.10,",
      "Fictional reason 4,,192.0.2.10,",
      "Fictional reason 3,,192.0.2.10,",
      `"'=HYPERLINK(""http://example.invalid""), fictional",page,192.0.2.10,`,
      "First fictional reason,,192.0.2.10,",
    ]);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z,The portal,Opened the case,ALLOWED,/);
    expect(lines.at(-1)).toBe("");
    expect(csv).not.toContain("Another case's row");
    // The page shows the same rows as the export.
    expect((await caseAccessLog(prisma, caseId)).map((row) => row.reason)).toEqual(
      [5, 4, 3].map((n) => `Fictional reason ${n}`).concat(['=HYPERLINK("http://example.invalid"), fictional', "First fictional reason"]),
    );
  });

  it("stops at the limit, however the pages fall", async () => {
    const pages: string[][] = [];
    for await (const page of caseAccessLogPages(use().prisma, caseId, { pageSize: 2, limit: 3 })) pages.push(page.map((row) => row.reason ?? ""));
    expect(pages).toEqual([["Fictional reason 5", "Fictional reason 4"], ["Fictional reason 3"]]);
  });
});
