import { expect, test } from "@playwright/test";
import { expectAccessible, expectNotFound, recordReceivedReportAs, signIn, signInForSetup, signOutForSetup } from "./support/fixtures";

// The auditor's journey (issue 18) with JavaScript off: the figures and their charts come from the server, a table
// downloads as CSV and the download is in the audit trail, and every case and request is "Page not found". The axe
// scans run in a second test with JavaScript on: axe needs the page's own timers, which do not run without it.

const AUDITOR = "perpetua.ashcombe-vale@northshire.police.invalid";

/** A published count: hidden ([c]), zero, or 5 and over. */
const SUPPRESSED_OR_SAFE = /^(\[c\]|0|[5-9]|[1-9]\d+)$/;

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the auditor reads the figures and charts without JavaScript, downloads a table (audited), and finds no case or request", async ({ page }) => {
    // Several sign-ins and pages on a shared, loaded machine.
    test.setTimeout(120_000);
    // A case and a support request that exist, so the auditor's 404s are refusals, not absences.
    const reference = await recordReceivedReportAs(page, "alys.penhallow@northshire.police.invalid", {
      suspectSearch: "Duxbury",
      suspectName: /Kieran Duxbury/,
      victim: { publicName: "Fictional Member-of-Public" },
      childrenInvolved: false,
      account: "Fictional account for the figures journey.",
      received: "In person",
    });
    await signInForSetup(page, "jordan.mistry-oake@northshire.police.invalid");
    await page.goto("/support/new");
    await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
    await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "My work email", exact: true }).check();
    await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page.getByText("Your request was sent.")).toBeVisible();
    const requestPath = new URL(page.url()).pathname;
    await signOutForSetup(page);

    await signIn(page, AUDITOR);
    const menu = page.getByRole("navigation", { name: "Main" });
    await expect(menu.getByRole("link", { name: "Figures" })).toBeVisible();
    await expect(menu.getByRole("link", { name: "Audit trail" })).toBeVisible();
    await expect(menu.getByRole("link", { name: "Oversight", exact: true })).toHaveCount(0);
    await menu.getByRole("link", { name: "Figures" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Monitoring figures" })).toBeVisible();
    // The charts are in the HTML as images with a title and a description; each has its table and a summary.
    const chart = page.getByRole("img", { name: /Police-suspect cases by how they were received/ });
    await expect(chart).toBeVisible();
    expect(await chart.locator("rect").count()).toBeGreaterThan(0);
    await expect(page.getByRole("table", { name: /Police-suspect cases by how they were received: number of cases in the period/ })).toBeVisible();
    // No count from 1 to 4 is published: each is hidden as [c] (how many cases there are depends on the tests that ran
    // before on this portal, so the test asks for the rule, not for one cell).
    const byArea = page.getByRole("table", { name: /Police-suspect cases by area: number of cases in the period/ });
    await expect(byArea.getByRole("row", { name: /^Total/ })).toBeVisible();
    const published = await byArea.locator("td").allTextContents();
    expect(published.length).toBeGreaterThan(0);
    for (const cell of published) expect(cell.trim()).toMatch(SUPPRESSED_OR_SAFE);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download this table as CSV (Police-suspect cases by area)" }).click();
    const file = await download;
    const csv = await (await import("node:fs/promises")).readFile((await file.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^Month,/);
    for (const row of csv.trim().split("\r\n").slice(1)) for (const cell of row.split(",").slice(1)) expect(cell).toMatch(SUPPRESSED_OR_SAFE);

    await page.goto("/oversight/figures/report");
    await expect(page.getByRole("heading", { level: 1, name: /Equality monitoring report/ })).toBeVisible();

    await page.goto("/audit?action=figures.export");
    await expect(page.getByRole("cell", { name: "figures.export" }).first()).toBeVisible();

    await expectNotFound(page, `/records/${reference}`);
    await expectNotFound(page, requestPath);
    expect((await page.request.get("/admin/people")).status()).toBe(403);
  });
});

test("the figures page and the equality report pass the accessibility scan", async ({ page }) => {
  test.setTimeout(120_000);
  await signInForSetup(page, AUDITOR);
  await page.goto("/oversight/figures");
  await expect(page.getByRole("heading", { level: 1, name: "Monitoring figures" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/oversight/figures/report");
  await expect(page.getByRole("heading", { level: 1, name: /Equality monitoring report/ })).toBeVisible();
  await expectAccessible(page);
});
