import { expect, test } from "@playwright/test";
import { E2E } from "./support/constants";
import { expectAccessible, recordReceivedReportAs, signIn, signOut, type ReceivedReport } from "./support/fixtures";

// Issue 14, from the insider's side: a crafted link can make a colleague's browser attempt a restricted case, so the
// attempt says how it came; and the emergency access page must not tell anyone whether a case exists.

const NS = "northshire.police.invalid";
const people = {
  reporter: `alys.penhallow@${NS}`,
  unlistedOfficer: `rupert.hollowell@${NS}`, // deputy chief constable with no PPDA role
  psdOfficer: `callum.ferrisby@${NS}`,
  daCoordinator: `grace.ellerby@${NS}`,
};
const REPORT: ReceivedReport = {
  suspectSearch: "Duxbury",
  suspectName: /Kieran Duxbury/,
  victim: { publicName: "Sam Fictional-Linkvictim" },
  childrenInvolved: false,
  account: "Fictional test account for crafted links: the suspect follows the reporting colleague home.",
  received: "In person",
};
/** A well-formed reference that no case has. */
const NO_SUCH_REFERENCE = "ZZZZ-2222";

test("a link on another site makes an unlisted officer's browser open a restricted case: 404, and PSD's alert says it came from another site", async ({
  page,
}) => {
  test.slow(); // four people sign in in turn
  const reference = await recordReceivedReportAs(page, people.reporter, REPORT);

  // Someone sends the officer a link (in a chat, a mail): they follow it from the other site.
  await signIn(page, people.unlistedOfficer);
  await page.goto(`${E2E.attackerOrigin}/crafted-link?to=${encodeURIComponent(`/records/${reference}`)}`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${E2E.baseUrl}/records/${reference}`),
    page.getByRole("link", { name: "Open the link" }).click(),
  ]);
  expect(response.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.locator("main")).not.toContainText(REPORT.account);
  // The same officer typing the address: refused alike, recorded as typed.
  expect((await page.goto(`/records/${reference}`))?.status()).toBe(404);
  await signOut(page);

  // PSD sees both attempts, and which one came from another site (its origin, nothing more).
  await signIn(page, people.psdOfficer);
  await page.goto("/alerts");
  const rows = page.getByRole("row").filter({ hasText: reference }).filter({ hasText: "Rupert Hollowell" });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: `From a link on another site (${E2E.attackerOrigin})` })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Typed in or bookmarked" })).toHaveCount(1);
  await expectAccessible(page);
  await rows
    .filter({ hasText: "another site" })
    .getByRole("link", { name: /Review/ })
    .click();
  await expect(page.getByText(`From a link on another site (${E2E.attackerOrigin})`)).toBeVisible();
  await expectAccessible(page);
  await signOut(page);
});

test("emergency access answers the same for a case that exists and for a reference no case has", async ({ page }) => {
  test.slow(); // four people sign in in turn
  const reference = await recordReceivedReportAs(page, people.reporter, REPORT);
  const mainText = async (ref: string) => {
    const answer = await page.goto(`/records/${ref}/break-glass`);
    return { status: answer?.status(), title: await page.title(), main: (await page.locator("main").innerText()).replaceAll(ref, "REF") };
  };

  // Someone who may break the glass gets the same form for both: nothing says whether the case exists.
  await signIn(page, people.daCoordinator);
  const existing = await mainText(reference);
  expect(existing.status).toBe(200);
  expect(existing.main).toContain("Emergency access to case REF");
  expect(await mainText(NO_SUCH_REFERENCE)).toEqual(existing);
  // Sent without a reason, the form's errors are the same too.
  const errors: string[] = [];
  for (const ref of [reference, NO_SUCH_REFERENCE]) {
    await page.goto(`/records/${ref}/break-glass`);
    await page.getByRole("button", { name: "Open the case with emergency access" }).click();
    await expect(page.locator("#reason-error")).toContainText("Say who is at risk");
    errors.push((await page.locator("main").innerText()).replaceAll(ref, "REF"));
  }
  expect(errors[1]).toBe(errors[0]);
  await signOut(page);

  // Someone who may not break the glass gets "Page not found" for both.
  await signIn(page, people.unlistedOfficer);
  const refused = await mainText(reference);
  expect(refused.status).toBe(404);
  expect(await mainText(NO_SUCH_REFERENCE)).toEqual(refused);
  await signOut(page);

  // PSD's alerts hold the looks at the existing case, by both.
  await signIn(page, people.psdOfficer);
  await page.goto("/alerts");
  const rows = page.getByRole("row").filter({ hasText: reference });
  await expect(rows.filter({ hasText: "Grace Ellerby" }).first()).toContainText("via break-glass");
  await expect(rows.filter({ hasText: "Rupert Hollowell" }).first()).toContainText("via break-glass");
  await signOut(page);
});
