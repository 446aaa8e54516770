// One run of the bad-input generator (issue 16) against a built server: sign in the personas, crawl what each is
// shown, send the planned malformed requests, then read the server's log and sort every answer by what is wrong with it.
import { Persona, runPool, type Sent } from "./client";
import { encodeForm, formsOn, type FoundForm } from "./pages";
import { crawl, plan, type Planned } from "./plan";
import { routeOf, type BuiltRoute } from "./routes";
import { Random } from "./values";

/** The demo personas (prisma/seed-data.ts): signed out, a constable, PSD, an administrator, the NPCC officer. */
export const PERSONAS: readonly { name: string; email: string | null }[] = [
  { name: "signed out", email: null },
  { name: "constable", email: "alys.penhallow@northshire.police.invalid" },
  { name: "PSD", email: "callum.ferrisby@northshire.police.invalid" },
  { name: "administrator", email: "ivo.brennand@northshire.police.invalid" },
  { name: "NPCC officer", email: "tobias.wrenfield@northshire.police.invalid" },
];

const IN_FLIGHT = 6;
const STACK_TRACE = /\n\s+at [\w.<>$ ]+ \((?:file:|node:|\/)|\bat (?:async )?[\w.]+ \(\/[^)]+:\d+:\d+\)/;
const DATABASE_TEXT =
  /PrismaClient|Invalid `prisma|\bprisma\.\w+\.\w+\(|violates (?:foreign key|unique|not-null|check) constraint|syntax error at or near|invalid byte sequence|\bSQLSTATE\b|\bP20\d\d\b/;

export interface Problem {
  what: string;
  sent: Pick<Sent, "persona" | "label" | "method" | "path" | "status" | "requestId">;
}

export interface RunReport {
  seed: number;
  requests: number;
  candidates: number;
  seconds: number;
  statuses: Record<number, number>;
  routesCovered: number;
  forms: number;
  problems: Problem[];
  errorLines: { line: Record<string, unknown>; sent: Problem["sent"] | null }[];
  resignIns: Record<string, number>;
  /** For each persona, the answers that found its session ended (it was signed in again). */
  endedBy: Record<string, string[]>;
  echoChecked: number;
  /** How many requests asked for someone else's record (each compared with an absent one). */
  othersRecords: number;
}

function brief(sent: Sent): Problem["sent"] {
  return {
    persona: sent.persona,
    label: sent.label.slice(0, 200),
    method: sent.method,
    path: sent.path.slice(0, 200),
    status: sent.status,
    requestId: sent.requestId,
  };
}

/** What is wrong with one answer, by the rules every answer keeps and what this request expected. */
function problemsWith(sent: Sent, planned: Planned, absent: Map<string, Set<number>>): string[] {
  const found: string[] = [];
  if (sent.status >= 500) found.push(`answered ${sent.status}`);
  if (sent.status === 0) found.push(`no answer: ${sent.body.slice(0, 200)}`);
  if (STACK_TRACE.test(sent.body)) found.push("the answer shows a stack trace");
  if (DATABASE_TEXT.test(sent.body)) found.push("the answer shows database or SQL text");
  if (planned.expect === "refused cross-site" && sent.status !== 403) found.push(`a post from another site answered ${sent.status}, not 403`);
  if (planned.expect === "same as absent") {
    const expected = absent.get(`${sent.persona} ${planned.routeId}`);
    if (expected && !expected.has(sent.status)) found.push(`someone else's record answered ${sent.status}, an absent one ${[...expected]}`);
  }
  return found;
}

/**
 * Bad input shown next to the field keeps what was typed: for a sample of forms with two or more text boxes, each box
 * gets a word of its own and the first is left empty; where the page answers with messages, every other word is back.
 */
async function checkEchoes(reaches: { persona: Persona; forms: FoundForm[] }[], baseUrl: string, problems: Problem[]): Promise<number> {
  let checked = 0;
  for (const { persona, forms } of reaches) {
    for (const form of forms) {
      const boxes = form.fields.filter((field) => ["text", "textarea", "search", "email"].includes(field.kind) && !/password|code|secret/i.test(field.name));
      if (form.method !== "POST" || boxes.length < 2) continue;
      const typed = new Map(boxes.map((field, index) => [field.name, index === 0 ? "" : `Typed${index}Echo${boxes.length}`]));
      const pairs = form.fields.map((field) => [field.name, typed.get(field.name) ?? field.value] as [string, string]);
      if (form.button) pairs.push([form.button.name, form.button.value]);
      const sent = await persona.send({ method: "POST", path: form.action, body: encodeForm(pairs), label: `echo ${form.action}` }, { record: false });
      if (sent.status !== 200 || !/aria-invalid="true"|role="alert"/.test(sent.body)) continue;
      const refreshed = formsOn(sent.body, form.action, baseUrl);
      checked++;
      for (const [name, word] of typed) {
        if (word && !sent.body.includes(word)) problems.push({ what: `after a refusal the field "${name}" lost what was typed`, sent: brief(sent) });
      }
      if (!refreshed.length) problems.push({ what: "a refused form was not shown again", sent: brief(sent) });
    }
  }
  return checked;
}

