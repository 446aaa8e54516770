import { expect, test } from "@playwright/test";
import { signIn } from "./support/fixtures";

// Without JavaScript: a report can be recorded with plain HTML forms, the directory searches included.
test.use({ javaScriptEnabled: false });

test("a report is recorded without JavaScript: the Find buttons search the directory and keep what was typed", async ({ page }) => {
  // A DA coordinator: password, then the code from the demo secret (ADR 029), all plain forms.
  await signIn(page, "owen.pritchard-hale@northshire.police.invalid");
  await page.goto("/records/new");
  await page.getByRole("radio", { name: "I received this report from someone else" }).check();
  await page.getByLabel("A short account of what was reported").fill("Fictional account typed before searching.");
  await page.getByLabel("Search for the suspect in this force's directory").fill("Duxbury");
  await page.getByRole("button", { name: "Find the suspect" }).click();
  // The page came back from the server with the matches, and with what had been typed.
  await expect(page.getByLabel("A short account of what was reported")).toHaveValue("Fictional account typed before searching.");
  await page.getByRole("radio", { name: "This force (find them in the directory)" }).check();
  await page.getByRole("radio", { name: /Kieran Duxbury/ }).check();
  await page.getByRole("radio", { name: "A member of the public" }).check();
  await page.getByLabel("If a member of the public: their name").fill("Fictional Member-of-Public");
  await page.getByRole("group", { name: "Are any children involved?" }).getByRole("radio", { name: "No" }).check();
  await page.getByRole("group", { name: "Is anyone in immediate danger?" }).getByRole("radio", { name: "No" }).check();
  await page.getByLabel("How was it received?").selectOption({ label: "In writing" });
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Report received" })).toBeVisible();
  await expect(page.getByText("Fictional account typed before searching.")).toBeVisible();
});
