// Hand-made submissions the bad-input generator found answered with 500 (docs/features/bad-input-generator.md).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, readFormData } from "./forms";

const SignIn = z.object({ email: z.string().min(1, "Enter your email"), password: z.string().min(1, "Enter your password") });

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("parseForm", () => {
  it("refuses a secret field sent as an array with a message, and never sends its values back", () => {
    const result = parseForm(
      SignIn,
      form([
        ["email", "a@b.invalid"],
        ["password[]", "first secret"],
        ["password[]", "second secret"],
      ]),
    );
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors)).toEqual(["password"]);
    expect(JSON.stringify(result.ok ? null : result.reply)).not.toContain("secret");
  });

  it("still hides a secret field sent as itself", () => {
    const result = parseForm(SignIn, form([["password", "typed secret"]]));
    expect(JSON.stringify(result.ok ? null : result.reply)).not.toContain("typed secret");
  });
});

describe("readFormData", () => {
  const post = (body: string) =>
    new Request("http://portal.invalid/", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });

  it("takes NUL characters out of names and values, keeping the rest of what was typed", async () => {
    const data = await readFormData(post("preferredName=Al%00ys&pro%00nouns=she%2Fher"));
    expect([...data]).toEqual([
      ["preferredName", "Alys"],
      ["pronouns", "she/her"],
    ]);
  });

  it("answers 400 for a body that is not a form", async () => {
    const refused = await readFormData(
      new Request("http://portal.invalid/", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body: "junk" }),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
  });
});
