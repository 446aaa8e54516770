import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import {
  expectAccessible,
  expectSafeShell,
  mailCount,
  mailTo,
  recordReceivedReportAs,
  signIn,
  signInForSetup,
  signOut,
  signOutForSetup,
  type ReceivedReport,
} from "./support/fixtures";

// The demo organisation's people (prisma/seed-data.ts; all fictional).
const NS = "northshire.police.invalid";
const people = {
  constable: `alys.penhallow@${NS}`, // first recipient, Ashbridge
  suspect: `kieran.duxbury@${NS}`,
  supervisor: `sanjay.whitlock@${NS}`, // Kelmoor duty inspector: Alys's own chain is the suspect's
  areaCommander: `gareth.linthwaite@${NS}`, // Operations OCU commander: the area chosen on the report
  npcc: `tobias.wrenfield@${NS}`,
  daCoordinators: [`grace.ellerby@${NS}`, `owen.pritchard-hale@${NS}`],
  caiu: `miriam.stavely@${NS}`,
  headOfPsd: `helena.brackenridge@${NS}`,
  // Kieran's unit commander, in his line chain: never told. So is every commander above him (the DCC, the chief
  // constable: no rank is exempt), so the commander's notice goes to nobody and PSD sees the gap (ADR 024).
  commanderInTheChain: `desmond.pellingham@${NS}`,
  // Jordan's unit commander (Ashbridge BCU), who receives Jordan's notice of a court order.
  unlistedsCommander: `desmond.pellingham@${NS}`,
  unlisted: `jordan.mistry-oake@${NS}`,
  staff: `ffion.gwilliam@${NS}`,
  chiefOfficer: `margery.fenwright@${NS}`,
};
const PCC_MAILBOX = "office@northshire-pcc.invalid";
const ACCOUNT = "Fictional test account for the referral chain: repeated threatening calls to the reporting person.";
const CALLER = "Robin Fictional-Caller";
const REPORT: ReceivedReport = {
  suspectSearch: "Duxbury",
  suspectName: /Kieran Duxbury/,
  victim: { publicName: CALLER },
  childrenInvolved: true,
  account: ACCOUNT,
  received: "By telephone",
  area: "Operations OCU",
};
const CHIEF_OFFICER_REPORT: ReceivedReport = { ...REPORT, suspectSearch: "Fenwright", suspectName: /Margery Fenwright/, area: undefined };

async function moveClock(request: APIRequestContext, form: Record<string, string>) {
  const response = await request.post(`${E2E.baseUrl}/dev/clock`, { form, headers: { Origin: E2E.baseUrl } });
  expect(response.status()).toBe(200);
}

/** A fresh chain: a constable's report about the suspect, waiting for the supervising inspector. */
const reportToTheSupervisor = (page: Page) => recordReceivedReportAs(page, people.constable, REPORT);

/**
 * Signs in as a recipient, opens their waiting referral from the records list, declares no connection and acknowledges.
 * `scan` checks the referral page's accessibility; `setup` signs in and out without the pages (a test's setup step).
 */
async function acknowledge(page: Page, email: string, reference: string, options: { scan?: boolean; setup?: boolean } = {}): Promise<string> {
  if (options.setup) await signInForSetup(page, email);
  else await signIn(page, email);
  await page.goto("/records");
  const referrals = page.getByRole("region", { name: "Referrals for you" });
  await referrals.getByRole("link", { name: new RegExp(`^Referral: .*, record ${reference}$`) }).click();
  await expectSafeShell(page);
  await expect(page).toHaveTitle(/^Referral/);
  const referralUrl = new URL(page.url()).pathname;
  expect(referralUrl).toMatch(/^\/referrals\/[0-9a-f-]{36}$/);
  if (options.scan) await expectAccessible(page);
  await page.getByRole("radio", { name: "No, I have no connection" }).check();
  await page.getByRole("button", { name: /Declare and acknowledge/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Case / })).toBeVisible();
  await expect(page.getByText(ACCOUNT)).toBeVisible();
  if (options.setup) await signOutForSetup(page);
  else await signOut(page);
  return referralUrl;
}

/**
 * A fresh chain that the supervising inspector has acknowledged, so it has passed to the five recipients. Returns the
 * reference, the supervisor's referral address, and the DA coordinator who was told (the first holder of the role)
 * with the one who is next.
 */
