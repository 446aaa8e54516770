import { expect, type Page } from "@playwright/test";
import { blockingAxeViolations } from "../../support/axe";
import { E2E } from "./constants";

/** Demo personas from prisma/seed-data.ts (all fictional). */
export const persona = {
  constable: "alys.penhallow@northshire.police.invalid",
  lineManager: "thomas.brightwater@northshire.police.invalid",
  psdOfficer: "callum.ferrisby@northshire.police.invalid",
  administrator: "ivo.brennand@northshire.police.invalid",
  lockoutTarget: "jordan.mistry-oake@northshire.police.invalid",
} as const;

export async function signIn(page: Page, email: string, password: string = E2E.demoPassword): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
}

/** The axe scan every page gets: no serious or critical WCAG 2.2 A/AA violation. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await blockingAxeViolations(page)).toEqual([]);
}

/** Every page keeps the neutral title and the quick exit. */
export async function expectSafeShell(page: Page): Promise<void> {
  await expect(page).toHaveTitle(/Staff Support Portal$/);
  const title = await page.title();
  expect(title).not.toMatch(/abuse|domestic|victim|suspect|case/i);
  await expect(page.getByRole("link", { name: "Quick exit" })).toBeVisible();
}

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export async function mailTo(address: string): Promise<CaughtMail[]> {
  const response = await fetch(`${E2E.mailApiUrl}/messages`);
  const messages = (await response.json()) as CaughtMail[];
  return messages.filter((message) => message.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** A day in the UK, `days` from today, as a date input's value. */
export function ukDay(days = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
}

/** The page at `path` answers "Page not found" (what a record someone may not see looks like). */
export async function expectNotFound(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
}

/** On the intake form: a report received from someone else, about a suspect found in this force's directory. */
export async function chooseReceivedReportAbout(page: Page, suspectSearch: string, suspectName: RegExp): Promise<void> {
  await page.getByRole("radio", { name: "I received this report from someone else" }).check();
  await page.getByRole("radio", { name: "This force (find them in the directory)" }).check();
  await page.getByLabel("Search for the suspect in this force's directory").fill(suspectSearch);
  await page.getByRole("button", { name: "Find the suspect" }).click();
  await page.getByRole("radio", { name: suspectName }).check();
}
