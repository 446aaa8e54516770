import { expect, test } from "@playwright/test";
import { declareNoConnection, recordReceivedReportAs, signInForSetup, type ReceivedReport } from "./support/fixtures";

// Promise 1 of the threat model, end to end: a PSD officer who reads a case, then is made the suspect's line manager
// by an administrator and a second administrator's approval, gets "Page not found" at their very next request; the
// case leaves their list, and the other PSD officers are told that their access lapsed. (All people are fictional.)
const NS = "northshire.police.invalid";
const people = {
  reporter: `alys.penhallow@${NS}`,
  psdOfficer: `niamh.oakridge@${NS}`, // PSD staff investigator: on every case's access list from intake
  otherPsdOfficer: `callum.ferrisby@${NS}`,
  administrator: `ivo.brennand@${NS}`,
  secondAdministrator: `odessa.quillfeather@${NS}`, // a change of line manager waits for a second administrator (ADR 023)
};
const REPORT: ReceivedReport = {
  suspectSearch: "Lindqvist",
  suspectName: /Lindqvist/, // the occupational health lead (Samira, "Sam")
  victim: { publicName: "Robin Fictional-Reorganised" },
  childrenInvolved: false,
  account: "Fictional test account for the reorganisation after intake.",
  received: "In person",
};

test("an administrator makes a PSD officer the suspect's line manager: their next request is 'Page not found', and PSD is told", async ({ page, browser }) => {
  test.setTimeout(180_000); // two people's sessions and an administrator's change, on a shared machine
  const reference = await recordReceivedReportAs(page, people.reporter, REPORT);

  // The PSD officer declares no connection and reads the case, as they may.
  await signInForSetup(page, people.psdOfficer);
  await declareNoConnection(page, reference);
  await expect(page.getByText(REPORT.account)).toBeVisible();

  // Meanwhile, in another browser, the administrator makes them the suspect's line manager.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInForSetup(admin, people.administrator);
  await admin.goto("/admin/people?q=Lindqvist");
  await admin
    .getByRole("link", { name: /Lindqvist/ })
    .first()
    .click();
  const manager = admin.getByLabel("Line manager (optional)");
  await manager.selectOption((await manager.locator("option", { hasText: "Oakridge" }).first().getAttribute("value"))!);
  await admin.getByRole("button", { name: "Save the changes" }).click();
  await expect(admin.getByRole("status")).toContainText("waits for a second administrator");
  await adminContext.close();

  // Until a second administrator approves, nothing has changed: the PSD officer still reads the case.
  await page.goto(`/records/${reference}`);
  await expect(page.getByText(REPORT.account)).toBeVisible();

  const approverContext = await browser.newContext();
  const approver = await approverContext.newPage();
  await signInForSetup(approver, people.secondAdministrator);
  await approver.goto("/admin/changes");
  await approver.getByRole("listitem").filter({ hasText: "Lindqvist" }).getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("status")).toContainText("approved and has taken effect");
  await approverContext.close();

  // The PSD officer's next request, in the session they already had: exactly what a case that does not exist gets.
  await page.goto(`/records/${reference}`);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByText(REPORT.account)).toHaveCount(0);
  await page.goto("/records");
  await expect(page.getByText(reference)).toHaveCount(0);

  // Another PSD officer sees that the access lapsed, with the reference and nothing of the case.
  await signInForSetup(page, people.otherPsdOfficer);
  await page.goto("/alerts");
  // Theirs, and their own manager's: the head of PSD is now above the suspect too.
  const lapsed = page.getByRole("row", { name: new RegExp(reference) }).filter({ hasText: "Access lapsed" });
  await expect(lapsed.filter({ hasText: "Niamh Oakridge" })).toHaveCount(1);
  await expect(lapsed.filter({ hasText: "Helena Brackenridge" })).toHaveCount(1);
  await expect(lapsed).toHaveCount(2);
});
