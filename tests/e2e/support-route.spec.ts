import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectSafeShell, mailTo, signIn, signInForSetup, signOut, signOutForSetup } from "./support/fixtures";

// The demo organisation's people (prisma/seed-data.ts; all fictional).
const NS = "northshire.police.invalid";
const people = {
  employee: `alys.penhallow@${NS}`, // constable; her line manager is Thomas Brightwater
  idvaLiaison: `lucy.harrowden@${NS}`, // staff IDVA liaison
  lineManager: `thomas.brightwater@${NS}`,
  welfare: `patrick.dunmore@${NS}`, // another service
  administrator: `ivo.brennand@${NS}`,
  psd: `callum.ferrisby@${NS}`,
  daCoordinator: `grace.ellerby@${NS}`,
  noJsEmployee: `ffion.gwilliam@${NS}`,
};

const MESSAGE = "Fictional: I would like to talk to someone about things at home.";
const REPLY = "Fictional reply: when would suit you to talk?";
const SAFE_TIMES = "Weekdays, 9am to 3pm";
const RISK_RATIONALE = "Fictional: professional judgement after the conversation.";
const OVERRIDE_REASON = "Fictional: high risk assessed by the staff IDVA service.";

async function checkPage(page: Page) {
  await expectSafeShell(page);
  await expectAccessible(page);
}

/** As the employee: a request to the staff IDVA service that shares what they wrote and how to reach them, not who they are. Returns its address. */
async function askTheIdvaService(page: Page): Promise<string> {
  await signInForSetup(page, people.employee);
  await page.goto("/support/new");
  await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
  await page.getByLabel("Anything you want to tell them (optional)").fill(MESSAGE);
  await page.getByRole("checkbox", { name: "Who I am (my name, pronouns and work email)", exact: true }).uncheck();
  await page.getByRole("checkbox", { name: "What I wrote", exact: true }).check();
  await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "My work email", exact: true }).check();
  await page.getByRole("group", { name: "Do NOT contact me by" }).getByRole("checkbox", { name: "My personal mobile phone", exact: true }).check();
  await page.getByLabel("Safe times to contact me (optional)").fill(SAFE_TIMES);
  await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
  await page.getByRole("button", { name: "Send my request" }).click();
  await expect(page.getByText("Your request was sent.")).toBeVisible();
  const requestPath = new URL(page.url()).pathname;
  await signOutForSetup(page);
  return requestPath;
}

/** As the IDVA liaison: picks the request up and sends REPLY. */
async function replyAsTheLiaison(page: Page, requestPath: string): Promise<void> {
  await signInForSetup(page, people.idvaLiaison);
  await page.goto(requestPath);
  await page.getByRole("button", { name: "Pick up this request" }).click();
  await expect(page.getByText("You picked up this request.")).toBeVisible();
  await page.getByLabel("Write a message").fill(REPLY);
  await page.getByRole("button", { name: "Send message" }).click();
  await expect(page.getByText("Your message was sent.")).toBeVisible();
  await signOutForSetup(page);
}

/** As the IDVA liaison (signed in, on the request): records a high risk by professional judgement, with the rationale. */
async function recordHighRisk(page: Page, rationale?: string): Promise<void> {
  const riskForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Record the assessment" }) });
  for (const radio of await riskForm.locator('input[type="radio"][value="no"]').all()) await radio.check();
  await page.getByLabel("Level (professional judgement)").selectOption("HIGH");
  if (rationale) await page.getByLabel("Rationale (needed when you raise the level)").fill(rationale);
  await page.getByRole("button", { name: "Record the assessment" }).click();
}

/** As the DA coordinator (signed in, on the request): records a safeguarding override for a high risk, shown in the employee's ledger. */
async function recordOverride(page: Page): Promise<void> {
  await page.getByRole("radio", { name: "High risk of serious harm or death", exact: true }).check();
  await page.getByLabel("Reason", { exact: true }).fill(OVERRIDE_REASON);
  await page.getByRole("radio", { name: /^Yes: show it in their ledger/ }).check();
  await page.getByRole("button", { name: "Record the override" }).click();
  await expect(page.getByText(MESSAGE)).toBeVisible();
}

