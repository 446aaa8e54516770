import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectNotFound, expectSafeShell, settledMailCount, signIn, signInForSetup, signOutForSetup } from "./support/fixtures";

// An employee names, on their support request, the colleague who is harming them. A staff IDVA liaison in that
// colleague's line chain never sees the request (not in the queue, "not found" by its address, no notice); one outside
// the chain works it as usual. The demo's people (prisma/seed-data.ts; all fictional): Owen Tarrant reports to Nadia
// Pembrook, a staff IDVA liaison; Lucy Harrowden is the other staff IDVA liaison, outside his chain.
const NS = "northshire.police.invalid";
const people = {
  employee: `yasmin.coldharbour@${NS}`,
  draftingEmployee: `fiona.gatesby@${NS}`,
  liaisonInChain: `nadia.pembrook@${NS}`,
  liaisonOutside: `lucy.harrowden@${NS}`,
};
const NAMED = /Owen Tarrant/;
const MESSAGE = "Fictional: I would like to talk to someone, please.";

async function checkPage(page: Page) {
  await expectSafeShell(page);
  await expectAccessible(page);
}

/** On the request form: says the person works here, finds them in the directory and chooses them. */
async function nameTheColleague(page: Page) {
  await page.getByRole("group", { name: "Does the person who is harming you work for this force?" }).getByRole("radio", { name: "Yes", exact: true }).check();
  await page.getByLabel("If yes: find them in the force directory").fill("Tarrant");
  await page.getByRole("button", { name: "Find the person in the directory" }).click();
  // The page came back with the match, and with what had been typed.
  await expect(page.getByLabel("Anything you want to tell them (optional)")).toHaveValue(MESSAGE);
  await page.getByRole("group", { name: "Choose the person" }).getByRole("radio", { name: NAMED }).check();
}

/** The queue's links to requests, as addresses. */
async function queueLinks(page: Page): Promise<string[]> {
  await page.goto("/support/queue");
  await expect(page.getByRole("heading", { level: 1, name: "Requests shared with you" })).toBeVisible();
  return page.locator('a[href^="/support/requests/"]').evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
}

test("a supporter in the named colleague's line chain never sees the request; one outside it does", async ({ page }) => {
  const mailBefore = { inChain: await settledMailCount(people.liaisonInChain), outside: await settledMailCount(people.liaisonOutside) };

  await signIn(page, people.employee);
  await page.goto("/support/new");
  await expect(page.getByText(/so that they, and nobody in their line management, can ever see or be told about your request/)).toBeVisible();
  await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
  await page.getByLabel("Anything you want to tell them (optional)").fill(MESSAGE);
  await page.getByRole("checkbox", { name: "What I wrote", exact: true }).check();
  await nameTheColleague(page);
  await checkPage(page);
  await page
    .getByRole("group", { name: "Safe ways to contact me" })
    .getByRole("checkbox", { name: "Only through messages in this portal", exact: true })
    .check();
  await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
  await page.getByRole("button", { name: "Send my request" }).click();
  await expect(page.getByText("Your request was sent.")).toBeVisible();
  const requestPath = new URL(page.url()).pathname;
  // The name is never in the address or the title.
  expect(page.url()).not.toMatch(/tarrant/i);
  expect(await page.title()).not.toMatch(/tarrant/i);
  await signOutForSetup(page);

  // Nadia Pembrook, his line manager and a staff IDVA liaison: not in her queue, "not found" by its address, no mail.
  await signInForSetup(page, people.liaisonInChain);
  expect(await queueLinks(page)).not.toContain(requestPath);
  await checkPage(page);
  await expectNotFound(page, requestPath);
  await checkPage(page);
  await signOutForSetup(page);

  // Lucy Harrowden, outside his chain: in her queue, and she can open it.
  await signInForSetup(page, people.liaisonOutside);
  expect(await queueLinks(page)).toContain(requestPath);
  await checkPage(page);
  await page.goto(requestPath);
  await expect(page.getByText(MESSAGE)).toBeVisible();
  await expect(page.getByText(NAMED)).toHaveCount(0);
  await checkPage(page);
  await signOutForSetup(page);

  expect(await settledMailCount(people.liaisonOutside)).toBe(mailBefore.outside + 1);
  expect(await settledMailCount(people.liaisonInChain)).toBe(mailBefore.inChain);
});

test.describe("without JavaScript", () => {
  // (The axe scan needs JavaScript in the page: the same pages are scanned in the test above.)
  test.use({ javaScriptEnabled: false });

  test("the directory search on the request form works and keeps the other answers; the draft shows who was named, to the employee", async ({ page }) => {
    await signIn(page, people.draftingEmployee);
    await page.goto("/support/new");
    await page.getByLabel("Anything you want to tell them (optional)").fill(MESSAGE);
    await nameTheColleague(page);
    await expectSafeShell(page);
    await page.getByRole("button", { name: "Save as a draft" }).click();
    await expect(page.getByText("Your draft was saved. Nothing has been sent.")).toBeVisible();
    await expect(page.getByRole("group", { name: "Choose the person" }).getByRole("radio", { name: NAMED })).toBeChecked();
    await expectSafeShell(page);
    // They can change their mind: "No" forgets the colleague.
    await page.getByRole("group", { name: "Does the person who is harming you work for this force?" }).getByRole("radio", { name: "No", exact: true }).check();
    await page.getByRole("button", { name: "Save as a draft" }).click();
    await expect(page.getByText("Your draft was saved. Nothing has been sent.")).toBeVisible();
    await expect(page.getByRole("radio", { name: NAMED })).toHaveCount(0);
  });
});