async function reportPassedToTheRecipients(page: Page, options: { scan?: boolean; setup?: boolean } = {}) {
  const reference = await reportToTheSupervisor(page);
  const coordinatorsBefore = await Promise.all(people.daCoordinators.map(mailCount));
  const supervisorsReferral = await acknowledge(page, people.supervisor, reference, options);
  // One DA coordinator is the first holder of the role; the other is their next eligible holder.
  await expect
    .poll(async () => (await Promise.all(people.daCoordinators.map(mailCount))).filter((count, i) => count > coordinatorsBefore[i]!).length, {
      timeout: 15_000,
    })
    .toBe(1);
  const after = await Promise.all(people.daCoordinators.map(mailCount));
  const firstIndex = after[0]! > coordinatorsBefore[0]! ? 0 : 1;
  return { reference, supervisorsReferral, firstCoordinator: people.daCoordinators[firstIndex]!, secondCoordinator: people.daCoordinators[1 - firstIndex]! };
}

test.describe("the immediate referral chain", () => {
  // Each test starts a chain of its own; the one that moves the clock leaves it as it found it.
  test.afterEach(async ({ request }) => {
    await moveClock(request, { reset: "1" });
  });

  test("a constable's report reaches the supervising inspector at once, by content-free mail and in the portal", async ({ page }) => {
    const before = await mailCount(people.supervisor);
    const reference = await reportToTheSupervisor(page);
    await expect.poll(() => mailCount(people.supervisor), { timeout: 15_000 }).toBeGreaterThan(before);
    for (const mail of await mailTo(people.supervisor))
      expect(`${mail.subject} ${mail.text}`).not.toMatch(new RegExp(`${reference}|Duxbury|abuse|referral`, "i"));

    // Nobody else has it yet; the suspect never sees anything.
    await signIn(page, people.suspect);
    await page.goto("/records");
    await expect(page.getByRole("region", { name: "Referrals for you" })).toHaveCount(0);
    await expect(page.locator("main")).not.toContainText(reference);
    await signOut(page);
  });

  test("the supervising inspector declares and acknowledges; the report passes at once to the five recipients", async ({ page }) => {
    const before = await Promise.all([people.areaCommander, people.npcc, people.caiu, people.headOfPsd].map(mailCount));
    const commanderMailBefore = await mailCount(people.commanderInTheChain);
    // The supervisor's page is scanned, and exactly one DA coordinator is told (reportPassedToTheRecipients).
    const { reference } = await reportPassedToTheRecipients(page, { scan: true });
    for (const [index, address] of [people.areaCommander, people.npcc, people.caiu, people.headOfPsd].entries()) {
      await expect.poll(() => mailCount(address), { timeout: 15_000, message: address }).toBeGreaterThan(before[index]!);
    }

    // The commander in the suspect's line chain is told nothing: no mail, no notice, and the case is not found.
    await signIn(page, people.commanderInTheChain);
    await page.goto("/records");
    await expect(page.getByRole("link", { name: "A notice for you as a commander" })).toHaveCount(0);
    await expectAccessible(page);
    expect((await page.goto(`/records/${reference}`))?.status()).toBe(404);
    await signOut(page);
    expect(await mailCount(people.commanderInTheChain)).toBe(commanderMailBefore);
    // Nor is a commander outside the chain given the notice in its place: the NPCC officer has the referral only.
    await signIn(page, people.npcc);
    await page.goto("/records");
    await expect(page.getByRole("link", { name: "A notice for you as a commander" })).toHaveCount(0);
    await signOut(page);
  });

  test("four recipients acknowledge; the DA coordinator who does not is reminded, then replaced by the next holder; PSD sees the whole timeline", async ({
    page,
  }) => {
    // Seven sign-ins, four of them with a code step, and two scheduler rounds: more than a minute on a busy machine.
    test.slow();
    const { reference, firstCoordinator, secondCoordinator } = await reportPassedToTheRecipients(page, { setup: true });
    for (const address of [people.areaCommander, people.npcc, people.caiu, people.headOfPsd]) await acknowledge(page, address, reference);

    const firstBefore = await mailCount(firstCoordinator);
    await moveClock(page.request, { minutes: "241" });
    await expect.poll(() => mailCount(firstCoordinator), { timeout: 15_000 }).toBeGreaterThan(firstBefore);

    const secondBefore = await mailCount(secondCoordinator);
    await moveClock(page.request, { minutes: "241" });
    await expect.poll(() => mailCount(secondCoordinator), { timeout: 15_000 }).toBeGreaterThan(secondBefore);

    // The first holder's referral has passed on: it no longer waits for them.
    await signIn(page, firstCoordinator);
    await page.goto("/records");
    await expect(page.getByRole("region", { name: "Referrals for you" })).toHaveCount(0);
    await signOut(page);

    // PSD sees the whole timeline: who was told, when, who acknowledged, the reminder and the escalation.
    await signIn(page, people.headOfPsd);
    await page.goto(`/records/${reference}`);
    await page.getByRole("link", { name: "Referral chain" }).click();
    await expect(page).toHaveURL(new RegExp(`/records/${reference}/referrals$`));
    await expect(page).toHaveTitle(/^Referral chain/);
    const table = page.getByRole("table", { name: "Who was told" });
    await expect(table.getByRole("row")).toHaveCount(1 + 8); // supervisor, five recipients, the notice, the replacement
    await expect(table.getByRole("row", { name: /Supervising officer/ })).toContainText("Acknowledged");
    await expect(table.getByRole("row", { name: /CAIU supervisor/ })).toContainText("Acknowledged");
    await expect(table.getByRole("row", { name: /Domestic abuse coordinator/ }).first()).toContainText("Passed on");
    await expect(table.getByRole("row", { name: /Domestic abuse coordinator/ }).last()).toContainText(/Overdue|Waiting for acknowledgement/);
    const history = page.locator("main ol");
    await expect(history).toContainText("Reminder sent");
    await expect(history).toContainText("Passed on");
    await expect(history).toContainText("Not acknowledged in time after a reminder");
    await expectAccessible(page);

    await page.goto("/oversight");
    await expect(page.getByRole("heading", { name: "Referral chains" })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(reference) })).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  });

  test("anyone else following a referral's link, the suspect included, gets 'not found', exactly as for no referral at all", async ({ page }) => {
    const reference = await reportToTheSupervisor(page);
    const supervisorsReferral = await acknowledge(page, people.supervisor, reference, { setup: true });
    for (const who of [people.unlisted, people.suspect]) {
      await signIn(page, who);
      expect((await page.goto(supervisorsReferral))?.status(), who).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.locator("main")).not.toContainText(reference);
      expect((await page.goto("/referrals/00000000-0000-4000-8000-000000000001"))?.status()).toBe(404);
      await signOut(page);
    }
  });

  test("a report whose suspect is the chief officer goes directly to the PCC's mailbox, content-free", async ({ page }) => {
    const before = await mailCount(PCC_MAILBOX);
    const chiefReference = await recordReceivedReportAs(page, people.staff, CHIEF_OFFICER_REPORT);
    await expect.poll(() => mailCount(PCC_MAILBOX), { timeout: 15_000 }).toBeGreaterThan(before);
    for (const mail of await mailTo(PCC_MAILBOX)) {
      expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toMatch(new RegExp(`${chiefReference}|Fenwright|chief|abuse|suspect|http`, "i"));
    }
    expect(await mailCount(people.chiefOfficer)).toBe(0);
  });
});