test.describe("the confidential support route", () => {
  // Each test works on a request of its own (askTheIdvaService), made by the same employee.
  const notices = async () => (await mailTo(people.employee)).filter((mail) => /new message/.test(mail.subject));

  test("an employee asks the staff IDVA service for support with a safe-contact choice, after saving a draft", async ({ page }) => {
    await signIn(page, people.employee);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Support", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Support" })).toBeVisible();
    await expect(page.getByRole("note").getByText(/call 999 now/)).toBeVisible();
    await checkPage(page);

    await page.getByRole("link", { name: "Support directory" }).click();
    await expect(page.getByRole("heading", { name: "National Domestic Abuse Helpline" })).toBeVisible();
    await expect(page.getByRole("main").getByRole("link", { name: "0808 2000 247" })).toBeVisible();
    await checkPage(page);

    await page.goto("/support/new");
    await checkPage(page);
    // The terms are on the page before anything can be sent.
    await expect(page.getByRole("heading", { name: "Before you send: who will see what" })).toBeVisible();
    await expect(page.getByText("except where a child is at risk")).toBeVisible();
    await expect(page.getByText("it will be recorded")).toBeVisible();

    await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
    await page.getByLabel("Anything you want to tell them (optional)").fill(MESSAGE);
    // Share what they wrote and how to reach them, but not who they are.
    await page.getByRole("checkbox", { name: "Who I am (my name, pronouns and work email)", exact: true }).uncheck();
    await page.getByRole("checkbox", { name: "What I wrote", exact: true }).check();
    await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "My work email", exact: true }).check();
    await page.getByRole("group", { name: "Do NOT contact me by" }).getByRole("checkbox", { name: "My personal mobile phone", exact: true }).check();
    await page.getByLabel("Safe times to contact me (optional)").fill(SAFE_TIMES);
    await page.getByRole("button", { name: "Save as a draft" }).click();

    await expect(page.getByText("Your draft was saved. Nothing has been sent.")).toBeVisible();
    await expect(page.getByText(/kept for you alone until/)).toBeVisible();
    await checkPage(page);
    // The draft kept everything; sending without confirming the terms is refused beside the box.
    await expect(page.getByLabel("Anything you want to tell them (optional)")).toHaveValue(MESSAGE);
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page.locator("#termsAccepted-error")).toContainText("Confirm that you have read who will see what");
    await checkPage(page);
    await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
    await page.getByRole("button", { name: "Send my request" }).click();

    await expect(page.getByText("Your request was sent.")).toBeVisible();
    const requestPath = new URL(page.url()).pathname;
    expect(requestPath).toMatch(/^\/support\/requests\/[0-9a-f-]{36}$/);
    await checkPage(page);
    await signOut(page);
  });

  test("the IDVA liaison sees only what was shared, picks the request up and messages back; the employee gets a content-free notice by their safe route only", async ({
    page,
  }) => {
    const requestPath = await askTheIdvaService(page);
    const noticesBefore = (await notices()).length;
    await signIn(page, people.idvaLiaison);
    await page.goto("/support");
    await page.getByRole("link", { name: "Open the requests colleagues have shared with you or your service" }).click();
    await checkPage(page);
    await page.locator(`a[href="${requestPath}"]`).click();
    await expect(page.getByText(MESSAGE)).toBeVisible();
    await expect(page.getByText(SAFE_TIMES)).toBeVisible();
    // Who asked was not shared: no name, no email.
    await expect(page.getByText("Not shared. You can reply through messages here.")).toBeVisible();
    await expect(page.locator("main")).not.toContainText(/Penhallow|alys/i);
    await checkPage(page);

    await page.getByRole("button", { name: "Pick up this request" }).click();
    await expect(page.getByText("You picked up this request.")).toBeVisible();
    await page.getByLabel("Write a message").fill(REPLY);
    await page.getByRole("button", { name: "Send message" }).click();
    await expect(page.getByText("Your message was sent.")).toBeVisible();
    await expect(page.getByText(REPLY)).toBeVisible();
    await checkPage(page);
    await signOut(page);

    // The employee gets a content-free notice by their safe route only.
    await expect.poll(async () => (await notices()).length, { timeout: 15_000 }).toBe(noticesBefore + 1);
    const mail = (await notices()).at(-1);
    for (const text of [mail!.subject, mail!.text, mail!.html]) {
      expect(text).not.toMatch(/Fictional|suit you|home|IDVA|abuse|support request/i);
    }
  });

  test("the line manager, another service, an administrator and PSD find nothing: not found", async ({ page }) => {
    const requestPath = await askTheIdvaService(page);
    for (const who of [people.lineManager, people.welfare, people.administrator, people.psd]) {
      await signIn(page, who);
      const response = await page.goto(requestPath);
      expect(response?.status(), who).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await page.goto("/support/queue");
      await expect(page.getByText("Nothing has been shared with you.")).toBeVisible();
      await signOut(page);
    }
  });

  test("the liaison records a high risk by professional judgement; a DA coordinator is told and records a safeguarding override with the reason", async ({
    page,
  }) => {
    const requestPath = await askTheIdvaService(page);
    const leadMailBefore = (await mailTo(people.daCoordinator)).length;
    await signIn(page, people.idvaLiaison);
    await page.goto(requestPath);
    await recordHighRisk(page);
    await expect(page.locator("#rationale-error")).toContainText("Give the rationale for raising the level");
    await checkPage(page);
    await page.getByLabel("Rationale (needed when you raise the level)").fill(RISK_RATIONALE);
    await page.getByRole("button", { name: "Record the assessment" }).click();
    await expect(page.getByText(/Recorded as high risk/)).toBeVisible();
    await expect(page.getByText(/Referred to an IDVA and to MARAC/)).toBeVisible();
    await signOut(page);
    await expect.poll(async () => (await mailTo(people.daCoordinator)).length, { timeout: 15_000 }).toBe(leadMailBefore + 1);
    const [lead] = (await mailTo(people.daCoordinator)).slice(-1);
    expect(`${lead!.subject} ${lead!.text}`).not.toMatch(/Fictional|risk|MARAC|IDVA|Penhallow/i);

    await signIn(page, people.daCoordinator);
    await page.goto("/support/queue");
    await checkPage(page);
    await page.locator(`a[href="${requestPath}"]`).click();
    // Told that it exists; its content needs an override.
    await expect(page.getByText(MESSAGE)).toHaveCount(0);
    await page.getByRole("link", { name: "Record a safeguarding override" }).click();
    await checkPage(page);
    await page.getByRole("button", { name: "Record the override" }).click();
    await expect(page.locator("#reason-error")).toContainText("Give the reason");
    await recordOverride(page);
    await checkPage(page);
    await signOut(page);
  });

  test("the employee reads the reply, sees every access in their ledger, and withdraws consent: the supporter then gets not found", async ({ page }) => {
    // The liaison signs in four times: each sign-in needs a TOTP step not used before, so some wait for the clock.
    test.slow();
    const requestPath = await askTheIdvaService(page);
    await replyAsTheLiaison(page, requestPath);
    await signInForSetup(page, people.idvaLiaison);
    await page.goto(requestPath);
    await recordHighRisk(page, RISK_RATIONALE);
    await expect(page.getByText(/Recorded as high risk/)).toBeVisible();
    await signOutForSetup(page);
    await signInForSetup(page, people.daCoordinator);
    await page.goto(`${requestPath}/safeguarding`);
    await recordOverride(page);
    await signOutForSetup(page);

    await signIn(page, people.employee);
    await page.goto("/support");
    const row = page.getByRole("row").filter({ has: page.locator(`a[href="${requestPath}"]`) });
    await expect(row.getByRole("cell", { name: "1 new" })).toBeVisible();
    await page.goto(requestPath);
    await expect(page.getByText(REPLY)).toBeVisible();
    const ledger = page.getByRole("region", { name: "Who can see your request" });
    await expect(ledger.getByRole("cell", { name: "Staff IDVA service", exact: true })).toBeVisible();
    await expect(ledger.getByText(/Lucy Harrowden: Opened your request/).first()).toBeVisible();
    await expect(ledger.getByText(/Lucy Harrowden: Sent a message/)).toBeVisible();
    await expect(ledger.getByText(/Grace Ellerby: Fictional: high risk assessed/)).toBeVisible();
    await expect(ledger.getByText(/Grace Ellerby: Opened your request/).first()).toBeVisible();
    await checkPage(page);
    await page.getByRole("button", { name: "Withdraw consent for Staff IDVA service" }).click();
    await expect(page.getByText("Consent withdrawn.")).toBeVisible();
    await signOut(page);

    await signIn(page, people.idvaLiaison);
    expect((await page.goto(requestPath))?.status()).toBe(404);
    await page.goto("/support/queue");
    await expect(page.locator(`a[href="${requestPath}"]`)).toHaveCount(0);
  });
});

