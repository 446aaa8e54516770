import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, rejectedReply, replyKeepingTyped, tickedBoxes } from "~/utils/forms";
import { type FormReply } from "~/utils/form-reply";
import { useFormReply } from "./use-form-reply";

const Schema = z.object({
  name: z.string().trim().min(1, "Enter the unit's name"),
  newPassword: z.string().min(12, "Use at least 12 characters"),
  kinds: tickedBoxes(["A", "B"] as const),
});

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

/** Renders a page's view of a reply, as the server would send it to a browser without JavaScript. */
function pageSees(reply: FormReply | undefined, defaults?: Record<string, unknown>) {
  let seen: ReturnType<typeof useFormReply> | undefined;
  function Page() {
    seen = useFormReply("probe", reply, defaults);
    return null;
  }
  renderToStaticMarkup(createElement(Page));
  return seen!;
}

describe("parseForm", () => {
  it("gives one message per field and echoes what was typed, never a password", () => {
    const parsed = parseForm(
      Schema,
      form([
        ["name", " "],
        ["newPassword", "short"],
        ["kinds", "A"],
        ["kinds", "B"],
      ]),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({ name: "Enter the unit's name", newPassword: "Use at least 12 characters" });
    const page = pageSees(parsed.reply);
    expect(page.errors).toEqual(parsed.errors);
    expect(page.text("name")).toBe(" ");
    expect(page.list("kinds")).toEqual(["A", "B"]);
    expect(page.text("newPassword")).toBe("");
    expect(JSON.stringify(parsed.reply)).not.toContain("short");
  });

  it("reads no ticked box, one, or several as a list of the offered values", () => {
    const parse = (...kinds: string[]) =>
      parseForm(Schema, form([["name", "Unit"], ["newPassword", "long enough now"], ...kinds.map((kind): [string, string] => ["kinds", kind])]));
    for (const [kinds, expected] of [
      [[], []],
      [["A"], ["A"]],
      [
        ["A", "B", "Z"],
        ["A", "B"],
      ],
    ] as const) {
      const parsed = parse(...kinds);
      expect(parsed.ok && parsed.data.kinds).toEqual(expected);
    }
  });

  it("refuses a valid form later with more messages, keeping what was typed", () => {
    const parsed = parseForm(
      Schema,
      form([
        ["name", "Fictional Unit"],
        ["newPassword", "long enough now"],
      ]),
    );
    expect(parsed.ok).toBe(true);
    const page = pageSees(parsed.reject({ name: "A unit with that name exists", form: "Nothing was saved" }));
    expect(page.errors).toEqual({ name: "A unit with that name exists", form: "Nothing was saved" });
    expect(page.text("name")).toBe("Fictional Unit");
  });

  it("shows the record as it is now when a refusal carries no typed values (someone else saved first)", () => {
    const page = pageSees(rejectedReply({ form: "Someone else changed this" }), { name: "Their version" });
    expect(page.errors).toEqual({ form: "Someone else changed this" });
    expect(page.text("name")).toBe("Their version");
  });

  it("answers a step that is not the form being sent (a search) with its own message only, keeping what was typed", () => {
    const page = pageSees(
      replyKeepingTyped(
        form([
          ["name", "Half typed"],
          ["kinds", "A"],
        ]),
        { query: "Nobody matches that" },
      ),
    );
    expect(page.errors).toEqual({ query: "Nobody matches that" });
    expect(page.text("name")).toBe("Half typed");
    expect(page.list("kinds")).toEqual(["A"]);
  });

  it("shows the defaults and no message before anything was sent", () => {
    const page = pageSees(undefined, { name: "Stored", kinds: ["B"] });
    expect(page.errors).toEqual({});
    expect(page.text("name")).toBe("Stored");
    expect(page.list("kinds")).toEqual(["B"]);
    expect(page.formProps).toMatchObject({ id: "probe", noValidate: true });
  });
});
