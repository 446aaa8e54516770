// Runs last (the "server logs" project tears down the suite, playwright.config.ts): reads everything every stack's
// portal server wrote during the suite (each stack's serverLog, kept by support/start-app.ts) and fails if it holds a demo person's name or email, a case reference,
// or any text the specs typed; and checks that the log really has one line per request, with a route pattern.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E, E2E_STACKS, e2eStack } from "./support/constants";
import { persona, signIn, signOut } from "./support/fixtures";
import { PERSONAL_SHAPES, seededPeopleWords, textsTypedBySpecs, wordsFound } from "./support/log-leak";

// Typed by this spec (so the scan below lists them too): a reference and a search in an address, and a sign-in form.
const PROBE_REFERENCE = "K7QX-M2DT";
const PROBE_SEARCH = "Fictional-probe-search";
const PROBE_EMAIL = "probe.nobody@northshire.police.invalid";
const PROBE_PASSWORD = "Fictional-probe-password";

/** The fields a request line may have (not an UPPER_CASE constant: those are scanned as typed text). */
const requestLineFields = ["level", "time", "pid", "hostname", "req", "res", "responseTime", "route", "err", "msg"];

interface LogLine {
  level?: number;
  msg?: string;
  req?: { id?: unknown; method?: unknown };
  res?: { statusCode?: unknown };
  route?: unknown;
  responseTime?: unknown;
  [field: string]: unknown;
}

const serverLog = () => Array.from({ length: E2E_STACKS }, (_, stack) => readFileSync(e2eStack(stack).serverLog, "utf8")).join("\n");
function logLines(): LogLine[] {
  return serverLog()
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}
const requestLines = () => logLines().filter((line) => line.req !== undefined);

test("the server's log has one line per request, with its route pattern and nothing from its address or body", async ({ request }) => {
  const page = await request.get(`/records/${PROBE_REFERENCE}?q=${PROBE_SEARCH}`, { maxRedirects: 0 });
  const signIn = await request.post("/sign-in", {
    form: { email: PROBE_EMAIL, password: PROBE_PASSWORD, redirectTo: `/records/${PROBE_REFERENCE}` },
    headers: { Origin: E2E.baseUrl },
  });
  const pageId = page.headers()["x-request-id"];
  const signInId = signIn.headers()["x-request-id"];
  expect(pageId).toMatch(/^[0-9a-f-]{36}$/);
  expect(signInId).not.toBe(pageId);

  await expect.poll(() => requestLines().find((line) => line.req?.id === signInId)?.route).toBe("/sign-in");
  const byId = (id: string | undefined) => requestLines().find((line) => line.req?.id === id);
  expect(byId(pageId)).toMatchObject({ msg: "request completed", req: { method: "GET" }, res: { statusCode: page.status() }, route: "/records/:reference" });
  expect(byId(signInId)).toMatchObject({ req: { method: "POST" }, res: { statusCode: signIn.status() } });

  // Every request line of the whole suite: only these fields, so no address, header or body.
  const lines = requestLines();
  expect(new Set(lines.map((line) => line.req?.id)).size, "one line per request, each with its own id").toBe(lines.length);
  // Checked in plain code and asserted once: an expect per line takes seconds over a whole run's log.
  const malformed = lines.filter(
    (line) =>
      Object.keys(line).some((field) => !requestLineFields.includes(field)) ||
      Object.keys(line.req ?? {})
        .sort()
        .join() !== "id,method" ||
      Object.keys(line.res ?? {}).join() !== "statusCode" ||
      typeof line.responseTime !== "number" ||
      typeof line.route !== "string" ||
      !/^(\/[\w\-.:/*]*|\(not routed\)|\(no route\))$/.test(line.route),
  );
  expect(malformed).toEqual([]);
});

test("a legacy data request (Remix's `?_data=`) gets the page itself, and puts no error in the log", async ({ page }) => {
  await signIn(page, persona.constable);
  const errorLines = () => logLines().filter((line) => (line.level ?? 0) >= 50).length;
  const errorsBefore = errorLines();
  const response = await page.request.get("/records?_data=routes%2Frecords._index", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/html");
  expect(await response.text()).toMatch(/<title>Records – /);
  const id = response.headers()["x-request-id"];
  await expect.poll(() => requestLines().find((line) => line.req?.id === id)?.msg).toBe("request completed");
  expect(errorLines()).toBe(errorsBefore);
  await signOut(page);
});

test("the server's log holds no demo person's name or email, no case reference and nothing the specs typed", () => {
  const log = serverLog();
  expect(log.length).toBeGreaterThan(0);
  const typed = textsTypedBySpecs(import.meta.dirname);
  expect(typed, "the scan finds what the specs type").toEqual(expect.arrayContaining([PROBE_SEARCH, PROBE_PASSWORD, "Duxbury"]));
  expect(wordsFound(log, seededPeopleWords()), "names and emails of demo people").toEqual([]);
  expect(wordsFound(log, typed), "texts the specs typed").toEqual([]);
  for (const [what, shape] of Object.entries(PERSONAL_SHAPES)) expect(log.match(shape) ?? [], what).toEqual([]);
  expect(log).not.toContain("Fictional");
});
