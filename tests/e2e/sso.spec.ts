import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { enterCode, expectAccessible, expectSafeShell, signOut } from "./support/fixtures";
import { demoSecretOf } from "../support/demo-totp";
import { startTestProvider, type TestProvider } from "../support/oidc-provider";

// Single sign-on against a real OpenID provider (oidc-provider) on loopback, at the issuer the e2e server is configured
// with (start-app.ts). The provider's page lets the test choose a fictional account (tests/support/oidc-provider.ts).
let provider: TestProvider;

test.beforeAll(async () => {
  provider = await startTestProvider({
    port: E2E.oidcPort,
    clients: [{ ...E2E.oidcClient, redirectUris: [`${E2E.baseUrl}/sign-in/sso/callback`] }],
  });
});

test.afterAll(async () => {
  await provider?.stop();
});

/** From the portal's sign-in page to the provider's, signing in there as `accountId`. */
async function signInAtProvider(page: Page, accountId: string) {
  // The provider would remember the last account: each sign-in there starts afresh.
  await page.context().clearCookies({ domain: "127.0.0.1" });
  await page.getByRole("button", { name: "Use your force account" }).click();
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await page.locator(`#a-${accountId}`).check();
  await page.getByRole("button", { name: "Sign in at the provider" }).click();
}

test("a constable signs in with their force account; the page that finishes it passes the axe scan", async ({ page }) => {
  await page.goto("/sign-in?redirectTo=%2Fprofile");
  await expect(page.getByRole("button", { name: "Use your force account" })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectAccessible(page);

  // Hold the callback form's POST until its page has been checked: with JavaScript it is sent at once.
  let release!: () => void;
  const scanned = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/sign-in\/sso\/callback(\.data)?$/, async (route) => {
    if (route.request().method() === "POST") await scanned;
    await route.continue();
  });
  await signInAtProvider(page, "alys-pwd");
  await expect(page.getByRole("heading", { level: 1, name: "Finishing signing in" })).toBeVisible();
  await expectSafeShell(page);
  await expectAccessible(page);
  // Only the state and code come back in the address; nothing about the person.
  expect(page.url()).not.toMatch(/alys|penhallow|northshire/i);
  release();

  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByText("alys.penhallow@northshire.police.invalid")).toBeVisible();
  await signOut(page);
});

test("a PSD officer with a second factor still enters a code unless the provider asserts MFA", async ({ page }) => {
  const email = "callum.ferrisby@northshire.police.invalid";
  await page.goto("/sign-in");
  await signInAtProvider(page, "callum-pwd");
  await expect(page.getByText("Your force account confirmed who you are.")).toBeVisible();
  await enterCode(page, email, demoSecretOf(email)!);
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  await signOut(page);

  await page.goto("/sign-in");
  await signInAtProvider(page, "callum-mfa");
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  await signOut(page);
});

test("someone the portal does not know is refused with the same answer as a wrong password, and nothing is created", async ({ page }) => {
  await page.goto("/sign-in");
  await signInAtProvider(page, "nobody");
  await expect(page).toHaveURL(/\/sign-in\?sso=refused$/);
  await expect(page.getByRole("alert")).toContainText("Those details did not work.");
  await expectAccessible(page);
  // Not signed in: a protected page leads back to sign-in.
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/sign-in/);

  // An email the provider has not verified gets exactly the same page.
  await page.goto("/sign-in");
  await signInAtProvider(page, "unverified");
  await expect(page).toHaveURL(/\/sign-in\?sso=refused$/);
  await expect(page.getByRole("alert")).toContainText("Those details did not work.");
});
