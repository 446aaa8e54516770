import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import {
  declareNoConnection,
  expectAccessible,
  expectSafeShell,
  mailTo,
  recordReceivedReportAs,
  settledMailCount,
  signIn,
  signInForSetup,
  signOut,
  signOutForSetup,
} from "./support/fixtures";

// Oversight of quiet reads, from the adversary's side: a DA coordinator reads a request without telling the
// employee, a coordinator breaks the glass, a PSD officer reads a PSD colleague's case. Each is on a reviewer's list.
// The demo organisation's people (prisma/seed-data.ts; all fictional).
const NS = "northshire.police.invalid";
const people = {
  employee: `declan.moorcroft@${NS}`,
  idvaLiaison: `lucy.harrowden@${NS}`,
  coordinator: `owen.pritchard-hale@${NS}`, // DA coordinator
  otherCoordinator: `grace.ellerby@${NS}`,
  psd: `callum.ferrisby@${NS}`,
  psdHead: `helena.brackenridge@${NS}`,
  npcc: `tobias.wrenfield@${NS}`,
  reporter: `alys.penhallow@${NS}`,
};
const MESSAGE = "Fictional: quiet-reads spec, I need to talk to someone.";
const OVERRIDE_REASON = "Fictional: quiet-reads spec, a child is at risk tonight.";
const EXPIRING_REASON = "Fictional: quiet-reads spec, a risk that will pass.";
const WITHHELD_REASON = "Fictional: the other parent reads every message.";

async function moveClock(request: APIRequestContext, form: Record<string, string>) {
  const response = await request.post(`${E2E.baseUrl}/dev/clock`, { form, headers: { Origin: E2E.baseUrl } });
  expect(response.status()).toBe(200);
}

/** The employee asks the staff IDVA service, sharing what they wrote but not who they are; the liaison assesses it as high risk. */
async function highRiskRequest(page: Page): Promise<string> {
  await signInForSetup(page, people.employee);
  await page.goto("/support/new");
  await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
  await page.getByLabel("Anything you want to tell them (optional)").fill(MESSAGE);
  await page.getByRole("checkbox", { name: "Who I am (my name, pronouns and work email)", exact: true }).uncheck();
  await page.getByRole("checkbox", { name: "What I wrote", exact: true }).check();
  await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "My work email", exact: true }).check();
  await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
  await page.getByRole("button", { name: "Send my request" }).click();
  await expect(page.getByText("Your request was sent.")).toBeVisible();
  const requestPath = new URL(page.url()).pathname;
  await signOutForSetup(page);
  await signInForSetup(page, people.idvaLiaison);
  await page.goto(requestPath);
  const riskForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Record the assessment" }) });
  for (const radio of await riskForm.locator('input[type="radio"][value="no"]').all()) await radio.check();
  await page.getByLabel("Level (professional judgement)").selectOption("HIGH");
  await page.getByLabel("Rationale (needed when you raise the level)").fill("Fictional: professional judgement.");
  await page.getByRole("button", { name: "Record the assessment" }).click();
  await expect(page.getByText(/Recorded as high risk/)).toBeVisible();
  await signOutForSetup(page);
  return requestPath;
}

/** As the coordinator: overrides consent on the request and chooses not to tell the employee; they then read what was written. */
async function overrideSilently(page: Page, requestPath: string, reason: string): Promise<void> {
  await signInForSetup(page, people.coordinator);
  await page.goto(`${requestPath}/safeguarding`);
  await page.getByRole("radio", { name: "A child is at risk", exact: true }).check();
  await page.getByLabel("Reason", { exact: true }).fill(reason);
  await page.getByRole("radio", { name: /^No: telling them would put someone at risk/ }).check();
  await page.getByLabel("If not: why telling them would put someone at risk").fill(WITHHELD_REASON);
  await page.getByRole("button", { name: "Record the override" }).click();
  await expect(page.getByText(MESSAGE)).toBeVisible();
  await signOutForSetup(page);
}

const quietReadMail = async (address: string) => (await mailTo(address)).filter((mail) => mail.text.includes("/oversight/quiet-reads/"));

