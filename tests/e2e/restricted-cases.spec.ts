import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import {
  attemptToOpenCase,
  chooseReceivedReportAbout,
  declareNoConnection,
  expectAccessible,
  expectSafeShell,
  mailCount,
  mailTo,
  recordReceivedReportAs,
  settledMailCount,
  signIn,
  signInForSetup,
  signOut,
  signOutForSetup,
  type ReceivedReport,
} from "./support/fixtures";

// The demo organisation's people (prisma/seed-data.ts; all fictional).
const NS = "northshire.police.invalid";
const people = {
  firstRecipient: `alys.penhallow@${NS}`, // constable, Ashbridge
  suspect: `kieran.duxbury@${NS}`, // constable, Ashbridge, same sergeant as Alys
  suspectsManager: `thomas.brightwater@${NS}`, // the suspect's sergeant
  unlistedOfficer: `jordan.mistry-oake@${NS}`,
  psdOfficer: `callum.ferrisby@${NS}`,
  investigator: `ffion.gwilliam@${NS}`, // Kelmoor and Dale, nothing to do with the suspect
  supervisor: `sanjay.whitlock@${NS}`, // duty inspector, Kelmoor: the first eligible supervisor for Alys
  daCoordinator: `grace.ellerby@${NS}`,
  npccOfficer: `tobias.wrenfield@${NS}`,
};

const ACCOUNT = "Fictional test account: the reporting colleague says the suspect has been sending threatening messages at night.";
const INVESTIGATOR_REASON = "Fictional: investigating officer for the crime report";
const VICTIM_NAME = "Morgan Fictional-Testperson";
const SAFE_CONTACT = "Fictional: call 01632 960000 after 6pm only.";
const REPORT: ReceivedReport = {
  suspectSearch: "Duxbury",
  suspectName: /Kieran Duxbury/,
  victim: { publicName: VICTIM_NAME, safeContact: SAFE_CONTACT },
  childrenInvolved: true,
  account: ACCOUNT,
  received: "In person",
};

/** No mail may carry a reference, a name of the people involved, or the account. */
async function expectContentFree(address: string, reference: string) {
  for (const mail of await mailTo(address)) {
    for (const text of [mail.subject, mail.text, mail.html]) {
      expect(text).not.toContain(reference);
      expect(text).not.toMatch(/Duxbury|Fictional-Testperson|threatening|abuse|suspect|victim/i);
    }
  }
}

async function openCasePage(page: Page, reference: string) {
  return page.goto(`/records/${reference}`);
}

/** A fresh case, recorded by the first recipient: each test below works on a case of its own. */
const recordCase = (page: Page) => recordReceivedReportAs(page, people.firstRecipient, REPORT);

/** PSD declares no connection and gives `person` access to the case, as the access list asks. */
async function grantAccess(page: Page, reference: string, person: { search: string; name: RegExp; capacity: string; why: string }) {
  await signInForSetup(page, people.psdOfficer);
  await declareNoConnection(page, reference);
  await page.goto(`/records/${reference}/access`);
  await page.getByLabel("Search the directory").fill(person.search);
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByRole("radio", { name: person.name }).check();
  await page.getByLabel("Capacity").selectOption({ label: person.capacity });
  await page.getByLabel("Why they need access").fill(person.why);
  await page.getByRole("button", { name: "Give access" }).click();
  await expect(page.getByText("Access granted")).toBeVisible();
  await signOutForSetup(page);
}

