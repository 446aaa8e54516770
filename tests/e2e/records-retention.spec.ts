import { expect, test } from "@playwright/test";
import { expectAccessible, expectSafeShell, persona, recordReceivedReportAs, signIn, signInForSetup, signOut, signOutForSetup } from "./support/fixtures";

// Records under the law (docs/features/retention-and-subject-access.md): PSD assembles a subject-access request with
// the exemptions recorded item by item (kept when assembled again) and marks it delivered, and places a legal hold
// whose lift waits for a second officer; an administrator sees what falls due in the next 30 days as counts, and
// downloads the audit trail for the external auditor. A constable finds none of it.
const NS = "northshire.police.invalid";
const suspect = `kieran.duxbury@${NS}`;

test.describe("retention and subject access", () => {
  test("PSD records, assembles (the victim's account withheld) and delivers a suspect's request; a constable finds nothing", async ({ page }) => {
    const reference = await recordReceivedReportAs(page, persona.constable, {
      suspectSearch: "Duxbury",
      suspectName: /Kieran Duxbury/,
      victim: { publicName: "Robin Fictional-Retention" },
      childrenInvolved: false,
      account: "Fictional account for the records-retention spec.",
      received: "In person",
    });

    await signIn(page, persona.psdOfficer);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Subject access" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Subject access" })).toBeVisible();
    await expectSafeShell(page);
    await expectAccessible(page);
    // A wrong email is answered next to the field, keeping what was typed.
    await page.getByLabel("Work email of the person asking").fill(`nobody.fictional@${NS}`);
    await page.getByLabel("Received on").fill("2026-12-01");
    await page.getByRole("button", { name: "Record the request" }).click();
    await expect(page.getByText("There is nobody with that work email whose request you can record").first()).toBeVisible();
    await expect(page.getByLabel("Received on")).toHaveValue("2026-12-01");
    await page.getByLabel("Work email of the person asking").fill(suspect);
    await page.getByRole("button", { name: "Record the request" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Subject-access request" })).toBeVisible();
    await expect(page.getByText("1 January 2027")).toBeVisible();
    await page.getByRole("button", { name: "Assemble the request" }).click();
    const account = page.getByRole("row", { name: new RegExp(`Case ${reference}: the account given in the report`) });
    await expect(account).toContainText("Withheld: Another person's personal data");
    await expect(account).toContainText("Proposed by the assembly: not yet decided");
    await expectAccessible(page);
    // PSD's own decision, with a note, survives assembling the request again.
    await account.getByLabel("Note (optional)").fill("Fictional note: the victim's account stays withheld.");
    await account.getByRole("button", { name: /Save/ }).click();
    await expect(account).toContainText("Decided by professional standards");
    await page.getByRole("button", { name: "Assemble it again" }).click();
    await expect(account).toContainText("Note: Fictional note: the victim's account stays withheld.");
    await expect(account).toContainText("Decided by professional standards");
    await page.getByRole("button", { name: "Mark as delivered" }).click();
    await expect(page.getByTestId("request-status")).toContainText("Delivered");
    await expect(page.getByRole("button", { name: "Mark as delivered" })).toHaveCount(0);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Legal holds" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Legal holds" })).toBeVisible();
    // A hold on the case; lifting it waits for a second PSD officer.
    await page.getByRole("radio", { name: "A case" }).check();
    await page.getByLabel("Case reference or work email").fill(reference);
    await page.getByLabel("Reason").fill("Fictional: a claim is expected.");
    await page.getByLabel("Review the hold by").fill("2099-01-31");
    await page.getByRole("button", { name: "Place the hold" }).click();
    const hold = page.getByRole("row", { name: new RegExp(reference) });
    await hold.getByLabel("Why it is lifted").fill("Fictional: the claim was withdrawn.");
    await hold.getByRole("button", { name: /Propose lifting the hold/ }).click();
    await expect(page.getByText("The hold stays in place until another professional standards officer confirms it")).toBeVisible();
    await expect(hold).toContainText("Another professional standards officer must confirm this");
    await expect(hold.getByRole("button", { name: /Confirm lifting/ })).toHaveCount(0);
    await expectAccessible(page);
    await signOut(page);

    await signInForSetup(page, persona.constable);
    for (const path of ["/records/subject-access", "/records/holds", "/admin/retention", "/audit/export", "/audit/export.jsonl"]) {
      expect((await page.request.get(path)).status(), path).toBe(404);
    }
    await signOutForSetup(page);
  });

  test("an administrator sees what falls due in the next 30 days as counts, and downloads the audit trail", async ({ page }) => {
    await signIn(page, persona.administrator);
    await page.goto("/admin");
    await page.getByRole("link", { name: "Retention" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Retention" })).toBeVisible();
    for (const type of ["SUPPORT_DRAFT", "SUPPORT_REQUEST", "POLICE_SUSPECT_CASE"]) await expect(page.getByTestId(`due-${type}`)).toHaveText(/^\d+$/);
    await expect(page.getByRole("row", { name: /The audit trail/ })).toContainText("Never deleted by the portal");
    await expectSafeShell(page);
    await expectAccessible(page);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit export" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Export the audit trail" })).toBeVisible();
    await expectAccessible(page);
    const download = await page.request.get("/audit/export.jsonl");
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toMatch(/attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.jsonl"/);
    const [header] = (await download.text()).split("\n");
    expect(JSON.parse(header!)).toMatchObject({ kind: "header", version: 1 });
    expect((await page.request.get("/audit/export.jsonl?from=not-a-date")).status()).toBe(400);
  });
});
