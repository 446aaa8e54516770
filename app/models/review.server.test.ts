import { describe, expect, it } from "vitest";
import { AlertOutcome, QuietReadOutcome } from "~/generated/prisma/enums";
import { ChangeRejected } from "~/utils/forms";
import { reviewSchema, submitReview } from "./review.server";

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.append(key, value);
  return data;
}

describe("reviewSchema", () => {
  it("takes only the outcomes it was made with", () => {
    const quietRead = reviewSchema(QuietReadOutcome);
    expect(quietRead.safeParse({ outcome: "JUSTIFIED", note: " Fictional. ", version: "2" }).data).toEqual({
      outcome: "JUSTIFIED",
      note: "Fictional.",
      version: 2,
    });
    expect(quietRead.safeParse({ outcome: "LEGITIMATE", note: "Fictional.", version: "1" }).success).toBe(false);
    expect(reviewSchema(AlertOutcome).safeParse({ outcome: "LEGITIMATE", note: "Fictional.", version: "1" }).success).toBe(true);
  });
});

describe("submitReview", () => {
  const schema = reviewSchema(QuietReadOutcome);

  it("asks whether the person may review before answering a form with errors, and keeps what was typed", async () => {
    let asked = 0;
    let recorded = 0;
    const answer = await submitReview(
      form({ outcome: "", note: "Fictional: typed", version: "1" }),
      schema,
      async () => asked++,
      async () => void recorded++,
    );
    expect({ asked, recorded }).toEqual({ asked: 1, recorded: 0 });
    expect(answer?.reply.error).toMatchObject({ outcome: ["Choose the outcome"] });
    expect(answer?.reply.initialValue).toMatchObject({ note: "Fictional: typed" });
  });

  it("records a well-formed review, and answers someone else's earlier review without what was typed", async () => {
    const seen: unknown[] = [];
    const valid = form({ outcome: "JUSTIFIED", note: "Fictional.", version: "3" });
    expect(
      await submitReview(
        valid,
        schema,
        async () => null,
        async (review) => void seen.push(review),
      ),
    ).toBeNull();
    expect(seen).toEqual([{ outcome: "JUSTIFIED", note: "Fictional.", version: 3 }]);
    const raced = await submitReview(
      valid,
      schema,
      async () => null,
      async () => {
        throw new ChangeRejected({ form: "Someone else reviewed this." });
      },
    );
    expect(raced?.reply).toEqual({ status: "error", error: { "": ["Someone else reviewed this."] } });
  });

  it("lets any other error through", async () => {
    const valid = form({ outcome: "JUSTIFIED", note: "Fictional.", version: "1" });
    await expect(
      submitReview(
        valid,
        schema,
        async () => null,
        () => Promise.reject(new Error("not found")),
      ),
    ).rejects.toThrow("not found");
  });
});
