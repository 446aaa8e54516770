import { expect, test, type Page } from "@playwright/test";
import { persona, signIn, signOut } from "./support/fixtures";

// The portal's links are plain anchors that the shell turns into in-app navigations (app/components/app-link.tsx,
// ADR 048). These check what a person clicking one depends on: the page changes without a reload, the menu shows
// where they are, Back works, and a link opened in a new tab or without JavaScript still goes where it says.

/** Counts the whole-page loads the browser makes from now on (an in-app navigation makes none). */
function countDocumentLoads(page: Page): () => number {
  let loads = 0;
  page.on("request", (request) => {
    if (request.resourceType() === "document" && request.frame() === page.mainFrame()) loads += 1;
  });
  return () => loads;
}

test.describe("links inside the portal", () => {
  test("a menu link shows its page without reloading, marks the section, and Back returns", async ({ page }) => {
    await signIn(page, persona.lineManager);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const documentLoads = countDocumentLoads(page);

    await nav.getByRole("link", { name: "My team" }).click();
    await expect(page).toHaveURL(/\/team$/);
    await expect(page.getByText("Alys")).toBeVisible();
    await expect(nav.getByRole("link", { name: "My team" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Home" })).not.toHaveAttribute("aria-current");
    // A link on the page, below the section: the section stays marked.
    await page.getByRole("main").getByRole("link", { name: /Alys/ }).first().click();
    await expect(page).toHaveURL(/\/team\/[^/]+$/);
    await expect(nav.getByRole("link", { name: "My team" })).toHaveAttribute("aria-current", "page");

    await page.goBack();
    await expect(page).toHaveURL(/\/team$/);
    await page.goBack();
    await expect(nav.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    expect(documentLoads(), "whole-page loads").toBe(0);
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await signOut(page);
  });

  test("a link opened with a modifier key is left to the browser: a new tab, and this page stays", async ({ page, context }) => {
    await signIn(page, persona.lineManager);
    const opened = context.waitForEvent("page");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "My team" })
      .click({ modifiers: ["ControlOrMeta"] });
    const tab = await opened;
    // The new tab starts at about:blank, whose load can come first: wait for the link's own page.
    await expect(tab).toHaveURL(/\/team$/);
    await expect(tab.getByRole("heading", { level: 1, name: "My team" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe("/");
    await tab.close();
    await signOut(page);
  });

  test("without JavaScript a link loads its page", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, persona.lineManager);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "My team" }).click();
    await expect(page).toHaveURL(/\/team$/);
    await expect(page.getByText("Alys")).toBeVisible();
    await expect(nav.getByRole("link", { name: "My team" })).toHaveAttribute("aria-current", "page");
    await context.close();
  });
});
