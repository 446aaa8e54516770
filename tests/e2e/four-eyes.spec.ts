// Four eyes on privilege, from the insider's side (THREATS.md A3, promise 2): one administrator tries to widen
// access alone, a second one decides, and nobody but the person ever knows their password.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { expectAccessible, expectSafeShell, mailTo, persona, signIn, signOut } from "./support/fixtures";

const SECOND_ADMINISTRATOR = "odessa.quillfeather@northshire.police.invalid";

async function moveClock(request: APIRequestContext, form: Record<string, string>) {
  const response = await request.post(`${E2E.baseUrl}/dev/clock`, { form, headers: { Origin: E2E.baseUrl } });
  expect(response.status()).toBe(200);
}

/** Adds an officer (a constable unless `rank` says) with the roles ticked, as an administrator on the page, and opens their record. */
async function addPerson(
  page: Page,
  person: { first: string; last: string; email: string },
  roles: string[],
  more: { rank?: string; fill?: () => Promise<void> } = {},
) {
  await page.goto("/admin/people/new");
  await page.getByLabel("First name").fill(person.first);
  await page.getByLabel("Last name").fill(person.last);
  await page.getByLabel("Work email address").fill(person.email);
  await page.getByLabel("Police officer", { exact: true }).check();
  await page.getByLabel("Rank (police officers)").selectOption(more.rank ?? "CONSTABLE");
  await page.getByLabel("Force").selectOption({ label: "Northshire Constabulary (fictional)" });
  await more.fill?.();
  for (const role of roles) await page.getByLabel(role, { exact: true }).check();
  await page.getByRole("button", { name: "Add the person" }).click();
  await expect(page.getByRole("status")).toContainText("The person was added");
}

/** The path of a set-up link mailed to `address` other than those `seen` (waits for the outbox to deliver it). */
async function setUpPath(address: string, seen: string[] = []): Promise<string> {
  let path: string | undefined;
  await expect
    .poll(async () => {
      const mails = (await mailTo(address)).filter((mail) => /Set up your/.test(mail.subject));
      const paths = mails.map((mail) => /\/set-up\/[a-z2-7]{32}/.exec(mail.text)?.[0]);
      path = paths.find((candidate) => candidate !== undefined && !seen.includes(candidate));
      return path;
    })
    .toBeTruthy();
  return path!;
}

async function choosePassword(page: Page, path: string, password: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Choose your password" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Type the password again").fill(password);
  await page.getByRole("button", { name: "Save my password" }).click();
}

