import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectNotFound, expectSafeShell, mailTo, signIn, signInForSetup, signOut, signOutForSetup, ukDay } from "./support/fixtures";

// Flow B: a line manager walks the guide and records a conversation with one of their reports; the employee sees it
// and answers; nobody else (the manager's own manager, a colleague, an administrator) finds it. An administrator
// changes the guide in the portal. Each test records the conversations it needs; where a test counts what an employee
// has (one record, or none left), it has an employee of its own. All people are fictional (prisma/seed-data.ts).
const NS = "northshire.police.invalid";
const people = {
  manager: `thomas.brightwater@${NS}`, // Sergeant, manages Jordan, Alys, Kieran and Bethany
  employee: `jordan.mistry-oake@${NS}`, // they/them
  commentingEmployee: `bethany.crowhurst@${NS}`, // also Thomas's report
  removingManager: `sanjay.whitlock@${NS}`, // Inspector, manages Ffion
  removingEmployee: `ffion.gwilliam@${NS}`,
  managersManager: `rosalind.kettleby@${NS}`, // Inspector above Thomas
  colleague: `alys.penhallow@${NS}`, // same team as Jordan
  administrator: `ivo.brennand@${NS}`,
};

const SUPPORT_OFFERED = "The staff IDVA service and occupational health.";
const AGREED = "A later start on Mondays for a month.";
const COMMENT = "A fair summary. Please keep it between us.";
const LOG_ENTRY = "Three calls to the front desk asking which shift I am on.";
const LOG_NOTE = "The desk kept a note of the number.";

async function checkPage(page: Page): Promise<void> {
  await expectSafeShell(page);
  await expectAccessible(page);
}

/** Signs in as `manager` and records a conversation with their report `employeeName`. Returns the report's page. */
async function recordConversation(page: Page, manager: string, employeeName: string): Promise<string> {
  await signInForSetup(page, manager);
  await page.goto("/team");
  await page.getByRole("link", { name: employeeName }).click();
  await expect(page.getByRole("heading", { level: 1, name: employeeName })).toBeVisible();
  const reportPath = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Record a conversation" }).click();
  await page.getByRole("textbox", { name: "Date of the conversation" }).fill(ukDay(-1));
  await page.getByRole("checkbox", { name: "What to always do" }).check();
  await page.getByRole("textbox", { name: "Support you offered" }).fill(SUPPORT_OFFERED);
  await page.getByRole("textbox", { name: "What you agreed" }).fill(AGREED);
  await page.getByRole("checkbox", { name: "This record says nothing about the abuse itself" }).check();
  await page.getByRole("button", { name: "Save the record" }).click();
  await expect(page.getByRole("status")).toContainText("The conversation was recorded");
  await signOutForSetup(page);
  return reportPath;
}

/** Signs in as the employee and opens the newest record of a conversation with them, staying signed in. Returns its address. */
async function openNewestConversation(page: Page, employee: string): Promise<string> {
  await signInForSetup(page, employee);
  await page.goto("/conversations");
  await page
    .getByRole("link", { name: /^Conversation on / })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /^Conversation on / })).toBeVisible();
  return new URL(page.url()).pathname;
}

