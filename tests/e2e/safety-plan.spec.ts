import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectNotFound, expectSafeShell, signIn, signInForSetup, signOut, signOutForSetup, ukDay } from "./support/fixtures";

// The workplace safety plan: Jordan Mistry-Oake (they/them) keeps a plan of two measures and lets their line manager,
// Tom Brightwater, see one of them; Tom sees that measure and nothing else; Lucy Harrowden (staff IDVA liaison)
// proposes a measure on Jordan's request, which Jordan agrees without JavaScript, and withdraws Tom's sight. Each test
// builds the plan it needs. The ledger's counts are checked on a plan of Harriet Summerby's, shared with her line
// manager Declan Moorcroft and then withdrawn, as no other test shares a measure of hers. All people are fictional.
const NS = "northshire.police.invalid";
const people = {
  employee: `jordan.mistry-oake@${NS}`,
  manager: `thomas.brightwater@${NS}`,
  idvaLiaison: `lucy.harrowden@${NS}`,
  colleague: `alys.penhallow@${NS}`,
};
/** The employee and line manager whose plan only the ledger test touches. */
const ledgerPeople = { employee: `harriet.summerby@${NS}`, manager: `declan.moorcroft@${NS}`, managerName: "Declan Moorcroft" };
const RUN = Date.now().toString(36);
const JOURNEYS = "A colleague on journeys outside the office";
const JOURNEYS_TEXT = `Fictional (${RUN}): pair Jordan with a colleague for every enquiry outside the station.`;
const OWN_KIND = "Something else (in my own words)";
const OWN_TITLE = `Fictional (${RUN}): park in the secure yard`;
const OWN_TEXT = `Fictional (${RUN}): the yard gate code is given in person only.`;
const MESSAGE = `Fictional (${RUN}): I would like help with a plan for work.`;
const PROPOSED_KIND = "Change building access codes";
const PROPOSED_TEXT = `Fictional (${RUN}): change the rear door code this week.`;

async function checkPage(page: Page): Promise<void> {
  await expectSafeShell(page);
  await expectAccessible(page);
}

async function fillMeasure(page: Page, measure: { kind: string; title?: string; text: string; owner: string }) {
  await page.getByRole("radio", { name: measure.kind, exact: true }).check();
  if (measure.title) await page.getByRole("textbox", { name: "The measure in your own words (if something else)" }).fill(measure.title);
  await page.getByRole("textbox", { name: "What the people who see this measure need to know or do" }).fill(measure.text);
  await page.getByRole("textbox", { name: "Who will see to it (their work email)" }).fill(measure.owner);
  await page.getByRole("radio", { name: "Planned", exact: true }).check();
  await page.getByLabel("Review date").fill(ukDay(30));
}

/** As the employee signed in: asks the staff IDVA service for support, sharing what they wrote. Returns the request's address. */
async function askTheIdvaService(page: Page): Promise<string> {
  await page.goto("/support/new");
  await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
  await page.getByLabel("Anything you want to tell them (optional)").fill(MESSAGE);
  await page.getByRole("checkbox", { name: "What I wrote", exact: true }).check();
  await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "My work email", exact: true }).check();
  await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
  await page.getByRole("button", { name: "Send my request" }).click();
  await expect(page.getByText("Your request was sent.")).toBeVisible();
  return new URL(page.url()).pathname;
}