test.describe("oversight of quiet reads", () => {
  test("a silent override: PSD is mailed without content, lists and reviews it; the reader and the person read find nothing", async ({ page }) => {
    const requestPath = await highRiskRequest(page);
    const psdBefore = (await quietReadMail(people.psd)).length;
    await settledMailCount(people.employee);
    const employeeBefore = (await mailTo(people.employee)).length;
    await overrideSilently(page, requestPath, OVERRIDE_REASON);

    // PSD is told at once, by a mail that says nothing but where to look.
    await expect.poll(async () => (await quietReadMail(people.psd)).length, { timeout: 15_000 }).toBe(psdBefore + 1);
    const [alert] = (await quietReadMail(people.psd)).slice(-1);
    expect(`${alert!.subject} ${alert!.text} ${alert!.html}`).not.toMatch(/Moorcroft|Declan|Pritchard|Owen|child|risk|tonight|safeguard|override|Fictional/i);
    const reviewPath = new URL(alert!.text.match(/https?:\/\/\S+\/oversight\/quiet-reads\/[0-9a-f-]{36}/)![0]).pathname;
    // The employee was not told.
    expect((await mailTo(people.employee)).length).toBe(employeeBefore);

    // PSD's oversight lists it: who, when, why, for how long, and that the employee was not told.
    await signIn(page, people.psd);
    await page.goto("/oversight");
    const section = page.getByRole("region", { name: "Quiet reads to review" });
    const row = section.getByRole("row").filter({ hasText: OVERRIDE_REASON });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Safeguarding override");
    await expect(row).toContainText("Owen Pritchard-Hale");
    await expect(row).toContainText("The employee was not told");
    await expect(row).toContainText("Still open");
    await expectSafeShell(page);
    await expectAccessible(page);
    await row.getByRole("link", { name: /^Review: Safeguarding override by Owen Pritchard-Hale/ }).click();
    await expect(page).toHaveURL(new RegExp(`${reviewPath}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Safeguarding override" })).toBeVisible();
    await page.getByRole("button", { name: "Record the outcome" }).click();
    await expect(page.locator("#outcome-error")).toContainText("Choose the outcome");
    await expectAccessible(page);
    await page.getByRole("radio", { name: "Not justified: referred for misconduct" }).check();
    await page.getByLabel("Rationale").fill("Fictional: no child was named in the assessment.");
    await page.getByRole("button", { name: "Record the outcome" }).click();
    await expect(page).toHaveURL(/\/oversight/);
    await section.getByText(/^Reviewed/).click();
    await expect(section.getByRole("row").filter({ hasText: OVERRIDE_REASON })).toContainText("Not justified: referred for misconduct (Callum Ferrisby)");
    await signOut(page);

    // The reader and the person read find nothing at the entry's address.
    for (const who of [people.coordinator, people.employee]) {
      await signInForSetup(page, who);
      expect((await page.request.get(reviewPath)).status(), who).toBe(404);
      const post = await page.request.post(reviewPath, { form: { outcome: "JUSTIFIED", note: "x", version: "2" }, headers: { Origin: E2E.baseUrl } });
      expect(post.status(), who).toBe(404);
      await signOutForSetup(page);
    }
  });

  test("a silent override expires: four hours on, the coordinator sees the request as without it, and PSD's list says so", async ({ page }) => {
    const requestPath = await highRiskRequest(page);
    await overrideSilently(page, requestPath, EXPIRING_REASON);
    try {
      await moveClock(page.request, { minutes: "241" });
      await signIn(page, people.coordinator);
      await page.goto(requestPath);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByText(MESSAGE)).toHaveCount(0);
      await expect(page.getByRole("link", { name: "Record a safeguarding override" })).toBeVisible();
      await signOut(page);
      await signInForSetup(page, people.psd);
      await page.goto("/oversight");
      await expect(page.getByRole("region", { name: "Quiet reads to review" }).getByRole("row").filter({ hasText: EXPIRING_REASON })).toContainText("Expired");
      await signOutForSetup(page);
    } finally {
      await moveClock(page.request, { reset: "1" });
    }
  });

  test("a break-glass is on PSD's list with its expiry; a PSD officer's read of a PSD colleague's case is on the NPCC officer's list only", async ({
    page,
  }) => {
    // Five sign-ins, two of them the same PSD officer: the second waits for the authenticator's next 30-second step, so on
    // a loaded machine the journey can outlast the default minute (a CI run at e7d77ed timed out in that sign-in).
    test.setTimeout(120_000);
    // A report about a PSD investigator (Niamh Oakridge): her chain, the head of PSD, is conflicted; Callum is not.
    const reference = await recordReceivedReportAs(page, people.reporter, {
      suspectSearch: "Oakridge",
      suspectName: /Niamh Oakridge/,
      victim: { publicName: "Robin Fictional-Caller" },
      childrenInvolved: false,
      account: "Fictional account for the quiet-reads spec.",
      received: "In person",
    });
    const reason = `Fictional: quiet-reads spec break-glass on ${reference}.`;
    await signInForSetup(page, people.otherCoordinator);
    await page.goto(`/records/${reference}/break-glass`);
    await page.getByLabel("Why do you need the case now?").fill(reason);
    await page.getByRole("button", { name: "Open the case with emergency access" }).click();
    await expect(page.getByText("You are seeing this case through break-glass access.")).toBeVisible();
    await signOutForSetup(page);

    await signInForSetup(page, people.psd);
    await declareNoConnection(page, reference);
    await signOutForSetup(page);

    // The NPCC officer reviews both: the suspect is in PSD.
    await signIn(page, people.npcc);
    await page.goto("/oversight");
    const section = page.getByRole("region", { name: "Quiet reads to review" });
    const glass = section.getByRole("row").filter({ hasText: reason });
    await expect(glass).toContainText("Emergency (break-glass) access");
    await expect(glass).toContainText("Grace Ellerby");
    await expect(glass).toContainText(/Until .*Still open/);
    const reads = section.getByRole("row").filter({ hasText: reference }).filter({ hasText: "Read by professional standards" });
    await expect(reads.first()).toContainText("Callum Ferrisby");
    await expectAccessible(page);
    await signOut(page);

    // Callum (the reader) and the conflicted head of PSD see none of it.
    for (const who of [people.psd, people.psdHead]) {
      await signInForSetup(page, who);
      await page.goto("/oversight");
      await expect(page.getByRole("region", { name: "Quiet reads to review" }).getByRole("row").filter({ hasText: reference }), who).toHaveCount(0);
      await signOutForSetup(page);
    }
  });
});
