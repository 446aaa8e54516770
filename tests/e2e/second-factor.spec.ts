import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { enterCode, expectAccessible, expectSafeShell, persona, signOut } from "./support/fixtures";
import { demoSecretOf, freshCode } from "../support/demo-totp";

// A PSD officer seeded without a second factor (prisma/seed-data.ts): she must enrol at first sign-in.
const newStarter = "rowena.quickfield@northshire.police.invalid";
// A DA coordinator with the demo's fixed secret, for the page without JavaScript.
const coordinator = "grace.ellerby@northshire.police.invalid";

async function passwordStep(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Password").fill(E2E.demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a PSD officer must enrol first, then signs in with a code, and a recovery code works exactly once", async ({ page }) => {
  await passwordStep(page, newStarter);
  // Nothing protected is reachable before enrolment: every page leads back to it.
  await expect(page).toHaveURL(/\/account\/second-factor$/);
  await expect(page.getByRole("heading", { level: 1, name: "Second factor" })).toBeVisible();
  await expect(page.getByText("Your roles in the portal need a second factor")).toBeVisible();
  await expectSafeShell(page);
  await expectAccessible(page);
  for (const path of ["/audit", "/records", "/profile"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/account\/second-factor$/);
  }

  // Enrol: the key shown, a wrong code refused next to the field (the same key stays), then the right one.
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  await page.getByLabel("Your password").fill(E2E.demoPassword);
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on the second factor" }).click();
  await expect(page.locator("#code-error")).toContainText("That code did not match");
  expect((await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "")).toBe(secret);
  await expectAccessible(page);
  await page.getByLabel("Your password").fill(E2E.demoPassword);
  await page.getByLabel("Code from the app").fill(await freshCode(newStarter, secret));
  await page.getByRole("button", { name: "Turn on the second factor" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Save your recovery codes" })).toBeVisible();
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allInnerTexts();
  expect(codes).toHaveLength(10);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Continue to the portal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  await signOut(page);

  // The password alone is not enough any more: the code step, a wrong code, then the right one.
  await passwordStep(page, newStarter);
  await expect(page).toHaveURL(/\/sign-in\/code/);
  await expect(page.getByRole("heading", { level: 1, name: "Enter the code from your authenticator app" })).toBeVisible();
  await expectSafeShell(page);
  await expectAccessible(page);
  await page.getByLabel("Code", { exact: true }).fill("123456");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#code-error")).toContainText("That code did not work");
  await expectAccessible(page);
  await enterCode(page, newStarter, secret);
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  await signOut(page);

  // A recovery code instead: it works once…
  const recoveryCode = codes[0]!;
  await passwordStep(page, newStarter);
  await page.getByRole("link", { name: "Use a recovery code instead" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enter a recovery code" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Recovery code").fill(recoveryCode);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  await signOut(page);

  // …and the same code fails the second time.
  await passwordStep(page, newStarter);
  await page.getByRole("link", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCode);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#code-error")).toContainText("That recovery code did not work");
  await expect(page).toHaveURL(/\/sign-in\/code/);
  await expectAccessible(page);
});

test("a constable signs in with the password alone", async ({ page }) => {
  expect(demoSecretOf(persona.constable)).toBeNull();
  await passwordStep(page, persona.constable);
  await expect(page).toHaveURL(`${E2E.baseUrl}/`);
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the code step is a plain form: a wrong code is explained next to the field, the right one signs in", async ({ page }) => {
    const secret = demoSecretOf(coordinator)!;
    await passwordStep(page, coordinator);
    await expect(page.getByRole("heading", { level: 1, name: "Enter the code from your authenticator app" })).toBeVisible();
    await page.getByLabel("Code", { exact: true }).fill("12 34");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator("#code-error")).toContainText("6-digit code");
    await page.getByLabel("Code", { exact: true }).fill("999999");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator("#code-error")).toContainText("That code did not work");
    await page.getByLabel("Code", { exact: true }).fill(await freshCode(coordinator, secret));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  });
});

test("a sign-in page left open in another tab signs in its own person, over the session another person started since", async ({ context }) => {
  const secret = demoSecretOf(coordinator)!;
  const leftOpen = await context.newPage();
  await leftOpen.goto("/sign-in");
  // Meanwhile, in another tab of the same browser, the constable signs in.
  const constableTab = await context.newPage();
  await passwordStep(constableTab, persona.constable);
  await expect(constableTab.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  const constableCookie = (await context.cookies()).find((cookie) => cookie.name.endsWith("portal_session"))!;

  // The coordinator uses the page that was left open: the code step is asked for, not the constable's home page.
  await leftOpen.getByLabel("Work email address").fill(coordinator);
  await leftOpen.getByLabel("Password").fill(E2E.demoPassword);
  await leftOpen.getByRole("button", { name: "Sign in" }).click();
  await expect(leftOpen.getByRole("heading", { level: 1, name: "Enter the code from your authenticator app" })).toBeVisible();
  await expectAccessible(leftOpen);
  await leftOpen.getByLabel("Code", { exact: true }).fill("999999");
  await leftOpen.getByRole("button", { name: "Continue" }).click();
  await expect(leftOpen.locator("#code-error")).toContainText("That code did not work");
  await leftOpen.getByLabel("Code", { exact: true }).fill(await freshCode(coordinator, secret));
  await leftOpen.getByRole("button", { name: "Continue" }).click();
  await expect(leftOpen.getByRole("heading", { level: 1, name: "Hello, Grace" })).toBeVisible();

  // The constable's session ended when the coordinator's password was taken: replayed, it opens nothing.
  const replayed = await fetch(`${E2E.baseUrl}/`, { headers: { Cookie: `${constableCookie.name}=${constableCookie.value}` }, redirect: "manual" });
  expect(replayed.status).toBe(302);
  expect(replayed.headers.get("location")).toMatch(/^\/sign-in/);
});