test("an employee tells their commander about a court order: the commander and PSD see it, a colleague does not", async ({ page }) => {
  await signIn(page, people.unlisted);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notices" }).click();
  await page.getByRole("link", { name: "Tell your commander about an order" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send the notice" }).click();
  await expect(page.locator("#kind-error")).toContainText("Say what kind");
  await expect(page.locator("#details-error")).toContainText("Give the details");
  await page.getByRole("radio", { name: /A civil court order/ }).check();
  await page.getByLabel("When was it made?").fill("2026-11-02");
  await page.getByLabel("Details").fill("Fictional: a non-molestation order, Ashbridge Family Court, for twelve months.");
  await page.getByRole("button", { name: "Send the notice" }).click();
  await expect(page.getByText("Your notice has been sent to your commander and professional standards")).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, people.unlistedsCommander);
  await page.goto("/notices");
  await expect(page.getByText("Fictional: a non-molestation order")).toBeVisible();
  await page.getByRole("button", { name: "Record that I have seen this notice" }).click();
  await expect(page.getByText(/By the commander, /)).toBeVisible();
  await signOut(page);

  await signIn(page, people.constable);
  await page.goto("/notices");
  await expect(page.getByText("Fictional: a non-molestation order")).toHaveCount(0);
  await signOut(page);
});