test.describe("the supportive conversation guide and conversation records", () => {
  test("a manager reads the guide and records a conversation with their report", async ({ page }) => {
    await signIn(page, people.manager);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My team" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Before any absence or performance action" })).toBeVisible();
    await checkPage(page);

    await page.getByRole("link", { name: "Read the supportive conversation guide" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Supportive conversation guide" })).toBeVisible();
    for (const heading of [
      "Signs you may notice",
      "Before you start",
      "Opening the conversation",
      "What to always do",
      "What never to do",
      "Keeping them safe at work",
      "If a child may be at risk",
      "If someone is in danger now",
      "If the person harming them works for the police",
    ]) {
      await expect(page.getByRole("heading", { level: 2, name: heading, exact: true })).toBeVisible();
    }
    await expect(page.getByRole("link", { name: "Record a report now" })).toHaveAttribute("href", "/records/new");
    await checkPage(page);

    await page.goto("/team");
    await page.getByRole("link", { name: "Jordan Mistry-Oake" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Jordan Mistry-Oake" })).toBeVisible();
    await expect(page.getByText("Pronouns: they/them")).toBeVisible();
    const reportPath = new URL(page.url()).pathname;
    expect(reportPath).toMatch(/^\/team\/[0-9a-f-]{36}$/);
    await checkPage(page);

    await page.getByRole("link", { name: "Record a conversation" }).click();
    await expect(page.getByText("Write nothing about the abuse itself", { exact: false }).first()).toBeVisible();
    await checkPage(page);
    // Nothing filled in: errors beside the fields, and the date typed is kept.
    await page.getByRole("textbox", { name: "Date of the conversation" }).fill(ukDay(-1));
    await page.getByRole("button", { name: "Save the record" }).click();
    await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
    await expect(page.locator("#supportOffered-error")).toContainText("Say what support you offered");
    await expect(page.locator("#nothingAboutAbuse-error")).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Date of the conversation" })).toHaveValue(ukDay(-1));
    await checkPage(page);

    await page.getByRole("checkbox", { name: "What to always do" }).check();
    await page.getByRole("checkbox", { name: "Support you can offer" }).check();
    await page.getByRole("textbox", { name: "Support you offered" }).fill(SUPPORT_OFFERED);
    await page.getByRole("textbox", { name: "What you agreed" }).fill(AGREED);
    await page.getByRole("textbox", { name: "Follow-up date (optional)" }).fill(ukDay(1));
    await page.getByRole("checkbox", { name: "This record says nothing about the abuse itself" }).check();
    const mailsBefore = (await mailTo(people.manager)).length;
    await page.getByRole("button", { name: "Save the record" }).click();
    await expect(page.getByRole("status")).toContainText("The conversation was recorded");
    await expect(page.getByText(SUPPORT_OFFERED)).toBeVisible();
    await expect(page.getByText("What to always do; Support you can offer")).toBeVisible();
    await checkPage(page);

    // The follow-up is tomorrow: the scheduler reminds the manager once, with a mail that says nothing.
    await expect.poll(async () => (await mailTo(people.manager)).length, { timeout: 15_000 }).toBe(mailsBefore + 1);
    const reminder = (await mailTo(people.manager)).at(-1)!;
    expect(`${reminder.subject}\n${reminder.text}`).not.toMatch(/Jordan|Mistry|conversation|IDVA|abuse|Monday/i);
    await signOut(page);
  });

  test("the employee sees the record, agrees and comments; the manager sees the comment", async ({ page }) => {
    // An employee of their own: the manager's page must show this one record's comment and agreement.
    const reportPath = await recordConversation(page, people.manager, "Bethany Crowhurst");
    await signIn(page, people.commentingEmployee);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Conversations" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Conversations" })).toBeVisible();
    await checkPage(page);
    await page
      .getByRole("link", { name: /^Conversation on / })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: /^Conversation on / })).toBeVisible();
    const recordPath = new URL(page.url()).pathname;
    expect(recordPath).toMatch(/^\/conversations\/[0-9a-f-]{36}$/);
    await expect(page.getByText("Tom Brightwater")).toBeVisible();
    await expect(page.getByText(AGREED)).toBeVisible();
    await checkPage(page);

    await page.getByRole("button", { name: "I agree with this record" }).click();
    await expect(page.getByRole("status")).toHaveText("You agreed with the record.");
    await page.getByRole("button", { name: "Add the comment" }).click();
    await expect(page.locator("#body-error")).toContainText("Write your comment");
    await checkPage(page);
    await page.getByRole("textbox", { name: "Your comment" }).fill(COMMENT);
    await page.getByRole("button", { name: "Add the comment" }).click();
    await expect(page.getByRole("status")).toHaveText("Your comment was added. Your manager can see it.");
    await expect(page.getByText(COMMENT)).toBeVisible();
    await checkPage(page);
    await signOut(page);

    await signIn(page, people.manager);
    await page.goto(reportPath);
    await expect(page.getByText(COMMENT)).toBeVisible();
    await expect(page.getByText(/^Yes, on /)).toBeVisible();
    await checkPage(page);
    await signOut(page);
  });

  test("the manager's own manager, a colleague and an administrator find nothing", async ({ page }) => {
    const reportPath = await recordConversation(page, people.manager, "Jordan Mistry-Oake");
    const recordPath = await openNewestConversation(page, people.employee);
    await signOutForSetup(page);
    for (const who of [people.managersManager, people.colleague, people.administrator]) {
      await signIn(page, who);
      await expectNotFound(page, reportPath);
      await expectNotFound(page, `${reportPath}/conversation`);
      await expectNotFound(page, recordPath);
      await checkPage(page);
      if (who === people.colleague) {
        await page.goto("/conversations");
        await expect(page.getByText("There are no records of conversations with you.")).toBeVisible();
      }
      await signOut(page);
    }
  });

  test("an administrator changes a section of the guide, and managers see the change", async ({ page }) => {
    await signIn(page, people.administrator);
    await page.goto("/admin");
    await page.getByRole("link", { name: "Conversation guide" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Conversation guide" })).toBeVisible();
    await checkPage(page);
    await page.getByRole("link", { name: "What to always do" }).click();
    await checkPage(page);
    const body = page.getByRole("textbox", { name: "Text" });
    await body.fill(`${await body.inputValue()}\n- Thank them for trusting you with it.`);
    await page.getByRole("button", { name: "Save a new version" }).click();
    await expect(page.getByRole("status")).toContainText("Saved as version 2");
    await expect(page.getByRole("cell", { name: "Ivo Brennand" })).toBeVisible();
    // A link outside the portal is refused, and what was typed stays.
    await body.fill("See [this site](https://example.invalid/page).");
    await page.getByRole("button", { name: "Save a new version" }).click();
    await expect(page.locator("#body-error")).toContainText("Links may only point to pages inside the portal");
    await expect(body).toHaveValue("See [this site](https://example.invalid/page).");
    await checkPage(page);
    await signOut(page);

    await signIn(page, people.manager);
    await page.goto("/guide");
    await expect(page.getByRole("listitem").filter({ hasText: "Thank them for trusting you with it." })).toBeVisible();
    await signOut(page);
  });
});

