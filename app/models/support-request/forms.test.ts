import { describe, expect, it } from "vitest";
import { parseForm } from "~/utils/forms";
import { requestFormSchema } from "./request-form";
import { riskFormSchema } from "./risk.server";

function posted(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

const SERVICES = new Set(["service-a", "service-b"]);

describe("the support request form, as posted", () => {
  it("refuses sending with each message under its field, and answers with everything typed, ticked boxes included", () => {
    const parsed = parseForm(
      requestFormSchema("send", SERVICES),
      posted([
        ["intent", "send"],
        ["serviceId", "service-a"],
        ["message", "Fictional: please contact me."],
        ["shareWithService", "IDENTITY"],
        ["shareWithService", "SAFE_CONTACT"],
        ["safeChannels", "PERSONAL_MOBILE"],
        ["unsafeChannels", "PERSONAL_MOBILE"],
        ["unsafeChannels", "HOME_ADDRESS"],
        ["safeWord", "Fictional bluebell"],
      ]),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(["safeChannels", "shareWithService", "termsAccepted"]);
    expect(parsed.errors.safeChannels).toMatch(/also marked your personal mobile phone as not safe/);
    expect(parsed.errors.shareWithService).toMatch(/chose not to share/);
    expect(parsed.reply.initialValue).toMatchObject({
      serviceId: "service-a",
      message: "Fictional: please contact me.",
      shareWithService: ["IDENTITY", "SAFE_CONTACT"],
      safeChannels: "PERSONAL_MOBILE",
      unsafeChannels: ["PERSONAL_MOBILE", "HOME_ADDRESS"],
      safeWord: "Fictional bluebell",
    });
  });

  it("saves a draft with no box, one or several ticked as lists, and refuses a value the form did not offer", () => {
    const draft = (entries: [string, string][]) => parseForm(requestFormSchema("save", SERVICES), posted(entries));
    const none = draft([]);
    expect(none.ok && none.data).toMatchObject({ shareWithService: [], safeChannels: [], unsafeChannels: [], serviceId: "" });
    const one = draft([["safeChannels", "WORK_EMAIL"]]);
    expect(one.ok && one.data.safeChannels).toEqual(["WORK_EMAIL"]);
    const several = draft([
      ["shareWithService", "IDENTITY"],
      ["shareWithService", "MESSAGE"],
    ]);
    expect(several.ok && several.data.shareWithService).toEqual(["IDENTITY", "MESSAGE"]);
    const unoffered = draft([
      ["unsafeChannels", "PORTAL_ONLY"],
      ["serviceId", "no-such-service"],
    ]);
    expect(unoffered.ok ? {} : unoffered.errors).toEqual({ unsafeChannels: "Choose from the list", serviceId: "Choose one of the services listed" });
  });
});

describe("the risk form, as posted", () => {
  const questions = [{ id: "one" }, { id: "two" }];

  it("gives each unanswered question its message and keeps the answers given", () => {
    const parsed = parseForm(
      riskFormSchema(questions),
      posted([
        ["intent", "risk"],
        ["q-one", "yes"],
        ["rationale", "Fictional."],
      ]),
    );
    expect(parsed.ok ? {} : parsed.errors).toEqual({ "q-two": "Answer yes, no or not known" });
    expect(parsed.ok ? {} : parsed.reply.initialValue).toMatchObject({ "q-one": "yes", rationale: "Fictional." });
  });

  it("reads a complete form as the assessment: the scored level, raised by judgement only with a rationale", () => {
    const answers: [string, string][] = [
      ["q-one", "yes"],
      ["q-two", "no"],
    ];
    const scored = parseForm(riskFormSchema(questions), posted(answers));
    expect(scored.ok && scored.data).toEqual({
      answers: { one: "yes", two: "no" },
      yesCount: 1,
      scored: "HIGH",
      level: "HIGH",
      rationale: "",
      childConcern: false,
    });
    const lowered = parseForm(riskFormSchema(questions), posted([...answers, ["judgement", "STANDARD"]]));
    expect(lowered.ok ? "" : lowered.errors.judgement).toMatch(/not lower it/);
  });
});