test("an administrator keeps the support directory, and staff see the change", async ({ page }) => {
  await signIn(page, people.administrator);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Support directory" }).click();
  await checkPage(page);
  await page.getByRole("link", { name: "Welfare", exact: true }).click();
  await checkPage(page);
  await page.getByLabel("Phone (optional)").fill("not a number");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#phone-error")).toContainText("Use digits");
  await expect(page.getByLabel("What the service offers")).not.toHaveValue("");
  await checkPage(page);
  await page.getByLabel("Phone (optional)").fill("01632 960 399");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The changes were saved.")).toBeVisible();
  await page.goto("/support/directory");
  await expect(page.getByRole("link", { name: "01632 960 399" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the request form refuses an unsafe channel as the only contact, keeps what was typed, and sends", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Work email address").fill(people.noJsEmployee);
    await page.getByLabel("Password").fill("Demo-Portal-2026!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.goto("/support/new");
    await page.getByRole("radio", { name: "Occupational health", exact: true }).check();
    await page.getByLabel("What kind of help would you like? (optional)").fill("Fictional: time off for appointments.");
    await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "My personal email", exact: true }).check();
    await page.getByRole("group", { name: "Do NOT contact me by" }).getByRole("checkbox", { name: "My personal email", exact: true }).check();
    await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
    await page.getByRole("button", { name: "Send my request" }).click();

    await expect(page.locator("#safeChannels-error")).toContainText("You also marked your personal email as not safe");
    await expect(page.getByLabel("What kind of help would you like? (optional)")).toHaveValue("Fictional: time off for appointments.");
    await expect(page.getByRole("radio", { name: "Occupational health", exact: true })).toBeChecked();

    await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "My personal email", exact: true }).uncheck();
    await page
      .getByRole("group", { name: "Safe ways to contact me" })
      .getByRole("checkbox", { name: "Only through messages in this portal", exact: true })
      .check();
    await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page.getByText("Your request was sent.")).toBeVisible();
    // (axe needs JavaScript: these pages are scanned, error state included, in the journey above.)
  });
});
