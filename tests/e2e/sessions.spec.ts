// Sessions the owner controls (THREATS.md A4, promise 6): someone who left themselves signed in elsewhere, or whose
// password was used by someone else, sees where they are signed in and ends it; that browser is signed out at its
// next request. Each test signs one person in from separate browsers (browser contexts).
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { expectAccessible, expectSafeShell, signIn } from "./support/fixtures";

const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const TABLET_FIREFOX = "Mozilla/5.0 (Android 14; Tablet; rv:133.0) Gecko/133.0 Firefox/133.0";

/** A new browser (its own cookies) with the person signed in. */
async function signedInBrowser(
  browser: Browser,
  email: string,
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** The part of the session cookie that is the session's id (the cookie is `id.secret`). */
async function sessionIdOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(E2E.baseUrl)).find((candidate) => /portal_session$/.test(candidate.name));
  const id = cookie?.value.split(".")[0];
  expect(id, "the session cookie").toBeTruthy();
  return id!;
}

/** The next request of a browser whose session has ended lands on the sign-in page, showing nothing of the person's. */
async function expectSignedOut(page: Page, path: string) {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("it was ended from another device");
  await expect(page.getByRole("link", { name: "My details" })).toHaveCount(0);
}

/** Changes the demo password on My details to `next`, as the person types it. */
async function changePassword(page: Page, next: string) {
  await page.goto("/profile");
  await page.getByLabel("Current password").fill(E2E.demoPassword);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Type the new password again").fill(next);
  await page.getByRole("button", { name: "Change my password" }).click();
}

test("a person signed in on a phone ends that session from their desk, and the phone is signed out at its next request", async ({ browser }) => {
  const email = "ffion.gwilliam@northshire.police.invalid";
  const desk = await signedInBrowser(browser, email);
  const phone = await signedInBrowser(browser, email, { userAgent: PHONE });

  await desk.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Where you’re signed in" }).click();
  await expect(desk.page.getByRole("heading", { level: 1, name: "Where you’re signed in" })).toBeVisible();
  await expectSafeShell(desk.page);
  await expectAccessible(desk.page);
  const rows = desk.page.getByRole("row");
  await expect(rows.filter({ hasText: "(this device)" })).toHaveCount(1);
  const phoneRow = rows.filter({ hasText: "Safari on iOS (mobile)" });
  await expect(phoneRow).toHaveCount(1);
  await expect(phoneRow.getByRole("cell").nth(1)).not.toBeEmpty();
  // Neither browser's session id is anywhere in the page: the rows are named by handles only.
  const source = await desk.page.content();
  for (const id of [await sessionIdOf(desk.context), await sessionIdOf(phone.context)]) expect(source).not.toContain(id);

  await phoneRow.getByRole("button", { name: /End this session/ }).click();
  await expect(desk.page.getByRole("status")).toContainText("That session has ended");
  await expect(rows.filter({ hasText: "Safari on iOS (mobile)" })).toHaveCount(0);
  await expect(desk.page.getByText("You are not signed in anywhere else.")).toBeVisible();

  await expectSignedOut(phone.page, "/support");
  // The desk is still signed in.
  await desk.page.goto("/account/sessions");
  await expect(desk.page.getByRole("row").filter({ hasText: "(this device)" })).toHaveCount(1);
  await desk.context.close();
  await phone.context.close();
});

test("“End all other sessions” signs out every other browser and keeps this one", async ({ browser }) => {
  const email = "owen.tarrant@northshire.police.invalid";
  const here = await signedInBrowser(browser, email);
  const phone = await signedInBrowser(browser, email, { userAgent: PHONE });
  const tablet = await signedInBrowser(browser, email, { userAgent: TABLET_FIREFOX });

  await here.page.goto("/account/sessions");
  await expect(here.page.getByRole("row").filter({ hasText: "Firefox on Android" })).toHaveCount(1);
  await here.page.getByRole("button", { name: "End all other sessions" }).click();
  await expect(here.page.getByRole("status")).toContainText("You were signed out everywhere else (2 sessions ended).");
  await expect(here.page.getByRole("row")).toHaveCount(2); // the heading row and this device
  await expectAccessible(here.page);

  await expectSignedOut(phone.page, "/profile");
  await expectSignedOut(tablet.page, "/account/sessions");
  await here.page.goto("/profile");
  await expect(here.page.getByRole("heading", { level: 1, name: "My details" })).toBeVisible();
  for (const browserContext of [here.context, phone.context, tablet.context]) await browserContext.close();
});

test("changing the password signs out the other browser, and My details says how many sessions ended", async ({ browser }) => {
  const email = "catherine.ravensworth@northshire.police.invalid";
  const here = await signedInBrowser(browser, email);
  const other = await signedInBrowser(browser, email, { userAgent: PHONE });

  await changePassword(here.page, "Fictional-Ravensworth-Phrase-26");
  await expect(here.page.getByRole("status")).toContainText("Your password was changed. You were signed out everywhere else (1 session ended).");

  await expectSignedOut(other.page, "/support");
  await here.page.getByRole("link", { name: "Where you’re signed in" }).last().click();
  await expect(here.page.getByRole("row")).toHaveCount(2); // the heading row and this device
  for (const browserContext of [here.context, other.context]) await browserContext.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the end button is a plain form, and a password known to attackers is refused next to its field", async ({ browser }) => {
    const email = "declan.moorcroft@northshire.police.invalid";
    const here = await signedInBrowser(browser, email, { javaScriptEnabled: false });
    const other = await signedInBrowser(browser, email, { javaScriptEnabled: false, userAgent: PHONE });

    await here.page.goto("/account/sessions");
    await here.page
      .getByRole("row")
      .filter({ hasText: "Safari on iOS (mobile)" })
      .getByRole("button", { name: /End this session/ })
      .click();
    await expect(here.page.getByRole("status")).toContainText("That session has ended");
    await expect(here.page.getByRole("row").filter({ hasText: "Safari on iOS (mobile)" })).toHaveCount(0);
    await expectSignedOut(other.page, "/account/sessions");

    await changePassword(here.page, "Password1234");
    await expect(here.page.locator("#password-error")).toContainText("This password is on a list of passwords known to attackers. Choose another.");
    await expect(here.page.getByLabel("New password", { exact: true })).toHaveValue("");
    for (const browserContext of [here.context, other.context]) await browserContext.close();
  });
});
