// "Where you're signed in" through its route, as the browser posts it: another person's handle is "not found" (404)
// and ends nothing; a session ended there is signed out at its next request (a redirect to sign in, nothing shown).
import { expect, it } from "vitest";
import { sessionHandle } from "~/auth/own-sessions.server";
import { setDatabase } from "~/db.server";
import { action, loader } from "~/routes/account.sessions";
import { loader as profileLoader } from "~/routes/profile";
import { describeEachDatabase } from "../support/database";
import { makePerson } from "../support/factories";
import { loadPage, postForm, sessionCookie } from "../support/requests";

const PATH = "/account/sessions";

describeEachDatabase("the sessions page", (use) => {
  it("ends the person's other session, which then finds no page; another person's handle is not found and ends nothing", async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    const person = await makePerson(prisma);
    const colleague = await makePerson(prisma);
    const here = await sessionCookie(prisma, person.id);
    const elsewhere = await sessionCookie(prisma, person.id);
    const theirs = await sessionCookie(prisma, colleague.id);
    const idOf = (cookie: string) => cookie.split("=")[1]!.split(".")[0]!;

    const page = await loadPage(loader, PATH, here);
    expect(page.sessions.map((session) => session.current)).toEqual([true, false]);
    for (const cookie of [here, elsewhere, theirs]) expect(JSON.stringify(page)).not.toContain(idOf(cookie));

    const forged = await postForm(action, PATH, here, { session: sessionHandle(idOf(theirs)) });
    expect(forged.data).toMatchObject({ data: { problem: expect.stringContaining("That session was not found") }, init: { status: 404 } });
    expect((await loadPage(loader, PATH, theirs)).sessions).toHaveLength(1);

    const other = page.sessions.find((session) => !session.current)!;
    expect(await postForm(action, PATH, here, { session: other.handle })).toMatchObject({ status: 200, data: { ended: 1, which: "one" } });
    // Its next page load is a redirect to sign in, not the page.
    const next = await loadPage(profileLoader, "/profile", elsewhere).catch((thrown: unknown) => thrown);
    expect(next).toBeInstanceOf(Response);
    expect((next as Response).status).toBe(302);
    expect((next as Response).headers.get("Location")).toBe("/sign-in?redirectTo=%2Fprofile&expired=1");
    expect((await loadPage(loader, PATH, here)).sessions).toHaveLength(1);
  });
});
