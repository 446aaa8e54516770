import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Page } from "@playwright/test";

// axe-core run in the page itself. @axe-core/playwright's default mode injects axe twice and opens a page of its own
// for every scan (2.5–4 s a scan here); evaluating the engine once and calling axe.run takes about a quarter of that.
// The portal's pages have no frames, so nothing of what the wrapper adds is needed.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
// WCAG 2.2 A and AA, and axe's best practices (among them `region`: nothing outside a landmark, which a screen reader
// user navigating by landmarks would miss).
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const BLOCKING = new Set(["moderate", "serious", "critical"]);

/** The axe scan every page gets: its moderate, serious or critical violations, one line each. */
export async function blockingAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    return (await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })).violations;
  }, TAGS);
  return violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ""))
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
}
