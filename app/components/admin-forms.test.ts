import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PersonFormSchema } from "~/models/people/person-form";
import { parseForm, rejectedReply } from "~/utils/forms";
import { type FormReply } from "~/utils/form-reply";
import { PersonFields, type PersonFormOptions } from "./admin-forms";
import { useFormReply } from "./ui/use-form-reply";

const FORCE = "00000000-0000-4000-8000-00000000f001";
const options: PersonFormOptions = { forces: [{ id: FORCE, name: "Fictional Force" }], staffGrades: [], units: [], managers: [] };

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

/** The person form as a browser without JavaScript receives it. */
function personForm(reply: FormReply | undefined, defaults: Record<string, unknown>, lockedRoles?: string[]): string {
  function Page() {
    const state = useFormReply("person", reply, defaults);
    return createElement(PersonFields, { options, form: state, lockedRoles });
  }
  return renderToStaticMarkup(createElement(Page));
}

/** The attributes of a role's checkbox, as rendered. */
function roleBox(html: string, role: string): string {
  return html.match(new RegExp(`<input type="checkbox" id="roles-${role}"[^>]*>`))?.[0] ?? "";
}

const typed: [string, string][] = [
  ["firstName", "Alex"],
  ["lastName", "Fictional"],
  ["workEmail", "not an email"],
  ["employeeType", "OFFICER"],
  ["rank", "SERGEANT"],
  ["forceId", FORCE],
  ["active", "on"],
  ["rolesEditable", "1"],
  ["roles", "WELFARE"],
  ["roles", "DA_CHAMPION"],
];

describe("PersonFields fed from Conform's reply", () => {
  it("shows a refused form's messages beside what was typed, the ticked roles included", () => {
    const parsed = parseForm(PersonFormSchema, form(typed));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const html = personForm(parsed.reply, { forceId: FORCE, active: "on", roles: ["CHIEF_OFFICER"] });
    expect(html).toContain("Enter an email address in the correct format");
    expect(html).toContain('value="not an email"');
    expect(html).toContain('value="Alex"');
    expect(roleBox(html, "WELFARE")).toContain("checked");
    expect(roleBox(html, "DA_CHAMPION")).toContain("checked");
    // What was typed replaces the defaults: a role not ticked is not ticked again.
    expect(roleBox(html, "CHIEF_OFFICER")).not.toContain("checked");
  });

  it("keeps what was typed when a valid form is refused later, and no role when none was ticked", () => {
    const parsed = parseForm(
      PersonFormSchema,
      form([...typed.filter(([key]) => key !== "workEmail" && key !== "roles"), ["workEmail", "alex@example.police.uk"]]),
    );
    expect(parsed.ok).toBe(true);
    const html = personForm(parsed.reject({ workEmail: "That email address is already used" }), { roles: ["WELFARE"] });
    expect(html).toContain("That email address is already used");
    expect(html).toContain('value="alex@example.police.uk"');
    expect(roleBox(html, "WELFARE")).not.toContain("checked");
  });

  it("shows the stored record when the refusal keeps nothing typed (someone else saved first)", () => {
    const html = personForm(rejectedReply({ form: "Someone else changed this" }), { firstName: "Stored", roles: ["WELFARE"] });
    expect(html).toContain('value="Stored"');
    expect(roleBox(html, "WELFARE")).toContain("checked");
  });

  it("shows the roles held, disabled, when they may not be changed, whatever was sent", () => {
    const parsed = parseForm(PersonFormSchema, form(typed));
    if (parsed.ok) throw new Error("expected a refusal");
    const html = personForm(parsed.reply, { roles: ["ADMINISTRATOR"] }, ["ADMINISTRATOR"]);
    expect(roleBox(html, "ADMINISTRATOR")).toMatch(/checked.*disabled|disabled.*checked/);
    expect(roleBox(html, "WELFARE")).not.toContain("checked");
    expect(html).not.toContain('name="rolesEditable"');
  });
});
