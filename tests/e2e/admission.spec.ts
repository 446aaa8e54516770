import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E } from "./support/constants";
import {
  declareNoConnection,
  expectAccessible,
  expectNotFound,
  expectSafeShell,
  persona,
  signIn,
  signInForSetup,
  signOut,
  signOutForSetup,
  ukDay,
} from "./support/fixtures";

// The demo organisation's people (prisma/seed-data.ts; all fictional). The admitting employee is a chief inspector no
// other spec signs in as, so the case they become the suspect in touches no other journey.
const NS = "northshire.police.invalid";
const ADMITTER = `olumide.farrant@${NS}`;
const ACCOUNT = "Fictional test admission: I have been controlling my partner's money and shouting at them, and I want to stop.";

async function moveClock(request: APIRequestContext, form: Record<string, string>) {
  const response = await request.post(`${E2E.baseUrl}/dev/clock`, { form, headers: { Origin: E2E.baseUrl } });
  expect(response.status()).toBe(200);
}

test.describe("an employee's admission and the suspect's risk and duties plan", () => {
  test.afterEach(async ({ request }) => {
    await moveClock(request, { reset: "1" });
  });

  test("an employee admits abuse; PSD sees the case and its chain; the employee keeps only the receipt; an overdue plan review reaches the dashboard", async ({
    page,
  }) => {
    test.setTimeout(120_000); // three people, a case, a plan and the clock moved: a long journey on a slow machine
    // The employee finds the route from Support, and is told before writing anything that it is not confidential.
    await signIn(page, ADMITTER);
    await page.goto("/support");
    await page.getByRole("link", { name: /Programmes that help people stop/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "If you are harming someone at home" })).toBeVisible();
    await expectSafeShell(page);
    await expect(page.getByRole("heading", { level: 2, name: "This is not confidential" })).toBeVisible();
    await expect(page.getByText(/treated as an admission of a crime and investigated as such/)).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "Northshire Behaviour Change Programme (fictional)" })).toBeVisible();
    await expectAccessible(page);

    // An empty account is refused, with the message by the field.
    await page.getByLabel(/I have read that this is not confidential/).check();
    await page.getByRole("group", { name: "Do any children live with you, or are any involved?" }).getByRole("radio", { name: "No" }).check();
    await page.getByRole("group", { name: "Is anyone in immediate danger?" }).getByRole("radio", { name: "No" }).check();
    await page.getByRole("button", { name: "Send to professional standards" }).click();
    await expect(page.locator("#account-error")).toContainText("Write what you want to tell professional standards");
    await expectAccessible(page);
    await page.getByLabel("What has been happening").fill(ACCOUNT);
    await page.getByRole("button", { name: "Send to professional standards" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sent to professional standards" })).toBeVisible();
    await expectSafeShell(page);
    await expect(page.locator("main")).not.toContainText(ACCOUNT);
    await expectAccessible(page);
    await signOut(page);

    // PSD has it at once: the newest case under oversight, opened after declaring, with the chain already running.
    await signIn(page, persona.psdOfficer);
    await page.goto("/records");
    const reference = (await page.getByRole("table", { name: "Cases" }).getByRole("link").first().textContent())?.trim() ?? "";
    expect(reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await declareNoConnection(page, reference);
    await expect(page.getByText(ACCOUNT)).toBeVisible();
    await expect(page.getByText("An admission by the suspect, through the portal")).toBeVisible();
    await page.goto(`/records/${reference}/referrals`);
    await expect(page.getByRole("table", { name: "Who was told" })).toContainText("Supervising officer");
    await signOut(page);

    // The employee, now the suspect: "not found" on the case and its plan, and it is in no list of theirs.
    await signInForSetup(page, ADMITTER);
    await expectNotFound(page, `/records/${reference}`);
    await expectNotFound(page, `/records/${reference}/suspect-plan`);
    await page.goto("/records");
    await expect(page.locator("main")).not.toContainText(reference);
    await signOutForSetup(page);

    // PSD decides an item of the suspect's plan, with a review date, and records the welfare offered.
    await signIn(page, persona.psdOfficer);
    await page.goto(`/records/${reference}`);
    await page.getByRole("link", { name: "Suspect’s risk and duties plan" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Suspect’s risk and duties plan" })).toBeVisible();
    await expectSafeShell(page);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Decide this item: Vetting review" }).click();
    await page.getByLabel("Decision").selectOption({ label: "Referred for a vetting review" });
    // No rationale: refused by the field, keeping the decision chosen.
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect(page.locator("#rationale-error")).toContainText("Give the rationale for the decision");
    await expect(page.getByLabel("Decision")).toHaveValue("referred");
    await page.getByLabel("Rationale").fill("Fictional: an admitted offence calls the vetting into question.");
    await page.getByLabel("Owner").selectOption({ index: 1 });
    await page.getByLabel("Review by").fill(ukDay(1));
    await expectAccessible(page);
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect(page.getByText("The decision is recorded.")).toBeVisible();
    const vetting = page.getByRole("region", { name: "Vetting review" });
    await expect(vetting).toContainText("Referred for a vetting review");
    await page.getByRole("radio", { name: "Police Federation" }).check();
    await page.getByRole("radio", { name: "Accepted" }).check();
    await page.getByRole("button", { name: "Record the offer" }).click();
    await expect(page.getByText("The offer of support is recorded.")).toBeVisible();
    await expect(page.getByRole("table", { name: /Support offered to the suspect/ })).toContainText("Police Federation");

    // Three days on (the test clock), the review is overdue: on the plan, and on the dashboard as the reference alone.
    await moveClock(page.request, { minutes: String(3 * 24 * 60) });
    await page.reload();
    await expect(vetting).toContainText("(overdue)");
    await page.goto("/oversight");
    const reviews = page.getByRole("region", { name: "Suspects' risk and duties plans" });
    await expect(reviews.getByRole("link", { name: new RegExp(`${reference}.*1 review overdue`) })).toBeVisible();
    await expect(reviews).not.toContainText(/vetting|Farrant|Fictional/i);
    await expectAccessible(page);
    await signOut(page);
  });
});
