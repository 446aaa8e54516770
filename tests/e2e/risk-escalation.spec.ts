import { TZDate } from "@date-fns/tz";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from "../../app/models/risk/bank-holidays";
import { isWorkingDay, workingDaysAfter } from "../../app/models/risk/working-days";
import { E2E } from "./support/constants";
import {
  declareNoConnection,
  expectAccessible,
  expectNotFound,
  expectSafeShell,
  mailCount,
  persona,
  signIn,
  signInForSetup,
  signOut,
  signOutForSetup,
} from "./support/fixtures";

// Risk that escalates on time (docs/features/risk-escalation.md). The demo organisation's people (all fictional).
const NS = "northshire.police.invalid";
const people = {
  employee: `ffion.gwilliam@${NS}`, // Kelmoor staff: her line manager is the Kelmoor duty inspector
  idvaLiaison: `lucy.harrowden@${NS}`,
  daCoordinators: [`grace.ellerby@${NS}`, `owen.pritchard-hale@${NS}`],
  dutyInspector: `rosalind.kettleby@${NS}`, // Ashbridge duty inspector, outside the employee's chain
  employeesManager: `sanjay.whitlock@${NS}`, // Kelmoor duty inspector: her own manager, never told
  // No other spec signs in as the occupational health lead: the case in which she admits harm touches no other journey.
  caseSuspect: `samira.lindqvist@${NS}`,
};
const RATIONALE = "Fictional: professional judgement after the conversation.";
const MINUTE = 60_000;

/** Moves the portal's test clock forward to `target` (in steps of at most 60 days), answering the portal's time. */
async function moveClockTo(request: APIRequestContext, target: Date): Promise<Date> {
  let now = await moveClock(request, 1);
  while (now < target) now = await moveClock(request, Math.min(60 * 24 * 60, Math.ceil((target.getTime() - now.getTime()) / MINUTE)));
  return now;
}

async function moveClock(request: APIRequestContext, minutes: number): Promise<Date> {
  const response = await request.post(`${E2E.baseUrl}/dev/clock`, { form: { minutes: String(minutes) }, headers: { Origin: E2E.baseUrl } });
  expect(response.status()).toBe(200);
  return new Date(((await response.json()) as { now: string }).now);
}

/** As the employee: a request to the staff IDVA service; then the liaison picks it up. Returns the request's address. */
async function requestPickedUp(page: Page): Promise<string> {
  await signInForSetup(page, people.employee);
  await page.goto("/support/new");
  await page.getByRole("radio", { name: "Staff IDVA service", exact: true }).check();
  await page.getByRole("group", { name: "Safe ways to contact me" }).getByRole("checkbox", { name: "Only through messages in this portal" }).check();
  await page.getByRole("checkbox", { name: "I have read who will see what" }).check();
  await page.getByRole("button", { name: "Send my request" }).click();
  await expect(page.getByText("Your request was sent.")).toBeVisible();
  const requestPath = new URL(page.url()).pathname;
  await signOutForSetup(page);
  await signIn(page, people.idvaLiaison);
  await page.goto(requestPath);
  await page.getByRole("button", { name: "Pick up this request" }).click();
  await expect(page.getByText("You picked up this request.")).toBeVisible();
  return requestPath;
}

/** As the liaison, on the request: an assessment raised to `level` by professional judgement. */
async function assess(page: Page, level: "HIGH" | "MEDIUM"): Promise<void> {
  const riskForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Record the assessment" }) });
  for (const radio of await riskForm.locator('input[type="radio"][value="no"]').all()) await radio.check();
  await page.getByLabel("Level (professional judgement)").selectOption(level);
  await page.getByLabel("Rationale (needed when you raise the level)").fill(RATIONALE);
  await page.getByRole("button", { name: "Record the assessment" }).click();
}

const item = (page: Page, name: string) => page.getByRole("region", { name });

