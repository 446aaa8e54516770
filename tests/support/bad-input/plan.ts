// The bad-input generator's plan: what each persona can reach (a crawl of the pages it is shown), then the malformed
// requests made from it, for every route of the manifest and every form found, sampled to the run's budget so that
// every route and form keeps its share.
import type { Outgoing, Persona } from "./client";
import { encodeForm, formsOn, linksOn, plainSubmission, type FoundForm } from "./pages";
import { addressOf, paramsOf, routeOf, type BuiltRoute } from "./routes";
import { BAD_FIELD_NAMES, BAD_PATH_VALUES, BAD_VALUES, encodedValue, type Random } from "./values";

/** Answers that end the session: sent last, once the rest of a persona's requests are done. */
const SESSION_ENDING = /^\/(sign-out|quick-exit)(\?|$)/;
const PAGES_PER_ROUTE = 3;
const PAGES_PER_PERSONA = 150;

export interface Reach {
  persona: Persona;
  /** Addresses visited, by route id. */
  visited: Map<string, string[]>;
  /** Every address linked to from a visited page. */
  linked: Set<string>;
  forms: FoundForm[];
}

/** Walks the pages a persona is shown, from the home page, a few addresses per route, and keeps their forms. */
export async function crawl(persona: Persona, routes: BuiltRoute[], baseUrl: string): Promise<Reach> {
  const reach: Reach = { persona, visited: new Map(), linked: new Set(), forms: [] };
  const queue = ["/", "/profile", "/records", "/support", "/admin", "/oversight", "/audit", "/team", "/log", "/notices", "/alerts", "/guide"];
  const seen = new Set<string>();
  const formKeys = new Set<string>();
  let pages = 0;
  while (queue.length && pages < PAGES_PER_PERSONA) {
    const path = queue.shift()!;
    if (seen.has(path) || SESSION_ENDING.test(path) || path.endsWith(".csv")) continue;
    seen.add(path);
    const route = routeOf(routes, path);
    if (!route) continue;
    const visited = reach.visited.get(route.id) ?? [];
    if (visited.length >= PAGES_PER_ROUTE) continue;
    const sent = await persona.send({ method: "GET", path, label: "crawl" }, { record: false });
    pages++;
    if (sent.status !== 200) continue;
    reach.visited.set(route.id, [...visited, path]);
    for (const link of linksOn(sent.body, baseUrl)) {
      reach.linked.add(link);
      if (!seen.has(link)) queue.push(link);
    }
    for (const form of formsOn(sent.body, path, baseUrl)) {
      const key = `${form.method} ${routeOf(routes, form.action)?.id} ${form.button?.name}=${form.button?.value} ${form.fields.map((field) => field.name)}`;
      if (formKeys.has(key)) continue;
      formKeys.add(key);
      reach.forms.push(form);
    }
  }
  return reach;
}

export interface Planned {
  persona: Persona;
  outgoing: Outgoing;
  /** What the answer must be, beyond the rules for every answer. */
  expect?: "refused cross-site" | "same as absent";
  /** The route whose absent-record answer this one is compared with. */
  routeId?: string;
  sessionEnding?: boolean;
}

const SAMPLE_IDS = ["00000000-0000-4000-8000-000000000000", "ZZZZ-ZZZZ"];

/** Requests for one route: its known addresses, others' addresses, bad parameters, the data and legacy forms. */
function routeRequests(reach: Reach, route: BuiltRoute, known: string[], random: Random): Planned[] {
  const planned: Planned[] = [];
  const persona = reach.persona;
  const get = (path: string, label: string, extra: Partial<Planned> = {}): Planned => ({
    persona,
    outgoing: { method: "GET", path, label: `${label} (${route.pattern})` },
    routeId: route.id,
    ...extra,
  });
  const mine = reach.visited.get(route.id) ?? [];
  const example = mine[0] ?? known[0] ?? addressOf(route, {});
  if (route.params.length) {
    for (const id of SAMPLE_IDS) {
      const params = Object.fromEntries(route.params.map((name) => [name, id]));
      planned.push(get(addressOf(route, params), "absent record"));
    }
    // Someone else's record, one this persona was never shown a link to: it must look exactly like an absent one.
    for (const other of known.filter((path) => !reach.linked.has(path) && !mine.includes(path))) {
      planned.push(get(other, "someone else's record", { expect: "same as absent" }));
    }
    const params = paramsOf(route, example);
    for (const name of route.params) {
      for (const bad of BAD_PATH_VALUES)
        planned.push(get(addressOf(route, params, { [name]: encodeURIComponent(bad) }), `path ${name}=${JSON.stringify(bad.slice(0, 20))}`));
      planned.push(get(addressOf(route, params, { [name]: "%E0%A4%A" }), `path ${name}=broken percent-encoding`));
    }
  } else planned.push(get(route.pattern, "page"));
  const [path, query = ""] = example.split("?");
  planned.push(get(path === "/" ? "/_root.data" : `${path}.data`, "data request"));
  planned.push(get(`${path}?_data=${encodeURIComponent(route.id)}`, "legacy data request"));
  planned.push(get(`${path}?index&_data=root`, "legacy index data request"));
  const names = new Set([...new URLSearchParams(query).keys(), "q", "show", "page", "status", "sort", "redirectTo"]);
  for (const name of names) {
    for (const bad of random.shuffle([...BAD_VALUES]).slice(0, 6))
      planned.push(get(`${path}?${encodeURIComponent(name)}=${encodedValue(bad)}`, `query ${name}=${bad.name}`));
    planned.push(get(`${path}?${name}=a&${name}=b&${name}[]=c`, `query ${name} repeated`));
  }
  for (const name of BAD_FIELD_NAMES) planned.push(get(`${path}?${encodeURIComponent(name)}=1`, `query name ${name}`));
  return planned;
}