/** As the employee signed in: adds a measure to their plan. Returns its address. */
async function addMeasure(page: Page, measure: { kind: string; title?: string; text: string; owner: string }): Promise<string> {
  await page.goto("/support/plan/new");
  await fillMeasure(page, measure);
  await page.getByRole("button", { name: "Save the measure" }).click();
  await expect(page.getByText("The measure was saved.")).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * A plan as the tests below need it: the employee's request to the staff IDVA service, a journeys measure shared with
 * their line manager, a measure of their own kept to themselves, and a measure the liaison proposed on the request.
 */
async function planSharedWithTheManager(
  page: Page,
  who: { employee: string; managerName: string } = { employee: people.employee, managerName: "Tom Brightwater" },
) {
  await signInForSetup(page, who.employee);
  const requestPath = await askTheIdvaService(page);
  const journeysPath = await addMeasure(page, { kind: JOURNEYS, text: JOURNEYS_TEXT, owner: who.employee });
  const ownPath = await addMeasure(page, { kind: OWN_KIND, title: OWN_TITLE, text: OWN_TEXT, owner: who.employee });
  await page.goto(journeysPath);
  await page.getByRole("radio", { name: `My line manager, ${who.managerName}` }).check();
  await page.getByRole("button", { name: "Let them see this measure" }).click();
  await expect(page.getByRole("status")).toHaveText(/They can now see this measure, and nothing else/);
  await signOutForSetup(page);

  await signInForSetup(page, people.idvaLiaison);
  await page.goto(requestPath);
  await page.getByRole("link", { name: "Propose a measure" }).click();
  await fillMeasure(page, { kind: PROPOSED_KIND, text: PROPOSED_TEXT, owner: people.idvaLiaison });
  await page.getByRole("button", { name: "Propose the measure" }).click();
  await expect(page.getByText("Proposed. The person you support decides whether to agree it.")).toBeVisible();
  const proposedPath = new URL(page.url()).pathname;
  await signOutForSetup(page);
  return { requestPath, journeysPath, ownPath, proposedPath };
}

test.describe("the workplace safety plan", () => {
  test("the employee asks for support and keeps a plan of two measures, then lets their line manager see one", async ({ page }) => {
    await signIn(page, people.employee);
    await page.goto("/support/new");
    await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
    await page.getByLabel("Anything you want to tell them (optional)").fill(MESSAGE);
    await page.getByRole("checkbox", { name: "What I wrote", exact: true }).check();
    await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "My work email", exact: true }).check();
    await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page.getByText("Your request was sent.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Safety plan at work" })).toBeVisible();

    await page.goto("/support");
    await page.getByRole("link", { name: "Your safety plan", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your safety plan at work" })).toBeVisible();
    await checkPage(page);

    await page.getByRole("link", { name: "Add a measure" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Add a measure" })).toBeVisible();
    await checkPage(page);
    // Nothing chosen: errors beside the fields, what was typed kept.
    await page.getByRole("textbox", { name: "What the people who see this measure need to know or do" }).fill(JOURNEYS_TEXT);
    await page.getByRole("button", { name: "Save the measure" }).click();
    await expect(page.locator("#kind-error")).toContainText("Choose a measure");
    await expect(page.locator("#ownerEmail-error")).toContainText("Give the work email");
    await expect(page.locator("#reviewOn-error")).toContainText("Give a review date");
    await expect(page.getByRole("textbox", { name: "What the people who see this measure need to know or do" })).toHaveValue(JOURNEYS_TEXT);
    await checkPage(page);
    await fillMeasure(page, { kind: JOURNEYS, text: JOURNEYS_TEXT, owner: people.manager });
    await page.getByRole("button", { name: "Save the measure" }).click();
    await expect(page.getByRole("heading", { level: 1, name: JOURNEYS })).toBeVisible();
    await expect(page.getByText("The measure was saved.")).toBeVisible();
    const journeysPath = new URL(page.url()).pathname;
    expect(journeysPath).toMatch(/^\/support\/plan\/[0-9a-f-]{36}$/);
    await checkPage(page);

    await page.goto("/support/plan/new");
    await fillMeasure(page, { kind: OWN_KIND, title: OWN_TITLE, text: OWN_TEXT, owner: people.employee });
    await page.getByRole("button", { name: "Save the measure" }).click();
    await expect(page.getByRole("heading", { level: 1, name: OWN_TITLE })).toBeVisible();

    await page.goto(journeysPath);
    await page.getByRole("radio", { name: "My line manager, Tom Brightwater" }).check();
    await page.getByRole("button", { name: "Let them see this measure" }).click();
    await expect(page.getByRole("status")).toHaveText(/They can now see this measure, and nothing else/);
    await expect(page.getByRole("row").filter({ hasText: "Tom Brightwater" })).toContainText("Now");
    await checkPage(page);
    await signOut(page);
  });

  test("the staff IDVA liaison proposes a measure on the request; it waits for the employee", async ({ page }) => {
    await signInForSetup(page, people.employee);
    const requestPath = await askTheIdvaService(page);
    const journeysPath = await addMeasure(page, { kind: JOURNEYS, text: JOURNEYS_TEXT, owner: people.employee });
    await signOutForSetup(page);

    await signIn(page, people.idvaLiaison);
    await page.goto(requestPath);
    await page.getByRole("link", { name: "Propose a measure" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Propose a measure" })).toBeVisible();
    await checkPage(page);
    await fillMeasure(page, { kind: PROPOSED_KIND, text: PROPOSED_TEXT, owner: people.idvaLiaison });
    await page.getByRole("button", { name: "Propose the measure" }).click();
    await expect(page.getByText("Proposed. The person you support decides whether to agree it.")).toBeVisible();
    await checkPage(page);
    // The supporter sees the measures worked on with their service, not the rest of the plan.
    await expectNotFound(page, journeysPath);
    await signOut(page);
  });

  test("the line manager sees the one measure shared with them and nothing else", async ({ page }) => {
    const { requestPath, journeysPath, ownPath, proposedPath } = await planSharedWithTheManager(page);
    await signIn(page, people.manager);
    await page.goto("/support");
    const shared = page.getByRole("heading", { level: 2, name: "Measures shared with you" });
    await expect(shared).toBeVisible();
    await checkPage(page);
    await page.locator(`a[href="${journeysPath}"]`).click();
    await expect(page.getByRole("heading", { level: 1, name: JOURNEYS })).toBeVisible();
    await expect(page.getByText(JOURNEYS_TEXT)).toBeVisible();
    await expect(page.getByText("Jordan Mistry-Oake chose to let you see this measure.")).toBeVisible();
    // The measure's own words only: no request, messages, reason, other measures or sharing controls.
    for (const absent of [MESSAGE, OWN_TITLE, PROPOSED_TEXT, "Messages", "Who may see this measure", "Change this measure"])
      await expect(page.getByText(absent)).toHaveCount(0);
    await checkPage(page);
    await expectNotFound(page, ownPath);
    await expectNotFound(page, proposedPath);
    await expectNotFound(page, requestPath);
    await page.goto("/support");
    await expect(page.locator(`a[href="${ownPath}"]`)).toHaveCount(0);
    await signOut(page);

    // A colleague in the same team finds nothing.
    await signIn(page, people.colleague);
    await expectNotFound(page, journeysPath);
    await signOut(page);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the employee agrees the proposal and withdraws their manager's sight with plain forms", async ({ page }) => {
      const { journeysPath, proposedPath } = await planSharedWithTheManager(page);
      await page.goto("/sign-in");
      await page.getByLabel("Work email address").fill(people.employee);
      await page.getByLabel("Password").fill("Demo-Portal-2026!");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.goto(proposedPath);
      await expect(page.getByText("Not yet: proposed, waiting for agreement")).toBeVisible();
      await page.getByRole("button", { name: "Agree this measure" }).click();
      await expect(page.getByRole("status")).toHaveText("You agreed this measure.");
      await expectSafeShell(page);

      await page.goto(journeysPath);
      // Sharing with someone else needs their work email: the error is beside the field.
      await page.getByRole("radio", { name: "Someone else at work (for example reception or facilities)" }).check();
      await page.getByRole("button", { name: "Let them see this measure" }).click();
      await expect(page.locator("#email-error")).toContainText("Give their work email");
      await page.getByRole("button", { name: "Stop Tom Brightwater seeing this measure" }).click();
      await expect(page.getByRole("status")).toHaveText("Withdrawn. From now on they cannot open this measure.");
      await expect(page.getByRole("row").filter({ hasText: "Tom Brightwater" })).toContainText("Withdrawn");
      await expectSafeShell(page);
      await page.getByRole("button", { name: "Sign out" }).click();
    });
  });

  test("after the withdrawal the line manager gets not found; the employee's ledger shows the grant, the withdrawal and each open", async ({ page }) => {
    // The manager opens the shared measure once; then the employee withdraws it.
    const { journeysPath } = await planSharedWithTheManager(page, ledgerPeople);
    await signInForSetup(page, ledgerPeople.manager);
    await page.goto(journeysPath);
    await expect(page.getByRole("heading", { level: 1, name: JOURNEYS })).toBeVisible();
    await signOutForSetup(page);
    await signInForSetup(page, ledgerPeople.employee);
    await page.goto(journeysPath);
    await page.getByRole("button", { name: `Stop ${ledgerPeople.managerName} seeing this measure` }).click();
    await expect(page.getByRole("status")).toHaveText("Withdrawn. From now on they cannot open this measure.");
    await signOutForSetup(page);

    await signIn(page, ledgerPeople.manager);
    await expectNotFound(page, journeysPath);
    await page.goto("/support");
    await expect(page.getByRole("heading", { level: 2, name: "Measures shared with you" })).toHaveCount(0);
    await signOut(page);

    await signIn(page, ledgerPeople.employee);
    await page.goto("/support/plan");
    const grant = page.getByRole("table", { name: "Who you let see which measure" }).getByRole("row").filter({ hasText: ledgerPeople.managerName });
    await expect(grant).toHaveCount(1);
    await expect(grant).toContainText(JOURNEYS);
    await expect(grant).toContainText("Withdrawn");
    await expect(page.getByText(`${ledgerPeople.managerName}. Opened the measure: ${JOURNEYS}`)).toHaveCount(1);
    await expect(page.getByText(/Lucy Harrowden\. Proposed the measure: Change building access codes/)).toBeVisible();
    await checkPage(page);
    await signOut(page);
  });
});

test.describe("the offer of a report when the person works for the police", () => {
  test("explains what reporting would mean, without pressure, and starts the report as their own only if they choose", async ({ page }) => {
    await signIn(page, people.employee);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Support", exact: true }).click();
    await page.getByRole("link", { name: "What reporting would mean, and your choices" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "If the person harming you works for the police" })).toBeVisible();
    for (const point of [
      "A restricted case.",
      "The right people are told at once.",
      "You are the victim.",
      "You are kept informed.",
      "Nothing happens unless you choose.",
    ]) {
      await expect(page.getByText(point, { exact: true })).toBeVisible();
    }
    await expect(page.getByText(/nominated NPCC officer/)).toBeVisible();
    await expect(page.getByText(/interested\s+person/)).toBeVisible();
    await expect(page.getByRole("link", { name: "Not now: back to Support" })).toHaveAttribute("href", "/support");
    await checkPage(page);
    await page.getByRole("link", { name: "Start a report about what happened to me" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Record a report" })).toBeVisible();
    await expect(page.getByRole("radio", { name: "It is about me: I am reporting it myself" })).toBeChecked();
    // Opened without the choice, the form asks rather than assumes.
    await page.goto("/records/new");
    await expect(page.getByRole("radio", { name: "It is about me: I am reporting it myself" })).not.toBeChecked();
    await signOut(page);
  });
});

test.describe("a line manager's referral to a support service, with consent", () => {
  test("the manager starts a request the employee must confirm; nobody else can open it", async ({ page }) => {
    await signIn(page, people.manager);
    await page.goto("/team");
    await page.getByRole("link", { name: "Jordan Mistry-Oake" }).click();
    await page.getByRole("link", { name: "suggest a support service for them" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Suggest a support service" })).toBeVisible();
    await checkPage(page);
    await page.getByRole("textbox", { name: "The support you talked about (optional)" }).fill(`Fictional (${RUN}): the staff IDVA service.`);
    await page.getByRole("button", { name: "Send to Jordan Mistry-Oake to confirm" }).click();
    await expect(page.locator("#serviceId-error")).toContainText("Choose a service");
    await expect(page.locator("#consent-error")).toContainText("Confirm that they agreed to this referral");
    await expect(page.getByRole("textbox", { name: "The support you talked about (optional)" })).toHaveValue(`Fictional (${RUN}): the staff IDVA service.`);
    await checkPage(page);
    await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
    await page.getByRole("checkbox", { name: "Jordan Mistry-Oake agreed that I suggest this for them" }).check();
    await page.getByRole("button", { name: "Send to Jordan Mistry-Oake to confirm" }).click();
    await expect(page.getByRole("status")).toHaveText(/Sent to Jordan Mistry-Oake to confirm\. Nothing reaches the service unless they send it/);
    await checkPage(page);
    await signOut(page);

    await signIn(page, people.employee);
    await page.goto("/support");
    const suggested = page.getByRole("row").filter({ hasText: "Suggested by Tom Brightwater" });
    await expect(suggested).toHaveCount(1);
    await checkPage(page);
    const draftPath = (await suggested.getByRole("link").getAttribute("href")) ?? "";
    expect(draftPath).toMatch(/^\/support\/requests\/[0-9a-f-]{36}\/edit$/);
    await page.goto(draftPath);
    await expect(page.getByRole("heading", { level: 1, name: "Your draft request" })).toBeVisible();
    await checkPage(page);
    await signOut(page);

    for (const who of [people.manager, people.idvaLiaison]) {
      await signIn(page, who);
      await expectNotFound(page, draftPath);
      await expectNotFound(page, draftPath.replace(/\/edit$/, ""));
      await signOut(page);
    }
  });
});

test.describe("a line manager's suggested safety measure, agreed by the employee", () => {
  test("the manager suggests a measure for their report; it waits in the employee's plan for them to agree; the manager cannot open it", async ({ page }) => {
    await signIn(page, people.manager);
    await page.goto("/team");
    await page.getByRole("link", { name: "Jordan Mistry-Oake" }).click();
    await page.getByRole("link", { name: "suggest it as a safety measure" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Suggest a safety measure" })).toBeVisible();
    await checkPage(page);
    await page.getByRole("button", { name: "Suggest the measure" }).click();
    await expect(page.locator("#kind-error")).toBeVisible();
    await checkPage(page);
    await page.getByRole("radio", { name: "Flexible hours or place of work", exact: true }).check();
    await page
      .getByRole("textbox", { name: "What the people who see this measure need to know or do" })
      .fill(`Fictional (${RUN}): start and finish times agreed day by day.`);
    await page.getByRole("textbox", { name: "Who will see to it (their work email)" }).fill(people.manager);
    await page.getByRole("radio", { name: "Planned", exact: true }).check();
    await page.getByLabel("Review date").fill("2027-03-01");
    await page.getByRole("button", { name: "Suggest the measure" }).click();
    await expect(page.getByRole("status")).toContainText("Suggested to Jordan Mistry-Oake");
    await signOut(page);

    await signIn(page, people.employee);
    await page.goto("/support/plan");
    const row = page.getByRole("row").filter({ hasText: "Flexible hours or place of work" }).filter({ hasText: "Proposed: waiting for you to agree" });
    await expect(row.first()).toBeVisible();
    const path = (await row.first().getByRole("link").getAttribute("href")) ?? "";
    expect(path).toMatch(/^\/support\/plan\/[0-9a-f-]{36}$/);
    await signOut(page);

    await signIn(page, people.manager);
    await expectNotFound(page, path);
    await signOut(page);
  });
});