test.describe("risk that escalates on time", () => {
  test.afterEach(async ({ request }) => {
    const response = await request.post(`${E2E.baseUrl}/dev/clock`, { form: { reset: "1" }, headers: { Origin: E2E.baseUrl } });
    expect(response.status()).toBe(200);
  });

  test("high risk opens the threat-to-life and MARAC items; the coordinator is reminded, then it escalates to the duty inspector", async ({ page }) => {
    test.slow();
    const requestPath = await requestPickedUp(page);
    const inspectorBefore = await mailCount(people.dutyInspector);
    const managerBefore = await mailCount(people.employeesManager);
    await assess(page, "HIGH");
    await expect(page.getByText(/Recorded as high risk/)).toBeVisible();
    const assessedAt = new Date();
    // The IDVA referral is the service's: the liaison records the IDVA's answer.
    await page.getByRole("link", { name: "Risk deadlines and referrals" }).click();
    await expect(page).toHaveURL(`${requestPath}/risk`);
    await item(page, "IDVA referral").getByRole("radio", { name: "Accepted" }).check();
    await page.getByRole("button", { name: "Record the answer" }).click();
    await expect(page.getByText("The IDVA's answer was recorded.")).toBeVisible();
    await signOut(page);
    await expect.poll(() => mailCount(people.dutyInspector), { timeout: 15_000 }).toBeGreaterThan(inspectorBefore);

    // The duty inspector finds the threat-to-life decision in their list and records it, seeing nothing of the request.
    await signIn(page, people.dutyInspector);
    await page.goto("/support/deadlines");
    await expectSafeShell(page);
    await expectAccessible(page);
    // This request's item: earlier tests on the same portal may have left threat-to-life items of their own.
    await page.locator(`a[href="${requestPath}/risk"]`, { hasText: "Threat-to-life decision by the duty inspector" }).first().click();
    await expect(item(page, "Threat-to-life decision by the duty inspector")).toBeVisible();
    await expect(item(page, "MARAC referral")).toBeVisible();
    await expectSafeShell(page);
    await expectAccessible(page);
    await page.getByRole("radio", { name: "Yes: a threat-to-life assessment was done" }).check();
    await page.getByLabel("Rationale").fill("Fictional: threats reported this week; assessment done.");
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect(page.getByText("The threat-to-life decision was recorded.")).toBeVisible();
    await signOut(page);
    // The employee's own manager, a duty inspector too, is never told.
    expect(await mailCount(people.employeesManager)).toBe(managerBefore);

    // The coordinator owns the MARAC referral: reminded on the morning of its last working day, escalated after it.
    const deadline = workingDaysAfter(assessedAt, 5);
    const coordinatorsBefore = await Promise.all(people.daCoordinators.map(mailCount));
    await moveClockTo(page.request, new Date(deadline.startsAt.getTime() + 60 * MINUTE));
    await expect
      .poll(async () => (await Promise.all(people.daCoordinators.map(mailCount))).every((count, i) => count > coordinatorsBefore[i]!), { timeout: 15_000 })
      .toBe(true);
    await signIn(page, people.daCoordinators[0]!);
    await page.goto(`${requestPath}/risk`);
    await expect(item(page, "MARAC referral")).toContainText("(reminded)");
    const inspectorAtReminder = await mailCount(people.dutyInspector);
    await moveClockTo(page.request, new Date(deadline.endsAt.getTime() + 60 * MINUTE));
    await expect.poll(() => mailCount(people.dutyInspector), { timeout: 15_000 }).toBeGreaterThan(inspectorAtReminder);
    await page.goto("/support/deadlines");
    const overdue = page
      .getByRole("row", { name: /MARAC referral/ })
      .filter({ hasText: "Overdue" })
      .first();
    await expect(overdue).toContainText("(escalated)");
    await page.goto(`${requestPath}/risk`);
    await expect(item(page, "MARAC referral")).toContainText(/Overdue: was due by .* \(escalated\)/);
    await expect(item(page, "Threat-to-life decision by the duty inspector")).toContainText("Closed");
    await signOut(page);
  });

  test("a medium-risk request not contacted for 5 working days across a bank holiday escalates at the end of the right day", async ({ page }) => {
    test.slow();
    const requestPath = await requestPickedUp(page);
    // The working day before the next bank holiday (at least two days away), at 10:00 in London.
    const today = new Date();
    const holiday = ENGLAND_AND_WALES_BANK_HOLIDAYS.map((row) => row.date).find(
      (date) => new Date(`${date}T12:00:00Z`).getTime() > today.getTime() + 2 * 86_400_000,
    )!;
    const day = new Date(`${holiday}T12:00:00Z`);
    do day.setUTCDate(day.getUTCDate() - 1);
    while (!isWorkingDay(day.toISOString().slice(0, 10)));
    const assessedAt = new Date(new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10, 0, 0, "Europe/London").getTime());
    const deadline = workingDaysAfter(assessedAt, 5);
    // Across the holiday (and a weekend): more than five calendar days on.
    expect(deadline.startsAt.getTime() - assessedAt.getTime()).toBeGreaterThan(6 * 86_400_000);

    await moveClockTo(page.request, assessedAt);
    await page.goto(requestPath);
    await assess(page, "MEDIUM");
    await expect(page.getByText("The risk assessment was recorded.")).toBeVisible();
    await page.goto(`${requestPath}/risk`);
    await expect(item(page, "First contact (medium risk)")).toContainText("Due by");

    const liaisonBefore = await mailCount(people.idvaLiaison);
    await moveClockTo(page.request, new Date(deadline.startsAt.getTime() + 60 * MINUTE));
    await expect.poll(() => mailCount(people.idvaLiaison), { timeout: 15_000 }).toBeGreaterThan(liaisonBefore);
    // An hour before the day ends: reminded, not yet overdue or escalated.
    await moveClockTo(page.request, new Date(deadline.endsAt.getTime() - 60 * MINUTE));
    await page.goto(`${requestPath}/risk`);
    await expect(item(page, "First contact (medium risk)")).toContainText("(reminded)");
    await expect(item(page, "First contact (medium risk)")).not.toContainText("Overdue");

    const coordinatorBefore = await mailCount(people.daCoordinators[0]!);
    await moveClockTo(page.request, new Date(deadline.endsAt.getTime() + 60 * MINUTE));
    await expect.poll(() => mailCount(people.daCoordinators[0]!), { timeout: 15_000 }).toBeGreaterThan(coordinatorBefore);
    await expect(async () => {
      await page.goto(`${requestPath}/risk`);
      await expect(item(page, "First contact (medium risk)")).toContainText("(escalated)", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expectAccessible(page);
    await signOut(page);

    // The escalation reaches the safeguarding lead: the overdue item in red, in words, and nothing of the request's content.
    await signIn(page, people.daCoordinators[0]!);
    await page.goto("/support/deadlines");
    await expect(
      page
        .getByRole("row", { name: /First contact \(medium risk\)/ })
        .filter({ hasText: "Overdue" })
        .first(),
    ).toBeVisible();
    await signOut(page);
  });

  test("a police-suspect case has its own assessment: PSD records high risk on the case, its items open, and the suspect finds nothing", async ({ page }) => {
    test.slow();
    // A case: the employee admits harming someone at home (the admission route makes them the suspect).
    await signInForSetup(page, people.caseSuspect);
    await page.goto("/support/help-to-stop");
    await page.getByLabel(/I have read that this is not confidential/).check();
    await page.getByLabel("What has been happening").fill("Fictional test admission for the case's risk assessment.");
    await page.getByRole("group", { name: "Do any children live with you, or are any involved?" }).getByRole("radio", { name: "No" }).check();
    await page.getByRole("group", { name: "Is anyone in immediate danger?" }).getByRole("radio", { name: "No" }).check();
    await page.getByRole("button", { name: "Send to professional standards" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sent to professional standards" })).toBeVisible();
    await signOutForSetup(page);

    await signIn(page, persona.psdOfficer);
    await page.goto("/records");
    const reference = (await page.getByRole("table", { name: "Cases" }).getByRole("link").first().textContent())?.trim() ?? "";
    await declareNoConnection(page, reference);
    await page.getByRole("link", { name: "Risk to the victim" }).click();
    await expect(page).toHaveURL(`/records/${reference}/risk`);
    await expect(page.getByRole("heading", { level: 1, name: "Risk to the victim" })).toBeVisible();
    await expectSafeShell(page);
    await expectAccessible(page);
    // Unanswered questions are refused by the field, nothing recorded.
    await page.getByRole("button", { name: "Record the assessment" }).click();
    await expect(page.getByText("Answer yes, no or not known").first()).toBeVisible();
    await expect(page.getByText("No risk assessment yet.")).toBeVisible();
    await expectAccessible(page);
    await assess(page, "HIGH");
    await expect(page.getByText("The assessment was recorded.")).toBeVisible();
    await expect(item(page, "Threat-to-life decision by the duty inspector")).toContainText("Due by");
    await expect(item(page, "MARAC referral")).toBeVisible();
    await expect(item(page, "IDVA referral")).toBeVisible();
    await expectAccessible(page);
    // PSD's own deadlines list the case's items, linking to the case's risk page.
    await page.goto("/support/deadlines");
    await expect(page.locator(`a[href="/records/${reference}/risk"]`, { hasText: "MARAC referral" })).toBeVisible();
    await signOut(page);

    // The suspect: "not found" (audited and alerted to PSD, as any refused read of a case).
    await signInForSetup(page, people.caseSuspect);
    await expectNotFound(page, `/records/${reference}/risk`);
    await signOutForSetup(page);
  });
});