test("one administrator gives a new account the PSD role: it waits, the account has no PSD access, and only a second administrator's approval gives it", async ({
  page,
}) => {
  // Three administrators' and a newcomer's sign-ins, two password hashings and mail deliveries: over a minute on a busy machine.
  test.slow();
  const newcomer = { first: "Ulrika", last: "Pretendwell", email: "ulrika.pretendwell@northshire.police.invalid" };
  const password = "Fictional-Passphrase-77";
  await signIn(page, persona.administrator);
  await addPerson(page, newcomer, ["Professional standards officer"]);
  await expect(page.getByRole("status")).toContainText("wait for a second administrator");
  // The administrator never sees a password field for someone else: only a set-up link they cannot read.
  await expect(page.locator('input[type="password"]')).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Waiting for a second administrator" })).toBeVisible();
  await expect(page.getByText("Give the role Professional standards officer")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a new set-up link" })).toBeVisible();
  await expectAccessible(page);

  // On the approvals page the proposer has no Approve button; a forged approval is refused with a message.
  await page.goto("/admin/changes");
  await expectSafeShell(page);
  await expectAccessible(page);
  const item = page.getByRole("listitem").filter({ hasText: newcomer.last });
  await expect(item.getByText("Another administrator must decide this")).toBeVisible();
  await expect(item.getByRole("button", { name: "Approve" })).toHaveCount(0);
  const proposalId = await item.locator('input[name="proposalId"]').getAttribute("value");
  const forged = await page.request.post("/admin/changes", { form: { proposalId: proposalId!, intent: "approve" }, headers: { Origin: E2E.baseUrl } });
  expect(forged.status()).toBe(200);
  expect(await forged.text()).toContain("You proposed this change, so another administrator must decide it.");
  await signOut(page);

  // PSD is told, with no name in the mail.
  await expect.poll(async () => (await mailTo(persona.psdOfficer)).filter((mail) => /access in the/.test(mail.subject)).length).toBeGreaterThan(0);
  for (const mail of await mailTo(persona.psdOfficer)) expect(`${mail.subject} ${mail.text}`).not.toContain(newcomer.last);

  // The newcomer chooses their own password from the link in their mail, and signs in: no PSD places.
  await choosePassword(page, await setUpPath(newcomer.email), password);
  await expect(page.getByRole("status")).toContainText("Your password is saved");
  await signIn(page, newcomer.email, password);
  const menu = page.getByRole("navigation", { name: "Main" });
  await expect(menu.getByRole("link", { name: "Audit trail" })).toHaveCount(0);
  expect((await page.goto("/audit"))?.status()).toBe(403);

  // A second administrator approves; the newcomer's very next request has the role.
  const second = await page.context().browser()!.newPage();
  await signIn(second, SECOND_ADMINISTRATOR);
  await second.goto("/admin/changes");
  const waiting = second.getByRole("listitem").filter({ hasText: newcomer.last });
  await waiting.getByLabel("Reason (optional)").fill("Joins the department");
  await waiting.getByRole("button", { name: "Approve" }).click();
  await expect(second.getByRole("status")).toContainText("approved and has taken effect");
  await expect(second.getByRole("row").filter({ hasText: newcomer.last })).toContainText("Approved");
  await signOut(second);
  await second.close();

  await page.goto("/");
  await expect(menu.getByRole("link", { name: "Audit trail" })).toBeVisible();
  await signOut(page);
});

test("a new account's senior rank, unit and line manager wait for a second administrator", async ({ page }) => {
  test.slow();
  const newcomer = { first: "Wilhelmina", last: "Madeupson", email: "wilhelmina.madeupson@northshire.police.invalid" };
  await signIn(page, persona.administrator);
  const manager = page.getByLabel("Line manager");
  let pellingham: string | null = null;
  await addPerson(page, newcomer, [], {
    rank: "SUPERINTENDENT",
    fill: async () => {
      await page.getByLabel("Unit (optional)").selectOption({ label: "Ashbridge BCU" });
      pellingham = await manager.locator("option", { hasText: "Pellingham" }).first().getAttribute("value");
      await manager.selectOption(pellingham!);
    },
  });
  await expect(page.getByRole("status")).toContainText("its rank (inspector and above), unit and line manager");
  // The account exists as a constable in no unit, managed by nobody, until a second administrator approves.
  await expect(page.getByLabel("Rank (police officers)")).toHaveValue("CONSTABLE");
  await expect(page.getByLabel("Unit (optional)")).toHaveValue("");
  await expect(page.getByLabel("Line manager")).toHaveValue("");
  await expect(page.getByText("Change rank or grade from Constable to Superintendent")).toBeVisible();
  await expect(page.getByText("Move from no unit to Ashbridge BCU")).toBeVisible();
  await expect(page.getByText(/Change line manager from nobody to .*Pellingham/)).toBeVisible();
  await signOut(page);

  await signIn(page, SECOND_ADMINISTRATOR);
  await page.goto("/admin/changes");
  for (let approved = 0; approved < 3; approved++) {
    await page.getByRole("listitem").filter({ hasText: newcomer.last }).first().getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status")).toContainText("approved and has taken effect");
  }
  await page.goto(`/admin/people?q=${newcomer.last}`);
  await page.getByRole("link", { name: new RegExp(newcomer.last) }).click();
  await expect(page.getByLabel("Rank (police officers)")).toHaveValue("SUPERINTENDENT");
  await expect(page.getByLabel("Unit (optional)")).not.toHaveValue("");
  await expect(page.getByLabel("Line manager")).toHaveValue(pellingham!);
  await signOut(page);
});

test("an administrator cannot give themselves a role, a new line manager or a new rank: refused on the server, not only hidden", async ({ page }) => {
  await signIn(page, persona.administrator);
  await page.goto("/admin/people?q=brennand");
  await page.getByRole("link", { name: /Brennand/ }).click();
  await expect(page.getByText("This is your own record")).toBeVisible();
  await expect(page.getByLabel("Administrator", { exact: true })).toBeDisabled();

  // A new line manager, through the form itself.
  const manager = page.getByLabel("Line manager");
  const someoneElse = await manager.locator("option", { hasText: "Quillfeather" }).first().getAttribute("value");
  await manager.selectOption(someoneElse!);
  await page.getByRole("button", { name: "Save the changes" }).click();
  await expect(page.getByRole("alert")).toContainText("You cannot change your own roles, rank, unit, line manager or work email");

  // A role, through a forged form (the checkboxes are disabled on the page).
  const personId = page.url().split("/").pop()!.split("?")[0]!;
  const form = await page
    .locator('form:has(input[name="intent"][value="save"])')
    .evaluate((element) => Object.fromEntries(new FormData(element as HTMLFormElement).entries()));
  const forged = await page.request.post(`/admin/people/${personId}`, {
    multipart: { ...(form as Record<string, string>), rolesEditable: "1", roles: "PSD_OFFICER" },
    headers: { Origin: E2E.baseUrl },
  });
  expect(forged.status()).toBe(200);
  expect(await forged.text()).toContain("You cannot change your own roles");
  await page.goto(`/admin/people/${personId}`);
  await expect(page.getByLabel("Professional standards officer")).not.toBeChecked();
  await expect(page.getByRole("heading", { name: "Waiting for a second administrator" })).toHaveCount(0);
  await signOut(page);
});

test("the set-up link works once, expires, and its use is audited; the person later changes their own password", async ({ page, request }) => {
  // Five password hashings and three mail deliveries: longer than the default minute on a busy machine.
  test.slow();
  const newcomer = { first: "Vittorio", last: "Madeupsworth", email: "vittorio.madeupsworth@northshire.police.invalid" };
  await signIn(page, persona.administrator);
  await addPerson(page, newcomer, []);
  const personPage = page.url();
  await signOut(page);
  const firstLink = await setUpPath(newcomer.email);

  // It expires: 73 hours on the portal's clock later it no longer works.
  await moveClock(request, { minutes: String(73 * 60) });
  try {
    await page.goto(firstLink);
    await expect(page.getByRole("heading", { level: 1, name: "This link no longer works" })).toBeVisible();
  } finally {
    await moveClock(request, { reset: "1" });
  }

  // The administrator sends a new one; the old one stays dead.
  await signIn(page, persona.administrator);
  await page.goto(personPage);
  await page.getByRole("button", { name: "Send a new set-up link" }).click();
  await expect(page.getByRole("status")).toContainText("A new set-up link was sent");
  await signOut(page);
  const secondLink = await setUpPath(newcomer.email, [firstLink]);

  await page.goto(secondLink);
  await expectSafeShell(page);
  await expectAccessible(page);
  // Bad input: a short password is explained next to the field.
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Type the password again").fill("short");
  await page.getByRole("button", { name: "Save my password" }).click();
  await expect(page.locator("#password-error")).toContainText("at least 12 characters");
  await choosePassword(page, secondLink, "Fictional-Passphrase-88");
  await expect(page.getByRole("status")).toContainText("Your password is saved");

  // Once only.
  await page.goto(secondLink);
  await expect(page.getByRole("heading", { level: 1, name: "This link no longer works" })).toBeVisible();

  // They change it themselves later, with the current one first.
  await signIn(page, newcomer.email, "Fictional-Passphrase-88");
  await page.goto("/profile");
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password", { exact: true }).fill("Another-Fictional-Phrase-99");
  await page.getByLabel("Type the new password again").fill("Another-Fictional-Phrase-99");
  await page.getByRole("button", { name: "Change my password" }).click();
  await expect(page.locator("#currentPassword-error")).toContainText("That is not your current password");
  await page.getByLabel("Current password").fill("Fictional-Passphrase-88");
  await page.getByLabel("New password", { exact: true }).fill("Another-Fictional-Phrase-99");
  await page.getByLabel("Type the new password again").fill("Another-Fictional-Phrase-99");
  await page.getByRole("button", { name: "Change my password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password was changed");
  await expectAccessible(page);
  await signOut(page);
  await signIn(page, newcomer.email, "Another-Fictional-Phrase-99");
  await signOut(page);

  // The audit trail shows the link's use (PSD reads it).
  await signIn(page, persona.psdOfficer);
  await page.goto("/audit?action=account.setup");
  await expect(page.getByText("account.setup").first()).toBeVisible();
  await signOut(page);
});
