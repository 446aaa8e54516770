// What the bad-input generator learns from the pages themselves: the links a persona can follow and every form on
// them, each with a plausible value for every field (what a person would leave or pick), from the HTML as served.
import { parse, type HTMLElement } from "node-html-parser";

export interface Field {
  name: string;
  /** input type, "select" or "textarea". */
  kind: string;
  /** A value the form itself offers or a person would type. */
  value: string;
  /** For selects and radio groups: every value offered. */
  options: string[];
}

export interface FoundForm {
  /** The page the form was found on. */
  page: string;
  method: "GET" | "POST";
  /** The path (and query) the form is sent to. */
  action: string;
  fields: Field[];
  /** The named submit button pressed (e.g. intent=publish), when the form has any. */
  button: { name: string; value: string } | null;
}

/** What a person would type into an empty field of this kind. */
function typedValue(kind: string, name: string): string {
  if (kind === "email" || /email/i.test(name)) return "fictional.person@example.invalid";
  if (kind === "date") return "2026-01-15";
  if (kind === "datetime-local") return "2026-01-15T10:30";
  if (kind === "time") return "10:30";
  if (kind === "number") return "1";
  if (kind === "password") return "Not-The-Password-1";
  if (kind === "tel") return "01632 960000";
  return "Fictional words for a test";
}

/** The same-origin links on a page, as paths with their query (no fragments, no assets, no downloads). */
export function linksOn(html: string, baseUrl: string): string[] {
  const links = new Set<string>();
  for (const anchor of parse(html).querySelectorAll("a[href]")) {
    if (anchor.hasAttribute("download")) continue;
    const url = new URL(anchor.getAttribute("href")!, baseUrl + "/");
    if (url.origin !== baseUrl || url.pathname.startsWith("/assets/")) continue;
    links.add(url.pathname + url.search);
  }
  return [...links];
}

function fieldsOf(form: HTMLElement): Field[] {
  const byName = new Map<string, Field>();
  for (const element of form.querySelectorAll("input[name], select[name], textarea[name]")) {
    const name = element.getAttribute("name")!;
    const tag = element.tagName.toLowerCase();
    const kind = tag === "input" ? (element.getAttribute("type") ?? "text").toLowerCase() : tag;
    if (kind === "submit" || kind === "button" || kind === "image" || kind === "reset") continue;
    if (kind === "select") {
      const options = element.querySelectorAll("option").map((option) => option.getAttribute("value") ?? option.text.trim());
      const selected = element.querySelector("option[selected]");
      const value = selected ? (selected.getAttribute("value") ?? selected.text.trim()) : (options.find((option) => option !== "") ?? "");
      byName.set(name, { name, kind, value, options });
    } else if (kind === "radio" || kind === "checkbox") {
      const value = element.getAttribute("value") ?? "on";
      const known = byName.get(name);
      if (known) {
        known.options.push(value);
        if (element.hasAttribute("checked") && kind === "radio") known.value = value;
      } else byName.set(name, { name, kind, value, options: [value] });
    } else if (kind === "textarea") {
      byName.set(name, { name, kind, value: element.text || typedValue(kind, name), options: [] });
    } else {
      const given = element.getAttribute("value");
      const value = given !== undefined && given !== "" ? given : kind === "hidden" ? "" : typedValue(kind, name);
      byName.set(name, { name, kind, value, options: [] });
    }
  }
  return [...byName.values()];
}

/** Every form on a page, once for each named submit button it has. */
export function formsOn(html: string, page: string, baseUrl: string): FoundForm[] {
  const found: FoundForm[] = [];
  for (const form of parse(html).querySelectorAll("form")) {
    const action = new URL(form.getAttribute("action") ?? page, baseUrl + page);
    if (action.origin !== baseUrl) continue;
    const method = (form.getAttribute("method") ?? "get").toUpperCase() === "POST" ? "POST" : "GET";
    const fields = fieldsOf(form);
    const buttons = form
      .querySelectorAll("button[name], input[type=submit][name]")
      .map((button) => ({ name: button.getAttribute("name")!, value: button.getAttribute("value") ?? "" }));
    const base = { page, method, action: action.pathname + action.search, fields } as const;
    if (buttons.length === 0) found.push({ ...base, button: null });
    for (const button of buttons) found.push({ ...base, button });
  }
  return found;
}

/** The values the form sends as it stands, as name/value pairs in order. */
export function plainSubmission(form: FoundForm): [string, string][] {
  const pairs: [string, string][] = form.fields.filter((field) => field.kind !== "file").map((field) => [field.name, field.value]);
  if (form.button) pairs.push([form.button.name, form.button.value]);
  return pairs;
}

/** A form body from pairs; `raw` pairs are already percent-encoded (broken UTF-8 cannot be encoded from a string). */
export function encodeForm(pairs: readonly (readonly [string, string] | { raw: string })[]): string {
  return pairs.map((pair) => ("raw" in pair ? pair.raw : `${encodeURIComponent(pair[0])}=${encodeURIComponent(pair[1])}`)).join("&");
}
