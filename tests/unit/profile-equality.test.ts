// The equality questions on "My details": optional, "Prefer not to say" among the answers, saved through the guard
// by the person alone, audited without the answers, and a bad answer refused next to its field with nothing written.
import { expect, it } from "vitest";
import { setDatabase } from "~/db.server";
import { action } from "~/routes/profile";
import { describeEachDatabase } from "../support/database";
import { makePerson } from "../support/factories";
import { postForm, sessionCookie } from "../support/requests";

describeEachDatabase("gender and ethnic group on the profile", (use) => {
  it("saves the person's own answers, audits that they changed but not what they are, and refuses an unknown answer", async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    const person = await makePerson(prisma, { firstName: "Equality" });
    const cookie = await sessionCookie(prisma, person.id);

    const bad = await postForm(action as never, "/profile", cookie, { intent: "equality", gender: "MARTIAN", ethnicity: "WHITE", version: "1" });
    const reply = (bad.data as { equalityReply: { error: Record<string, string[]>; initialValue: Record<string, string> } }).equalityReply;
    expect(Object.keys(reply.error)).toEqual(["gender"]);
    expect(reply.initialValue.ethnicity).toBe("WHITE");
    expect(await prisma.person.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ gender: null, ethnicity: null, version: 1 });

    const saved = await postForm(action as never, "/profile", cookie, { intent: "equality", gender: "PREFER_NOT_TO_SAY", ethnicity: "MIXED", version: "1" });
    expect(saved.data).toEqual({ equalitySaved: true });
    expect(await prisma.person.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ gender: "PREFER_NOT_TO_SAY", ethnicity: "MIXED" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "person.update_own_equality", actorId: person.id } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", subjectType: "Person", subjectId: person.id });
    expect(JSON.stringify(audit, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))).not.toMatch(/PREFER_NOT_TO_SAY|MIXED/);

    // Unanswered again: both optional.
    const cleared = await postForm(action as never, "/profile", cookie, { intent: "equality", gender: "", version: "2" });
    expect(cleared.data).toEqual({ equalitySaved: true });
    expect(await prisma.person.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ gender: null, ethnicity: null });
  });
});
