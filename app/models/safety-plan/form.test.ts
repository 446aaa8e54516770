import { describe, expect, it } from "vitest";
import { MeasureFormSchema, parseMeasureForm } from "./form";
import { MEASURE_KINDS } from "./labels";

describe("the safety-plan measure form", () => {
  it("checks the form: a measure, an owner and a review date are needed; their own measure needs their words", async () => {
    const formData = (values: Record<string, string>) => {
      const data = new FormData();
      for (const [key, value] of Object.entries(values)) data.set(key, value);
      return data;
    };
    const empty = parseMeasureForm(formData({}));
    expect(empty.ok ? [] : Object.keys(empty.errors).sort()).toEqual(["kind", "ownerEmail", "reviewOn", "status"]);
    const own = parseMeasureForm(formData({ kind: "OWN", instructions: "Kept", ownerEmail: "a@b.invalid", status: "PLANNED", reviewOn: "2027-02-30" }));
    expect(own.ok ? [] : Object.keys(own.errors).sort()).toEqual(["reviewOn", "title"]);
    // What was typed comes back to the form.
    expect(own.ok ? {} : own.reply.initialValue).toMatchObject({ instructions: "Kept", reviewOn: "2027-02-30" });
    expect(
      parseMeasureForm(
        formData({ kind: "OWN", title: "Fictional: park in the secure yard", ownerEmail: "a@b.invalid", status: "IN_PLACE", reviewOn: "2027-02-28" }),
      ).ok,
    ).toBe(true);
  });
});

describe("the measure schema", () => {
  it("holds the rule itself: their own measure in only spaces is refused on its words, any other measure needs none", () => {
    const valid = { instructions: "", ownerEmail: "a@b.invalid", status: "PLANNED", reviewOn: "2027-02-28" };
    const own = MeasureFormSchema.safeParse({ ...valid, kind: "OWN", title: "   " });
    expect(own.success ? [] : own.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["title", "Say what the measure is, in your own words"],
    ]);
    const other = MeasureFormSchema.safeParse({ ...valid, kind: Object.keys(MEASURE_KINDS).find((kind) => kind !== "OWN"), title: "" });
    expect(other.success).toBe(true);
  });
});
