// The incident log is its employee's alone, so the only access to it that can be withdrawn is the employee's own: an
// account deactivated (a leaver, or an account taken over) ends every session of it. A post made from a page that
// loaded before the deactivation is sent to sign in and writes nothing: no entry, no note. It is refused at the door,
// before any decision about the log, so it has no audit row of its own (there is no session left to attribute it
// to); the deactivation that withdrew the access is what the audit trail shows. The same posts are shown to work first.
import { expect, it } from "vitest";
import { setDatabase } from "~/db.server";
import { invalidateAllSessionsOf } from "~/auth/session.server";
import { action as annotateAction, loader as entryLoader } from "~/routes/log.$entryId";
import { action as newEntryAction, loader as newEntryLoader } from "~/routes/log.new";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { loadPage, postForm, sessionCookie } from "../support/requests";

describeEachDatabase("the incident log after the employee's account was deactivated", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const EMPLOYEE = "pcMistryOake";
  const entry = { occurredOn: "2026-11-30", occurredTime: "14:05", kind: "CALL", whatHappened: "Fictional: three calls to the front desk.", witnesses: "" };

  it("adding an entry, and a note to one", async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const cookie = await sessionCookie(prisma, person(EMPLOYEE));
    const entries = () => prisma.incidentEntry.count({ where: { personId: person(EMPLOYEE) } });
    const notes = () => prisma.incidentAnnotation.count({ where: { entry: { personId: person(EMPLOYEE) } } });

    await loadPage(newEntryLoader, "/log/new", cookie);
    expect(await postForm(newEntryAction, "/log/new", cookie, entry)).toMatchObject({ status: 302, location: "/log?added=1" });
    const { id: entryId } = await prisma.incidentEntry.findFirstOrThrow({ where: { personId: person(EMPLOYEE) } });
    await loadPage(entryLoader, `/log/${entryId}`, cookie, { entryId });
    expect(await postForm(annotateAction, `/log/${entryId}`, cookie, { body: "Fictional: the desk kept a note." }, { entryId })).toMatchObject({ status: 302 });
    expect([await entries(), await notes()]).toEqual([1, 1]);

    // Both pages load again; the account is deactivated, as the administration pages do it; the posts come.
    await loadPage(newEntryLoader, "/log/new", cookie);
    await loadPage(entryLoader, `/log/${entryId}`, cookie, { entryId });
    const since = (await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
    await prisma.$transaction(async (tx) => {
      await tx.person.update({ where: { id: person(EMPLOYEE) }, data: { active: false, version: { increment: 1 } } });
      expect(await invalidateAllSessionsOf(tx, person(EMPLOYEE))).toBe(1);
    });
    const toSignIn = { status: 302, location: expect.stringMatching(/^\/sign-in\?.*expired=1/) };
    expect(await postForm(newEntryAction, "/log/new", cookie, entry)).toMatchObject(toSignIn);
    expect(await postForm(annotateAction, `/log/${entryId}`, cookie, { body: "Fictional: a second note." }, { entryId })).toMatchObject(toSignIn);
    expect([await entries(), await notes()]).toEqual([1, 1]);
    expect(await prisma.auditEvent.count({ where: { id: { gt: since }, action: { startsWith: "incident." } } })).toBe(0);
  });
});