test.describe("a police-suspect case from intake to oversight", () => {
  test("a constable records a report: restricted at once, with a receipt and content-free mail to the supervisor and PSD", async ({ page }) => {
    const supervisorMailBefore = await mailCount(people.supervisor);
    const psdMailBefore = await mailCount(people.psdOfficer);
    await signIn(page, people.firstRecipient);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Records" }).click();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Record a report" }).click();
    await expectSafeShell(page);
    await expect(page.getByText("If anyone is in immediate danger, call 999 now")).toBeVisible();
    await expectAccessible(page);

    // Sending an empty form explains each missing answer next to its field.
    await page.getByRole("button", { name: "Send the report" }).click();
    await expect(page.getByRole("alert")).toContainText("Say whether you received this report");
    await expect(page.locator("#account-error")).toContainText("Write a short account");

    await chooseReceivedReportAbout(page, "Duxbury", /Kieran Duxbury/);
    await page.getByRole("radio", { name: "A member of the public" }).check();
    await page.getByLabel("If a member of the public: their name").fill(VICTIM_NAME);
    await page.getByLabel("How to contact the victim safely (optional)").fill(SAFE_CONTACT);
    await page.getByRole("group", { name: "Are any children involved?" }).getByRole("radio", { name: "Yes" }).check();
    await page.getByRole("group", { name: "Is anyone in immediate danger?" }).getByRole("radio", { name: "No" }).check();
    await page.getByLabel("A short account of what was reported").fill(ACCOUNT);
    await page.getByLabel("How was it received?").selectOption({ label: "In person" });
    await page.getByRole("button", { name: "Send the report" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Report received" })).toBeVisible();
    await expectSafeShell(page);
    const reference = (await page.locator("strong.font-mono").innerText()).trim();
    expect(reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(page.url()).not.toMatch(/Duxbury|Testperson/i);
    await expect(page.getByText(ACCOUNT)).toBeVisible();
    await expectAccessible(page);

    await expect.poll(() => mailCount(people.supervisor), { timeout: 15_000 }).toBeGreaterThan(supervisorMailBefore);
    await expect.poll(() => mailCount(people.psdOfficer), { timeout: 15_000 }).toBeGreaterThan(psdMailBefore);
    // The first recipient keeps their receipt, but cannot open the case as it develops.
    expect((await openCasePage(page, reference))?.status()).toBe(404);
    await signOut(page);
  });

  test("the suspect finds no trace of the case: not in lists, search, counts or mail, and the URL is 'not found'", async ({ page }) => {
    const reference = await recordCase(page);
    await signIn(page, people.suspect);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Alerts" })).toHaveCount(0);
    await page.goto("/records");
    await expect(page.locator("main")).not.toContainText(reference);
    await page.getByLabel("Find a case by its reference").fill(reference);
    await page.getByRole("button", { name: "Find" }).click();
    await expect(page.getByText("No case that you can open has that reference")).toBeVisible();
    for (const path of [
      `/records/${reference}`,
      `/records/${reference}/access`,
      `/records/${reference}/access-log`,
      `/records/${reference}/access-log.csv`,
      `/records/submitted/${reference}`,
      `/records/${reference}/break-glass`,
    ]) {
      expect((await page.goto(path))?.status(), path).toBe(404);
      await expect(page.locator("body")).not.toContainText(ACCOUNT);
    }
    expect(await mailCount(people.suspect)).toBe(0);
    await signOut(page);
  });

  test("an unlisted officer who tries the case URL gets 'not found', and PSD is alerted by content-free mail", async ({ page }) => {
    const psdBeforeReport = await mailCount(people.psdOfficer);
    const reference = await recordCase(page);
    // PSD is told of the report itself first; that mail is not the alert.
    await expect.poll(() => mailCount(people.psdOfficer), { timeout: 15_000 }).toBeGreaterThan(psdBeforeReport);
    const before = await settledMailCount(people.psdOfficer);
    await signIn(page, people.unlistedOfficer);
    const response = await openCasePage(page, reference);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    // Exactly as for a reference that does not exist.
    expect((await page.goto("/records/BBBB-2222"))?.status()).toBe(404);
    await signOut(page);
    await expect.poll(() => mailCount(people.psdOfficer), { timeout: 15_000 }).toBeGreaterThan(before);
    await expectContentFree(people.psdOfficer, reference);
  });

  test("PSD declares, reads the case, reviews the alert, and gives an investigator access (never the suspect's line manager)", async ({ page }) => {
    const reference = await recordCase(page);
    await attemptToOpenCase(page, people.unlistedOfficer, reference);
    await attemptToOpenCase(page, people.suspect, reference);
    await signIn(page, people.psdOfficer);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Records" }).click();
    await page.getByRole("link", { name: reference }).click();
    // Declaration first: until then only the people involved are named, not the case.
    await expect(page.getByRole("heading", { name: "Declare any conflict of interest" })).toBeVisible();
    await expect(page.locator("main")).not.toContainText(ACCOUNT);
    await expectAccessible(page);
    await page.getByRole("radio", { name: "No, I have no connection" }).check();
    await page.getByRole("button", { name: "Record my declaration" }).click();
    await expect(page.getByText(ACCOUNT)).toBeVisible();
    await expect(page.getByText("Shown only to those keeping the victim safe")).toBeVisible();
    await expectAccessible(page);

    // The alert queue holds the unlisted officer's and the suspect's attempts.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
    await expectAccessible(page);
    const row = page
      .getByRole("row", { name: /Jordan Mistry-Oake/ })
      .filter({ hasText: reference })
      .first();
    await expect(row).toContainText("Attempt by someone not on the access list");
    await expect(
      page
        .getByRole("row", { name: /Kieran Duxbury/ })
        .filter({ hasText: reference })
        .first(),
    ).toBeVisible();
    await row.getByRole("link", { name: /Review/ }).click();
    await expectAccessible(page);
    await page.getByRole("radio", { name: "Advice given" }).check();
    await page.getByRole("button", { name: "Record the outcome" }).click();
    await expect(page.locator("#note-error")).toContainText("Give the rationale");
    await page.getByLabel("Rationale").fill("Fictional: the officer followed an old link by mistake; advised on access to restricted records.");
    await page.getByRole("button", { name: "Record the outcome" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
    await page.getByRole("link", { name: "Reviewed" }).click();
    await expect(
      page
        .getByRole("row", { name: /Jordan Mistry-Oake/ })
        .filter({ hasText: reference })
        .first(),
    ).toContainText("Advice given");

    // The access list: the suspect's line manager is refused with the reason; an investigator is granted.
    await page.goto(`/records/${reference}/access`);
    await expectAccessible(page);
    await page.getByLabel("Search the directory").fill("Brightwater");
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("radio", { name: /Brightwater/ }).check();
    await page.getByLabel("Capacity").selectOption({ label: "Conduct investigation" });
    await page.getByLabel("Why they need access").fill("Fictional: conduct assessment");
    await page.getByRole("button", { name: "Give access" }).click();
    await expect(page.locator("#personId-error, #personId").first()).toContainText("line-management chain");
    await page.getByLabel("Search the directory").fill("Gwilliam");
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("radio", { name: /Ffion Gwilliam/ }).check();
    await page.getByLabel("Capacity").selectOption({ label: "Criminal investigation" });
    await page.getByLabel("Why they need access").fill(INVESTIGATOR_REASON);
    await page.getByRole("button", { name: "Give access" }).click();
    await expect(page.getByText("Access granted")).toBeVisible();
    await expect(page.getByRole("row", { name: /Ffion Gwilliam/ })).toContainText("Not yet declared");
    await signOut(page);
  });

  test("the investigator declares a connection and is blocked until PSD clears it", async ({ page }) => {
    const reference = await recordCase(page);
    await grantAccess(page, reference, { search: "Gwilliam", name: /Ffion Gwilliam/, capacity: "Criminal investigation", why: INVESTIGATOR_REASON });
    await signIn(page, people.investigator);
    await openCasePage(page, reference);
    await page.getByRole("radio", { name: "Yes, I have a connection" }).check();
    await page.getByRole("button", { name: "Record my declaration" }).click();
    await expect(page.locator("#details-error")).toContainText("Describe the connection");
    await expect(page.locator("#connections-error")).toContainText("Choose each kind");
    await page.getByRole("checkbox", { name: "We have worked together before" }).check();
    await page.getByLabel("If yes: details").fill("Fictional: we were on the same training course in 2019.");
    await page.getByRole("button", { name: "Record my declaration" }).click();
    await expect(page.getByText("You declared a connection with someone involved.")).toBeVisible();
    await expect(page.locator("main")).not.toContainText(ACCOUNT);
    await signOut(page);

    await signIn(page, people.psdOfficer);
    await page.goto(`/records/${reference}/declarations`);
    await expectAccessible(page);
    const section = page.getByRole("region", { name: /Ffion Gwilliam/ });
    await section.getByRole("button", { name: /Record the decision/ }).click();
    await expect(page.getByRole("alert")).toContainText("Choose a decision");
    await page
      .getByRole("region", { name: /Ffion Gwilliam/ })
      .getByRole("radio", { name: /Cleared/ })
      .check();
    await page
      .getByRole("region", { name: /Ffion Gwilliam/ })
      .getByLabel("Rationale")
      .fill("Fictional: a brief shared course five years ago; no ongoing contact.");
    await page
      .getByRole("region", { name: /Ffion Gwilliam/ })
      .getByRole("button", { name: /Record the decision/ })
      .click();
    await expect(page.getByRole("region", { name: /Ffion Gwilliam/ })).toContainText("Cleared by Callum");
    await signOut(page);

    await signIn(page, people.investigator);
    await openCasePage(page, reference);
    await expect(page.getByText(ACCOUNT)).toBeVisible();
    // A criminal investigator keeps the victim safe: the safe-contact details are shown.
    await expect(page.getByText(SAFE_CONTACT)).toBeVisible();
    expect((await page.goto(`/records/${reference}/access`))?.status()).toBe(403);
    await signOut(page);
  });

  test("a DA coordinator breaks the glass with a reason; PSD and the NPCC officer are alerted, and the access log shows it all", async ({ page }) => {
    const reference = await recordCase(page);
    await attemptToOpenCase(page, people.unlistedOfficer, reference);
    await attemptToOpenCase(page, people.suspect, reference);
    await signInForSetup(page, people.psdOfficer);
    await declareNoConnection(page, reference);
    await signOutForSetup(page);
    // The mail about the report and the two attempts has come: a rise from here is the break-glass alert.
    const [psdBefore, npccBefore] = await Promise.all([settledMailCount(people.psdOfficer), settledMailCount(people.npccOfficer)]);
    await signIn(page, people.daCoordinator);
    await page.goto(`/records?reference=${reference}`);
    await expect(page.getByText("No case that you can open has that reference.")).toBeVisible();
    await page.getByRole("link", { name: "use emergency access" }).click();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Open the case with emergency access" }).click();
    await expect(page.locator("#reason-error")).toContainText("Say who is at risk");
    await page.getByLabel("Why do you need the case now?").fill("Fictional: the victim called the DA unit at 2am; I need the safe contact details.");
    await page.getByRole("button", { name: "Open the case with emergency access" }).click();
    await expect(page.getByText("You are seeing this case through break-glass access.")).toBeVisible();
    await expect(page.getByText(ACCOUNT)).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
    await expect.poll(() => mailCount(people.npccOfficer), { timeout: 15_000 }).toBeGreaterThan(npccBefore);
    await expect.poll(() => mailCount(people.psdOfficer), { timeout: 15_000 }).toBeGreaterThan(psdBefore);
    await expectContentFree(people.npccOfficer, reference);

    await signIn(page, people.psdOfficer);
    await page.goto("/alerts");
    const graceRows = page.getByRole("row", { name: /Grace Ellerby/ }).filter({ hasText: reference });
    await expect(graceRows.filter({ hasText: "Emergency (break-glass) access" })).toHaveCount(1);
    await expect(graceRows.filter({ hasText: "Case opened without a declaration" })).toHaveCount(1);
    // The search, and each look at the emergency access form before the glass was broken (the first, and again with
    // the form's errors): every look is an attempt, whether or not the case exists.
    await expect(graceRows.filter({ hasText: "Attempt by someone not on the access list" })).toHaveCount(3);
    await page.goto(`/records/${reference}/access-log`);
    await expectAccessible(page);
    const log = page.getByRole("table");
    await expect(log).toContainText("Broke the glass");
    await expect(log.getByRole("row", { name: /Jordan Mistry-Oake/ }).first()).toContainText("Refused");
    await expect(log.getByRole("row", { name: /Kieran Duxbury/ }).first()).toContainText("Refused");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export the access log (CSV)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`access-log-${reference}.csv`);
    const csv = await readFile(await file.path(), "utf8");
    expect(csv.split("\r\n")[0]).toBe("When (UTC),Person,Action,Outcome,Reason,Via,From address,How it came");
    expect(csv).toContain("Broke the glass");
    expect(csv).toMatch(/^[^\r\n]*,Kieran Duxbury,[^\r\n]*,REFUSED,/m);
    expect(csv.endsWith("\r\n")).toBe(true);
    await signOut(page);
  });
});

test.describe("an employee victim's case: restriction, tracks, ownership, review, the victim's updates and oversight", () => {
  const more = {
    reporter: `harriet.summerby@${NS}`, // call handler (police staff)
    victim: `bethany.crowhurst@${NS}`,
    chiefInspector: `adebayo.thorne@${NS}`, // head of public protection: not in the suspect's chain
  };
  const UPDATE = "Fictional update: the investigation has started and you will hear from us again within four weeks.";
  const SECOND_ACCOUNT = "Fictional test account for the second case.";
  const DUTIES_RATIONALE = "Fictional: the suspect and the victim share a building.";
  const VICTIMS_REPORT: ReceivedReport = {
    suspectSearch: "Duxbury",
    suspectName: /Kieran Duxbury/,
    victim: { directorySearch: "Crowhurst", name: /Bethany Crowhurst/ },
    childrenInvolved: false,
    account: SECOND_ACCOUNT,
    received: "By telephone",
    supervisor: "Adebayo Thorne",
  };
  /** A fresh case of the victim's, recorded by the member of staff: each test below works on a case of its own. */
  const recordVictimsCase = (page: Page) => recordReceivedReportAs(page, more.reporter, VICTIMS_REPORT);

  /** PSD records the victim as an interested person, with their agreement, and publishes UPDATE to them. */
  async function publishUpdateToVictim(page: Page, reference: string) {
    await signInForSetup(page, people.psdOfficer);
    await declareNoConnection(page, reference);
    await page.goto(`/records/${reference}/interested-person`);
    await page.getByRole("checkbox", { name: "They have agreed to be recorded as an interested person" }).check();
    await page.getByRole("radio", { name: "A content-free work email" }).check();
    await page.getByRole("button", { name: "Record as interested person" }).click();
    await page.getByLabel("Update", { exact: true }).fill(UPDATE);
    await page.getByRole("button", { name: "Publish the update" }).click();
    await expect(page.getByText(UPDATE)).toBeVisible();
    await signOutForSetup(page);
  }

  /** PSD records the decision to restrict the suspect's duties. */
  async function restrictSuspectsDuties(page: Page, reference: string) {
    await signInForSetup(page, people.psdOfficer);
    await declareNoConnection(page, reference);
    await page.goto(`/records/${reference}/conduct`);
    await page.getByLabel("Suspension or restriction of duties").selectOption({ label: "Restricted duties" });
    await page.getByLabel("Rationale for that decision").fill(DUTIES_RATIONALE);
    await page.getByRole("button", { name: "Save the conduct matter" }).click();
    // The select shows what was chosen before the save; the notice shows the save has landed.
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await expect(page.getByLabel("Suspension or restriction of duties")).toHaveValue("RESTRICTED_DUTIES");
    await signOutForSetup(page);
  }

  test("a member of staff records the report and chooses a chief inspector to supervise it", async ({ page }) => {
    await signIn(page, more.reporter);
    await page.goto("/records/new");
    await chooseReceivedReportAbout(page, "Duxbury", /Kieran Duxbury/);
    await page.getByRole("radio", { name: "Someone who works for this force" }).check();
    await page.getByLabel("Search for the victim in this force's directory").fill("Crowhurst");
    await page.getByRole("button", { name: "Find the victim" }).click();
    await page.getByRole("radio", { name: /Bethany Crowhurst/ }).check();
    // The suspect chosen before the second search stays chosen.
    await expect(page.getByRole("radio", { name: /Kieran Duxbury/ })).toBeChecked();
    await page.getByRole("group", { name: "Are any children involved?" }).getByRole("radio", { name: "No" }).check();
    await page.getByRole("group", { name: "Is anyone in immediate danger?" }).getByRole("radio", { name: "No" }).check();
    await page.getByLabel("A short account of what was reported").fill(SECOND_ACCOUNT);
    await page.getByLabel("How was it received?").selectOption({ label: "By telephone" });
    const supervisor = page.getByLabel("Supervising officer (inspector or above)");
    await supervisor.selectOption((await supervisor.locator("option", { hasText: "Adebayo Thorne" }).getAttribute("value"))!);
    await page.getByRole("button", { name: "Send the report" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Report received" })).toBeVisible();
    expect((await page.locator("strong.font-mono").innerText()).trim()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await signOut(page);
  });

  test("PSD is refused the restriction (below chief inspector), records the interested person, an update, the duties decision, ownership and the review", async ({
    page,
  }) => {
    const reference = await recordVictimsCase(page);
    await signIn(page, people.psdOfficer);
    await page.goto(`/records/${reference}`);
    await page.getByRole("radio", { name: "No, I have no connection" }).check();
    await page.getByRole("button", { name: "Record my declaration" }).click();
    await page
      .getByRole("navigation", { name: "This case" })
      .getByRole("link", { name: /Restriction/ })
      .click();
    await expect(page.getByText("Only a chief inspector or above")).toBeVisible();
    await page.getByLabel("Crime reference number").fill("NS/26/004512");
    await page.getByRole("checkbox", { name: "The associated call log is restricted too" }).check();
    await page.getByRole("button", { name: "Authorise the restriction" }).click();
    await expect(page.getByRole("alert")).toContainText("must be authorised by a chief inspector or above");
    await expect(page.getByLabel("Crime reference number")).toHaveValue("NS/26/004512");
    await expectAccessible(page);

    await page.goto(`/records/${reference}/interested-person`);
    await expectAccessible(page);
    await page.getByRole("radio", { name: "A content-free work email" }).check();
    await page.getByRole("button", { name: "Record as interested person" }).click();
    await expect(page.locator("#agreed-error")).toContainText("with their agreement");
    await page.getByRole("checkbox", { name: "They have agreed to be recorded as an interested person" }).check();
    await page.getByRole("radio", { name: "A content-free work email" }).check();
    await page.getByRole("button", { name: "Record as interested person" }).click();
    await page.getByLabel("Update", { exact: true }).fill(UPDATE);
    await page.getByRole("button", { name: "Publish the update" }).click();
    await expect(page.getByText(UPDATE)).toBeVisible();

    await page.goto(`/records/${reference}/conduct`);
    await expectAccessible(page);
    await page.getByLabel("Suspension or restriction of duties").selectOption({ label: "Restricted duties" });
    await page.getByRole("button", { name: "Save the conduct matter" }).click();
    await expect(page.locator("#dutiesRationale-error")).toContainText("Give the rationale");
    await page.getByLabel("Rationale for that decision").fill(DUTIES_RATIONALE);
    await page.getByRole("button", { name: "Save the conduct matter" }).click();
    // The select shows what was chosen before the save; the notice shows the save has landed.
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await expect(page.getByLabel("Suspension or restriction of duties")).toHaveValue("RESTRICTED_DUTIES");

    await page.goto(`/records/${reference}/ownership`);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect(page.getByRole("alert")).toContainText("Give the rationale for who owns the investigations");
    await page.getByLabel("Owner of the criminal investigation").selectOption({ label: "Callum Ferrisby" });
    await page.getByLabel("Owner of the conduct investigation").selectOption({ label: "Callum Ferrisby" });
    await page.getByLabel("Rationale", { exact: true }).fill("Fictional: no connection with anyone involved; PSD holds both for now.");
    await page.getByRole("checkbox", { name: "This is a small force" }).check();
    await page.getByRole("radio", { name: "Keep the investigation in this force" }).check();
    await page.getByLabel("Rationale for the referral decision").fill("Fictional: the victim prefers this force and speed matters.");
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect(page.getByRole("heading", { name: /^Current: recorded by Callum/ })).toBeVisible();

    await page.goto(`/records/${reference}/review`);
    await expectAccessible(page);
    await page.getByLabel("Directed by (nominated NPCC officer)").selectOption({ label: "Tobias Wrenfield" });
    for (const heading of ["Risk factors", "Public protection", "Community impact", "Public confidence and reassurance"])
      await page.getByLabel(heading).fill(`Fictional: ${heading}.`);
    await page.getByRole("button", { name: "Record the review" }).click();
    await expect(page.locator("#mediaStrategy-error")).toContainText("media strategy");
    await page.getByLabel("Media strategy").fill("Fictional: no proactive media.");
    await page.getByRole("button", { name: "Record the review" }).click();
    await expect(page.getByRole("region", { name: /Review of/ })).toContainText("directed by Tobias Wrenfield");
    await signOut(page);
  });

  test("the chief inspector supervising it acknowledges the referral and authorises the restriction", async ({ page }) => {
    const reference = await recordVictimsCase(page);
    await signIn(page, more.chiefInspector);
    // Before acknowledging the referral, the chief inspector is not on the case's list.
    expect((await page.goto(`/records/${reference}`))?.status()).toBe(404);
    await page.goto("/records");
    await page
      .getByRole("region", { name: "Referrals for you" })
      .getByRole("link", { name: `Referral: supervising officer, record ${reference}` })
      .click();
    await page.getByRole("radio", { name: "No, I have no connection" }).check();
    await page.getByRole("button", { name: /Declare and acknowledge/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(reference) })).toBeVisible();
    await page
      .getByRole("navigation", { name: "This case" })
      .getByRole("link", { name: /Restriction/ })
      .click();
    await page.getByLabel("Crime reference number").fill("NS/26/004512");
    await page.getByRole("checkbox", { name: "The associated call log is restricted too" }).check();
    await page.getByRole("button", { name: "Authorise the restriction" }).click();
    await expect(page.getByText("Restricted too")).toBeVisible();
    await expect(page.locator("main")).toContainText("Adebayo Thorne");
    // The supervising officer sees the criminal track, never the conduct matter.
    expect((await page.goto(`/records/${reference}/criminal`))?.status()).toBe(200);
    expect((await page.goto(`/records/${reference}/conduct`))?.status()).toBe(403);
    await signOut(page);
  });

  test("the victim sees the published update and nothing else of the case", async ({ page }) => {
    const reference = await recordVictimsCase(page);
    await publishUpdateToVictim(page, reference);
    await expect.poll(() => mailCount(more.victim), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectContentFree(more.victim, reference);
    await signIn(page, more.victim);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Records" }).click();
    await page.getByRole("link", { name: `Progress updates for ${reference}` }).click();
    await expect(page.getByText(UPDATE)).toBeVisible();
    await expectAccessible(page);
    await expect(page.locator("main")).not.toContainText(/Duxbury|Fictional test account/);
    for (const path of [`/records/${reference}`, `/records/${reference}/criminal`, `/records/${reference}/conduct`, `/records/${reference}/access-log`]) {
      expect((await page.goto(path))?.status(), path).toBe(404);
    }
    await signOut(page);
  });

  test("the NPCC officer's oversight counts link to the lists behind them", async ({ page }) => {
    const reference = await recordVictimsCase(page);
    await restrictSuspectsDuties(page, reference);
    await signIn(page, people.npccOfficer);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Oversight" }).click();
    await expectAccessible(page);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" })).toHaveCount(0);
    await page.getByRole("link", { name: /Suspect suspended or on restricted duties/ }).click();
    await expect(page.getByRole("heading", { name: "Suspect suspended or on restricted duties" })).toBeVisible();
    await expect(page.getByRole("link", { name: reference, exact: true })).toBeVisible();
    // Oversight is not access: the case itself stays closed to them until they are listed.
    expect((await page.goto(`/records/${reference}`))?.status()).toBe(404);
    await signOut(page);
  });
});