test.describe("removing a conversation record", () => {
  test("the employee asks for removal: the content is erased and the manager no longer sees the record", async ({ page }) => {
    // An employee of their own, with one record (commented on), so that the manager is left with none.
    await recordConversation(page, people.removingManager, "Ffion Gwilliam");
    const path = await openNewestConversation(page, people.removingEmployee);
    await page.getByRole("textbox", { name: "Your comment" }).fill(COMMENT);
    await page.getByRole("button", { name: "Add the comment" }).click();
    await expect(page.getByRole("status")).toHaveText("Your comment was added. Your manager can see it.");
    await page.getByRole("button", { name: "Remove the record" }).click();
    await expect(page.locator("#confirm-error")).toContainText("Confirm that you want the record removed");
    await page.getByRole("checkbox", { name: "Yes, remove this record" }).check();
    await page.getByRole("button", { name: "Remove the record" }).click();
    await expect(page.getByRole("status")).toHaveText("The record was removed. Your manager no longer sees it.");
    await expect(page.getByText(AGREED)).toHaveCount(0);
    await checkPage(page);
    await signOut(page);

    await signIn(page, people.removingManager);
    await page.goto(path.replace(/^\/conversations\/.*/, "/team"));
    await page.getByRole("link", { name: "Ffion Gwilliam" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Ffion Gwilliam" })).toBeVisible();
    await expect(page.getByText("None. A record the employee asked to remove no longer appears here.")).toBeVisible();
    await expect(page.getByText(COMMENT)).toHaveCount(0);
    await expectNotFound(page, path);
    await signOut(page);
  });
});

test.describe("the employee's log", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("an entry is added with plain forms, annotated, exported, and nobody else can open it", async ({ page }) => {
      await page.goto("/sign-in");
      await page.getByLabel("Work email address").fill(people.employee);
      await page.getByLabel("Password").fill("Demo-Portal-2026!");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your log" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your log" })).toBeVisible();
      await expectSafeShell(page);
      await page.getByRole("link", { name: "Add an entry" }).click();
      await page.getByRole("textbox", { name: "What happened" }).fill(LOG_ENTRY);
      await page.getByRole("button", { name: "Save the entry" }).click();
      // The server answered with errors beside the fields, and kept what was typed.
      await expect(page.locator("#occurredOn-error")).toContainText("Enter the date it happened");
      await expect(page.locator("#kind-error")).toContainText("Choose what kind of contact it was");
      await expect(page.getByRole("textbox", { name: "What happened" })).toHaveValue(LOG_ENTRY);
      await expectSafeShell(page);
      await page.getByRole("textbox", { name: "Date it happened" }).fill(ukDay(-1));
      await page.getByLabel("Time it happened").fill("08:15");
      await page.getByRole("radio", { name: "Phone call" }).check();
      await page.getByRole("textbox", { name: "Witnesses (optional)" }).fill("The front desk officer on duty.");
      await page.getByRole("button", { name: "Save the entry" }).click();
      await expect(page.getByRole("status")).toHaveText("The entry was added to your log.");
      await expectSafeShell(page);

      await page
        .getByRole("link", { name: /^Entry \d+: / })
        .last()
        .click();
      await expect(page.getByRole("heading", { level: 1, name: /^Log entry: / })).toBeVisible();
      const entryPath = new URL(page.url()).pathname;
      expect(entryPath).toMatch(/^\/log\/[0-9a-f-]{36}$/);
      await page.getByRole("textbox", { name: "Note" }).fill(LOG_NOTE);
      await page.getByRole("button", { name: "Add the note" }).click();
      await expect(page.getByRole("status")).toHaveText("Your note was added.");
      await expect(page.getByText(LOG_NOTE)).toBeVisible();
      await expectSafeShell(page);

      const csv = await page.request.get("/log.csv");
      expect(csv.status()).toBe(200);
      expect(await csv.text()).toContain(LOG_ENTRY);
      await page.getByRole("button", { name: "Sign out" }).click();

      for (const who of [people.manager, people.administrator]) {
        // The administrator's second factor comes after the password (ADR 029): the helper types the code.
        await signIn(page, who);
        await expectNotFound(page, entryPath);
        const theirs = await page.request.get("/log.csv");
        expect(await theirs.text()).not.toContain("Three calls");
        await page.getByRole("button", { name: "Sign out" }).click();
      }
    });
  });

  // Axe needs JavaScript in the page: the log's pages are scanned here, as the employee sees them with it.
  test("every page of the log passes the accessibility scan", async ({ page }) => {
    await signIn(page, people.employee);
    // An entry with a note, for the entry's page.
    await page.goto("/log/new");
    await page.getByRole("textbox", { name: "What happened" }).fill(LOG_ENTRY);
    await page.getByRole("textbox", { name: "Date it happened" }).fill(ukDay(-1));
    await page.getByLabel("Time it happened").fill("08:15");
    await page.getByRole("radio", { name: "Phone call" }).check();
    await page.getByRole("button", { name: "Save the entry" }).click();
    await expect(page.getByRole("status")).toHaveText("The entry was added to your log.");
    // Entries are listed by when they happened, then when they were written: the last is this one.
    await page
      .getByRole("link", { name: /^Entry \d+: / })
      .last()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: /^Log entry: / })).toBeVisible();
    const entryPath = new URL(page.url()).pathname;
    expect(entryPath).toMatch(/^\/log\/[0-9a-f-]{36}$/);
    await page.getByRole("textbox", { name: "Note" }).fill(LOG_NOTE);
    await page.getByRole("button", { name: "Add the note" }).click();
    await expect(page.getByRole("status")).toHaveText("Your note was added.");

    await page.goto("/log");
    await checkPage(page);
    await page.goto("/log/new");
    await page.getByRole("button", { name: "Save the entry" }).click();
    await expect(page.locator("#whatHappened-error")).toBeVisible();
    await checkPage(page);
    await page.goto(entryPath);
    await expect(page.getByText(LOG_NOTE)).toBeVisible();
    await checkPage(page);
    await signOut(page);
  });
});
