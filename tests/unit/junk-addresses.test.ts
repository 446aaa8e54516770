// Addresses typed by hand, found by the bad-input generator answering 500 (docs/features/bad-input-generator.md): a
// referral link with a NUL or thousands of characters in its id is a guessed link like any other, "not found" and audited.
import { expect, it } from "vitest";
import { setDatabase } from "~/db.server";
import { loader, action } from "~/routes/referrals.$stepId";
import { seedDemoOrganisation } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { sessionCookie } from "../support/requests";
import { routerArgs } from "../support/router";

async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    await run();
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describeEachDatabase("a referral link with junk in its id", (use) => {
  it("is not found when read, refused with the form's message when posted, and the guess is audited without the NUL", async () => {
    const database = use();
    setDatabase(database);
    const seed = await seedDemoOrganisation(database.prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const cookie = await sessionCookie(database.prisma, seed.ids.people.pcPenhallow!);
    for (const stepId of ["\u0000", "a\u0000b", "x".repeat(4000)]) {
      const path = `http://localhost/referrals/${encodeURIComponent(stepId)}`;
      expect(await statusOf(async () => loader(await routerArgs(new Request(path, { headers: { cookie } }), { stepId })))).toBe(404);
      // A declaration the form does not offer: the form's own message (200), never an error.
      const post = new Request(path, { method: "POST", headers: { cookie }, body: new URLSearchParams({ declaration: "none" }) });
      expect(await statusOf(async () => action(await routerArgs(post, { stepId })))).toBe(200);
    }
    const guesses = await database.prisma.auditEvent.findMany({
      where: { action: { startsWith: "referral." }, outcome: "FAILURE" },
      select: { details: true },
    });
    expect(guesses.length).toBe(3);
    for (const guess of guesses) expect(guess.details).not.toContain("\\u0000");
  });
});