/** The server's JSON log lines at error level or above, each with the request it belongs to (by its request id). */
function errorLines(output: string, byId: Map<string, Sent>): RunReport["errorLines"] {
  const lines: RunReport["errorLines"] = [];
  for (const text of output.split("\n")) {
    if (!text.startsWith("{")) continue;
    const line = JSON.parse(text) as Record<string, unknown> & { level?: number; requestId?: string; req?: { id?: string } };
    if ((line.level ?? 0) < 50) continue;
    const id = line.requestId ?? line.req?.id;
    const sent = id ? byId.get(id) : undefined;
    lines.push({ line, sent: sent ? brief(sent) : null });
  }
  return lines;
}

export async function runBadInput(options: {
  baseUrl: string;
  routes: BuiltRoute[];
  seed: number;
  budget: number;
  serverOutput: () => string;
}): Promise<RunReport> {
  const { baseUrl, routes, seed, budget } = options;
  const random = new Random(seed);
  const all: Sent[] = [];
  const personas = PERSONAS.map(({ name, email }) => new Persona(name, email, baseUrl, (sent) => all.push(sent)));
  for (const persona of personas) await persona.signIn();
  const reaches = [];
  for (const persona of personas) reaches.push(await crawl(persona, routes, baseUrl));
  const { main, last, candidates } = plan(reaches, routes, random, budget);

  const started = performance.now();
  // What an absent record answers, per persona and route: someone else's record must answer the same.
  const absent = new Map<string, Set<number>>();
  const problems: Problem[] = [];
  const check = async (planned: Planned) => {
    const sent = await planned.persona.send(planned.outgoing);
    if (planned.outgoing.label.startsWith("absent record")) {
      const key = `${sent.persona} ${planned.routeId}`;
      absent.set(key, new Set([...(absent.get(key) ?? []), sent.status]));
    }
    if (!planned.sessionEnding) await planned.persona.recoverIfSignedOut(sent);
    return { sent, planned };
  };
  const answered: { sent: Sent; planned: Planned }[] = [];
  // Absent records first, so that others' records can be compared with them.
  const [absentFirst, rest] = [
    main.filter((item) => item.outgoing.label.startsWith("absent record")),
    main.filter((item) => !item.outgoing.label.startsWith("absent record")),
  ];
  for (const batch of [absentFirst, rest]) await runPool(batch, IN_FLIGHT, async (planned) => void answered.push(await check(planned)));
  const echoChecked = await checkEchoes(reaches, baseUrl, problems);
  for (const planned of last) answered.push(await check(planned));
  const seconds = (performance.now() - started) / 1000;

  for (const { sent, planned } of answered) for (const what of problemsWith(sent, planned, absent)) problems.push({ what, sent: brief(sent) });
  const byId = new Map(all.filter((sent) => sent.requestId).map((sent) => [sent.requestId!, sent]));
  const statuses: Record<number, number> = {};
  for (const { sent } of answered) statuses[sent.status] = (statuses[sent.status] ?? 0) + 1;
  const covered = new Set(answered.map(({ sent }) => routeOf(routes, sent.path)?.id).filter(Boolean));
  return {
    seed,
    requests: answered.length,
    candidates,
    seconds,
    statuses,
    routesCovered: covered.size,
    forms: reaches.reduce((sum, reach) => sum + reach.forms.length, 0),
    problems,
    errorLines: errorLines(options.serverOutput(), byId),
    resignIns: Object.fromEntries(personas.map((persona) => [persona.name, persona.resignIns])),
    endedBy: Object.fromEntries(personas.map((persona) => [persona.name, persona.endedBy])),
    echoChecked,
    othersRecords: answered.filter(({ planned }) => planned.expect === "same as absent").length,
  };
}