/** Requests for one form: every field given every bad value, left out, repeated, as a list; odd bodies and origins. */
function formRequests(reach: Reach, form: FoundForm, foreignIds: string[], random: Random): Planned[] {
  const persona = reach.persona;
  const sessionEnding = SESSION_ENDING.test(form.action);
  const plain = plainSubmission(form);
  const label = `${form.method} ${form.action.split("?")[0]}${form.button ? ` ${form.button.name}=${form.button.value}` : ""}`;
  const send = (body: string | Buffer, what: string, extra: Partial<Outgoing> = {}, expect?: Planned["expect"]): Planned => {
    const outgoing: Outgoing =
      form.method === "GET"
        ? { method: "GET", path: `${form.action.split("?")[0]}?${body.toString()}`, label: `${label} ${what}` }
        : { method: "POST", path: form.action, body, label: `${label} ${what}`, ...extra };
    return { persona, outgoing, expect, sessionEnding };
  };
  const planned: Planned[] = [send(encodeForm(plain), "as offered")];
  const replaced = (name: string, pair: readonly [string, string] | { raw: string }) =>
    plain.map((entry) => (entry[0] === name ? pair : entry)) as (readonly [string, string] | { raw: string })[];
  for (const { name } of [...form.fields, ...(form.button ? [form.button] : [])]) {
    for (const bad of BAD_VALUES) {
      const pair = "raw" in bad ? { raw: `${encodeURIComponent(name)}=${bad.raw}` } : ([name, bad.value] as const);
      planned.push(send(encodeForm(replaced(name, pair)), `${name}=${bad.name}`));
    }
    for (const id of foreignIds) planned.push(send(encodeForm(replaced(name, [name, id])), `${name}=someone else's id`));
    planned.push(send(encodeForm(plain.filter((entry) => entry[0] !== name)), `${name} missing`));
    planned.push(send(encodeForm([...plain, [name, random.pick(BAD_VALUES.filter((bad) => "value" in bad)).value as string]]), `${name} twice`));
    planned.push(send(encodeForm(plain.map((entry) => (entry[0] === name ? [`${name}[]`, entry[1]] : entry))), `${name} as a list`));
    planned.push(send(encodeForm(plain.map((entry) => (entry[0] === name ? [`${name}[0][x]`, entry[1]] : entry))), `${name} as an object`));
  }
  for (const name of BAD_FIELD_NAMES) planned.push(send(encodeForm([...plain, [name, "1"]]), `extra field ${name}`));
  planned.push(send("", "empty body"));
  if (form.method === "POST") {
    planned.push(send(JSON.stringify(Object.fromEntries(plain)), "as JSON", { contentType: "application/json" }));
    planned.push(send(encodeForm(plain), "as text/plain", { contentType: "text/plain" }));
    planned.push(send(`--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n`, "broken multipart", { contentType: "multipart/form-data; boundary=x" }));
    planned.push(send(Buffer.from([0xff, 0xfe, 0x00, 0x3d, 0x26]), "binary body"));
    planned.push(send(encodeForm(plain), "from another site", { origin: "https://evil.example" }, "refused cross-site"));
    planned.push(send(encodeForm(plain), "with Origin null", { origin: "null" }, "refused cross-site"));
  }
  return planned;
}

/**
 * Everything the generator could send, one group per route or form and persona, then sampled to `budget`: the groups
 * are shuffled and taken from in turn, so every route and form keeps a share however small the budget.
 */
export function plan(reaches: Reach[], routes: BuiltRoute[], random: Random, budget: number): { main: Planned[]; last: Planned[]; candidates: number } {
  const known = new Map<string, string[]>();
  for (const reach of reaches) for (const [id, paths] of reach.visited) known.set(id, [...new Set([...(known.get(id) ?? []), ...paths])]);
  const uuids = new Set<string>();
  for (const reach of reaches)
    for (const link of reach.linked) for (const match of link.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)) uuids.add(match[0]);
  const foreignIds = random.shuffle([...uuids]).slice(0, 3);
  const groups: Planned[][] = [];
  for (const reach of reaches) {
    for (const route of routes) groups.push(random.shuffle(routeRequests(reach, route, known.get(route.id) ?? [], random)));
    for (const form of reach.forms) groups.push(random.shuffle(formRequests(reach, form, foreignIds, random)));
  }
  const candidates = groups.reduce((sum, group) => sum + group.length, 0);
  random.shuffle(groups);
  const chosen: Planned[] = [];
  for (let round = 0; chosen.length < budget && groups.some((group) => round < group.length); round++) {
    for (const group of groups) if (round < group.length && chosen.length < budget) chosen.push(group[round]!);
  }
  return { main: chosen.filter((item) => !item.sessionEnding), last: chosen.filter((item) => item.sessionEnding), candidates };
}
