import { expect, test } from "@playwright/test";
import { persona, signIn, signOut } from "./support/fixtures";

// Run without JavaScript: every administration form must work as a plain HTML form.
test.use({ javaScriptEnabled: false });

const NEW_PERSON = { first: "Quentin", last: "Testperson", email: "quentin.testperson@northshire.police.invalid" };

// Administrators no longer set passwords (four eyes, ADR 023): the person chooses theirs from a set-up link, and the
// role waits for a second administrator. That journey, with JavaScript, is four-eyes.spec.ts; here the same forms
// work as plain HTML.
test("an administrator adds a person with a role: the role waits for a second administrator and no password field is offered", async ({ page }) => {
  await signIn(page, persona.administrator);
  await page.goto("/admin/people/new");

  // Bad input first: the page explains each problem and keeps what was typed.
  await page.getByLabel("First name").fill(NEW_PERSON.first);
  await page.getByLabel("Work email address").fill("not an email");
  await page.getByRole("button", { name: "Add the person" }).click();
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page.getByLabel("First name")).toHaveValue(NEW_PERSON.first);

  await page.getByLabel("Last name").fill(NEW_PERSON.last);
  await page.getByLabel("Work email address").fill(NEW_PERSON.email);
  await page.getByLabel("Police officer", { exact: true }).check();
  await page.getByLabel("Rank (police officers)").selectOption("CONSTABLE");
  await page.getByLabel("Force").selectOption({ label: "Northshire Constabulary (fictional)" });
  await page.getByLabel("Professional standards officer").check();
  await page.getByRole("button", { name: "Add the person" }).click();
  await expect(page.getByRole("status")).toContainText("The person was added");

  // A duplicate email is refused next to the field.
  await page.goto("/admin/people/new");
  await page.getByLabel("First name").fill("Another");
  await page.getByLabel("Last name").fill("Person");
  await page.getByLabel("Work email address").fill(NEW_PERSON.email);
  await page.getByLabel("Police officer", { exact: true }).check();
  await page.getByLabel("Rank (police officers)").selectOption("CONSTABLE");
  await page.getByLabel("Force").selectOption({ label: "Northshire Constabulary (fictional)" });
  await page.getByRole("button", { name: "Add the person" }).click();
  await expect(page.locator("#workEmail-error")).toContainText("already used");

  await page.goto(`/admin/people?q=${NEW_PERSON.last}`);
  await page.getByRole("link", { name: new RegExp(NEW_PERSON.last) }).click();
  await expect(page.locator('input[type="password"]')).toHaveCount(0);
  await expect(page.getByText("Give the role Professional standards officer")).toBeVisible();
  await expect(page.getByLabel("Professional standards officer")).not.toBeChecked();
  await page.getByRole("button", { name: "Send a new set-up link" }).click();
  await expect(page.getByRole("status")).toContainText("A new set-up link was sent");
  await signOut(page);
});

test("an administrator cannot change their own roles (the boxes are disabled; the server refusal is in four-eyes.spec.ts)", async ({ page }) => {
  await signIn(page, persona.administrator);
  await page.goto("/admin/people?q=brennand");
  await page.getByRole("link", { name: /Brennand/ }).click();
  await expect(page.getByText("You cannot change your own roles")).toBeVisible();
  await expect(page.getByLabel("Administrator", { exact: true })).toBeDisabled();
  await signOut(page);
});

test("a unit's new commander waits for a second administrator; a constable cannot reach the page", async ({ page }) => {
  await signIn(page, persona.administrator);
  await page.goto("/admin/units");
  await page
    .getByRole("link", { name: /Kelmoor/ })
    .first()
    .click();
  const unitUrl = page.url();
  const commander = page.getByLabel("Commander");
  const before = await commander.inputValue();
  const gatesby = await commander.locator("option", { hasText: "Gatesby" }).first().getAttribute("value");
  await commander.selectOption(gatesby!);
  await page.getByRole("button", { name: /Save/ }).click();
  await expect(page.getByRole("status")).toContainText("The new commander waits for a second administrator");
  await expect(page.getByLabel("Commander")).toHaveValue(before);
  // The proposer sees the change waiting but cannot approve it.
  await page.goto("/admin/changes");
  const waiting = page.getByRole("listitem").filter({ hasText: /Change the commander of Kelmoor/ });
  await expect(waiting).toBeVisible();
  await expect(waiting.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, persona.secondAdministrator);
  await page.goto("/admin/changes");
  await page
    .getByRole("listitem")
    .filter({ hasText: /Change the commander of Kelmoor/ })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect(page.getByRole("status")).toContainText("approved and has taken effect");
  await page.goto(unitUrl);
  await expect(page.getByLabel("Commander")).toHaveValue(gatesby!);
  await signOut(page);

  await signIn(page, persona.constable);
  const response = await page.goto(unitUrl);
  expect(response?.status()).toBe(403);
  // Forces' contacts are administration too.
  expect((await page.goto("/admin/forces"))?.status()).toBe(403);
  await signOut(page);
});

test("a PSD officer checks the audit chain; a guessed person id answers 'not found' for the administrator, too", async ({ page }) => {
  await signIn(page, persona.psdOfficer);
  await page.goto("/audit");
  await page.getByRole("button", { name: "Check the chain" }).click();
  await expect(page.getByRole("status")).toContainText("The trail is intact");
  await signOut(page);

  await signIn(page, persona.administrator);
  const missing = await page.goto("/admin/people/00000000-0000-4000-8000-000000000000");
  expect(missing?.status()).toBe(404);
  const malformed = await page.goto("/admin/people/not-a-uuid");
  expect(malformed?.status()).toBeGreaterThanOrEqual(400);
  expect(malformed?.status()).toBeLessThan(500);
  await signOut(page);
});
