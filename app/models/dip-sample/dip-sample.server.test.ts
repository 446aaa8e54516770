// Dip-sampling of closed cases (docs/features/dip-sampling.md), on PGlite and PostgreSQL: the draw takes only cases
// closed in the last 12 months (in the area, if asked), of the size asked, reproducibly from its recorded seed; no
// reviewer is ever conflicted on their case, even after a reorganisation; anyone but the assigned reviewer gets "not
// found" on the review page, audited and alerted like any refused case read; a review with bad input is refused next
// to its fields with nothing written.
import { addMonths } from "date-fns";
import { beforeAll, expect, it } from "vitest";
import { setDatabase } from "~/db.server";
import { conflictedOnCase } from "~/models/cases/conflicts.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { makeCase, makePerson, makeUnit } from "../../../tests/support/factories";
import { contextForPerson } from "../../../tests/support/people";
import { loadPage, postForm } from "../../../tests/support/requests";
import { PROVIDER_MFA_METHOD } from "~/access/second-factor-gate";
import { startSession } from "~/auth/sign-in.server";
import { sessionCookieName } from "~/auth/cookie.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { statusOf } from "../../../tests/support/responses";
import { drawFrom, populationDigest } from "./draw-keys.server";
import { drawSample, DrawSampleSchema } from "./draw.server";
import { answerField, commentField, QUALITY_QUESTIONS } from "./questions";
import { qualityReviewPage, submitQualityReview } from "./review.server";
import { dipSamplingOverview, readDipSample } from "./samples.server";

/** A session as after a multi-factor sign-in (PSD and the NPCC officer must have one to reach anything protected). */
async function sessionCookie(prisma: PrismaClient, personId: string): Promise<string> {
  const token = await prisma.$transaction((tx) => startSession(tx, personId, PROVIDER_MFA_METHOD, { ipAddress: "198.51.100.7", userAgent: "vitest" }));
  return `${sessionCookieName()}=${token}`;
}

describeEachDatabase("dip-sampling of closed cases", (use) => {
  const ids: Record<string, string> = {};
  const cases: Record<string, { id: string; reference: string }> = {};
  const now = new Date();

  beforeAll(async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    const areaA = await makeUnit(prisma, { name: "Dip Area A (fictional)", kind: "BCU" });
    ids.areaA = areaA.id;
    for (const key of ["npcc", "headOfPsd", "psdA", "psdB", "psdManager", "reporter", "constable"]) {
      const roles = key === "npcc" ? ["NPCC_OFFICER"] : key === "headOfPsd" ? ["HEAD_OF_PSD"] : key.startsWith("psd") ? ["PSD_OFFICER"] : [];
      ids[key] = (await makePerson(prisma, { firstName: key, roles: roles as never })).id;
    }
    // The suspect's line manager is in PSD: conflicted on every one of the suspect's cases, so never their reviewer.
    ids.suspect = (await makePerson(prisma, { firstName: "suspect", lineManagerId: ids.psdManager })).id;
    const closedCase = async (key: string, closedAt: Date | null, area?: string) => {
      const created = await makeCase(prisma, ids.reporter!, ids.suspect!);
      await prisma.policeSuspectCase.update({
        where: { id: created.id },
        data: { status: closedAt ? "CLOSED" : "OPEN", closedAt, areaUnitId: area ?? null },
      });
      cases[key] = created;
    };
    for (let n = 1; n <= 6; n++) await closedCase(`recent${n}`, addMonths(now, -n), n <= 2 ? areaA.id : undefined);
    await closedCase("old", addMonths(now, -13));
    await closedCase("open", null);
    // psdB owns the criminal track of recent6: their own handling, never theirs to review.
    await prisma.policeSuspectCase.update({ where: { id: cases.recent6!.id }, data: { criminalOwnerId: ids.psdB } });
  }, 120_000);

  const recentIds = () =>
    Object.entries(cases)
      .filter(([key]) => key.startsWith("recent"))
      .map(([, found]) => found.id);

  it("draws only cases closed in the last 12 months, of the size asked, reproducibly from the recorded seed, audited", async () => {
    const { prisma } = use();
    const npcc = await contextForPerson(prisma, ids.npcc!);
    const drawn = await drawSample(npcc, DrawSampleSchema.parse({ size: "4" }));
    const items = await prisma.dipSampleItem.findMany({ where: { sampleId: drawn.id }, orderBy: { position: "asc" } });
    expect(items).toHaveLength(4);
    for (const item of items) expect(recentIds()).toContain(item.caseId);
    expect(drawn.populationSize).toBe(6);
    // Anyone holding the population and the seed gets the same sample.
    const sample = await prisma.dipSample.findUniqueOrThrow({ where: { id: drawn.id } });
    expect(sample.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(sample.populationDigest).toBe(populationDigest(recentIds()));
    expect(drawFrom(sample.seed, recentIds(), 4).map((item) => item.caseId)).toEqual(items.map((item) => item.caseId));
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "dipSample.draw", subjectId: drawn.id } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", actorId: ids.npcc, subjectType: "DipSample" });
    expect(JSON.parse(String(audit.details))).toMatchObject({ seed: sample.seed, populationSize: 6, drawn: 4 });
    // Each assignment is filed with its case (the case's access log), not in the general trail.
    expect(await prisma.auditEvent.count({ where: { action: "dipSample.assign", subjectType: "PoliceSuspectCase", actorId: ids.npcc } })).toBe(4);

    // More than there are: all of them. By area: only that area's. Two draws rarely give the same order.
    const all = await drawSample(npcc, DrawSampleSchema.parse({ size: "50" }));
    expect(all.drawn).toBe(6);
    const inArea = await drawSample(npcc, DrawSampleSchema.parse({ size: "50", area: ids.areaA }));
    const areaItems = await prisma.dipSampleItem.findMany({ where: { sampleId: inArea.id } });
    expect(areaItems.map((item) => item.caseId).sort()).toEqual([cases.recent1!.id, cases.recent2!.id].sort());
    // The size is bounded, and an unknown area is refused next to its field with nothing written.
    for (const size of ["0", "51", "ten", ""]) expect(DrawSampleSchema.safeParse({ size }).success, size).toBe(false);
    const before = await prisma.dipSample.count();
    await expect(drawSample(npcc, DrawSampleSchema.parse({ size: "3", area: ids.reporter }))).rejects.toMatchObject({ errors: { area: expect.any(String) } });
    expect(await prisma.dipSample.count()).toBe(before);

    // Someone who may not draw is refused (403, audited) and nothing is written.
    const constable = await contextForPerson(prisma, ids.constable!);
    expect(await statusOf(drawSample(constable, DrawSampleSchema.parse({ size: "3" })))).toBe(403);
    expect(await prisma.auditEvent.count({ where: { action: "dipSample.draw", actorId: ids.constable, outcome: "REFUSED" } })).toBe(1);
    expect(await prisma.dipSample.count()).toBe(before);
  });

  it("never assigns a reviewer who is conflicted on the case or handled it, over many draws", async () => {
    const { prisma } = use();
    const headOfPsd = await contextForPerson(prisma, ids.headOfPsd!);
    for (let n = 0; n < 8; n++) await drawSample(headOfPsd, DrawSampleSchema.parse({ size: "6" }));
    const items = await prisma.dipSampleItem.findMany({ include: { case: { select: { criminalOwnerId: true, reportedById: true } } } });
    const reviewers = new Set<string>();
    for (const item of items) {
      expect(item.reviewerId, "everyone here has an eligible reviewer").not.toBeNull();
      reviewers.add(item.reviewerId!);
      const conflicted = await prisma.$transaction((tx) => conflictedOnCase(tx, item.caseId));
      expect(conflicted.has(item.reviewerId!)).toBe(false);
      expect([item.case.criminalOwnerId, item.case.reportedById, ids.psdManager, ids.suspect]).not.toContain(item.reviewerId);
    }
    // Reviewers are PSD, and the work is spread among those free to do it.
    expect([...reviewers].sort()).toEqual([ids.headOfPsd, ids.psdA, ids.psdB].sort());
  });

  it("shows the review page to the assigned reviewer only: anyone else gets 'not found', audited and alerted", async () => {
    const { prisma } = use();
    const item = await prisma.dipSampleItem.findFirstOrThrow({ where: { reviewerId: ids.psdA }, include: { case: true } });
    const reference = item.case.reference;
    const path = `/records/${reference}/quality-review`;
    const page = await loadPage(qualityReviewPage, path, await sessionCookie(prisma, ids.psdA!), { reference });
    expect(page.items.map((mine) => mine.id)).toContain(item.id);
    expect(page.facts.closedAt).toBe(item.case.closedAt!.toISOString());
    expect(JSON.stringify(page)).not.toContain("Fictional account");

    // Another PSD officer on the case's access list, the NPCC officer who drew it, the suspect and a constable.
    const assignedElsewhere = await prisma.dipSampleItem.count({ where: { caseId: item.caseId, reviewerId: ids.psdB } });
    const others = ["npcc", "suspect", "constable", ...(assignedElsewhere ? [] : ["psdB"])];
    for (const key of others) {
      const alertsBefore = await prisma.accessAlert.count({ where: { personId: ids[key], caseId: item.caseId } });
      const status = await statusOf(loadPage(qualityReviewPage, path, await sessionCookie(prisma, ids[key]!), { reference }));
      expect(status, key).toBe(404);
      const refusal = await prisma.auditEvent.findFirst({
        where: { actorId: ids[key], action: "access.read.qualityReview", subjectId: item.caseId },
        orderBy: { id: "desc" },
      });
      expect(refusal, key).toMatchObject({ outcome: "REFUSED", subjectType: "PoliceSuspectCase" });
      expect(await prisma.accessAlert.count({ where: { personId: ids[key], caseId: item.caseId } }), key).toBe(alertsBefore + 1);
    }

    // The reviewer made the suspect's manager after the draw is conflicted now: refused at their next request.
    await prisma.person.update({ where: { id: ids.suspect }, data: { lineManagerId: ids.psdA } });
    try {
      expect(await statusOf(loadPage(qualityReviewPage, path, await sessionCookie(prisma, ids.psdA!), { reference }))).toBe(404);
      const overview = await dipSamplingOverview(await contextForPerson(prisma, ids.psdA!));
      expect(overview.assigned.filter((mine) => mine.case.reference === reference)).toEqual([]);
    } finally {
      await prisma.person.update({ where: { id: ids.suspect }, data: { lineManagerId: ids.psdManager } });
    }
  });

  it("refuses a review with bad input next to its fields, writing nothing; records a good one once, audited and counted", async () => {
    const { prisma } = use();
    const item = await prisma.dipSampleItem.findFirstOrThrow({ where: { reviewerId: ids.psdA, reviewedAt: null }, include: { case: true } });
    const reference = item.case.reference;
    const path = `/records/${reference}/quality-review`;
    const cookie = await sessionCookie(prisma, ids.psdA!);
    const [first, ...rest] = QUALITY_QUESTIONS;
    const good: Record<string, string> = { itemId: item.id, grade: "GOOD", summary: "Fictional: handled well." };
    for (const question of QUALITY_QUESTIONS) {
      good[answerField(question.key)] = "YES";
      good[commentField(question.key)] = "Fictional: as the record shows.";
    }
    const bad = { ...good, [answerField(first!.key)]: "MAYBE", [commentField(rest[0]!.key)]: "", grade: "", summary: "Fictional: kept as typed." };
    const refused = await postForm(submitQualityReview as never, path, cookie, bad, { reference });
    const reply = (refused.data as { reply: { error: Record<string, string[]>; initialValue: Record<string, string> } }).reply;
    expect(Object.keys(reply.error).sort()).toEqual([answerField(first!.key), commentField(rest[0]!.key), "grade"].sort());
    expect(reply.initialValue.summary).toBe("Fictional: kept as typed.");
    expect(await prisma.dipSampleItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ reviewedAt: null, grade: null });
    expect(await prisma.dipSampleAnswer.count({ where: { itemId: item.id } })).toBe(0);

    const saved = await postForm(submitQualityReview as never, path, cookie, good, { reference });
    expect(saved.data).toMatchObject({ reply: null });
    expect(await prisma.dipSampleItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ grade: "GOOD", questionSet: expect.any(String) });
    expect(await prisma.dipSampleAnswer.count({ where: { itemId: item.id } })).toBe(QUALITY_QUESTIONS.length);
    expect(await prisma.auditEvent.count({ where: { action: "case.qualityReview.record", subjectId: item.caseId, actorId: ids.psdA } })).toBe(1);
    // Sent again: refused for the whole form, the first review stands.
    const again = await postForm(submitQualityReview as never, path, cookie, { ...good, grade: "INADEQUATE" }, { reference });
    expect((again.data as { reply: { error: Record<string, string[]> } }).reply.error[""]).toEqual([expect.stringContaining("already been recorded")]);
    expect(await prisma.dipSampleItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ grade: "GOOD" });

    // The drawer sees it among the sample's outcomes, as counts.
    const sample = await readDipSample(await contextForPerson(prisma, ids.npcc!), item.sampleId);
    expect(sample.outcomes.grades.GOOD).toBe(1);
    expect(sample.outcomes.answers[first!.key]).toMatchObject({ YES: 1, NO: 0, PARTLY: 0 });
    const overview = await dipSamplingOverview(await contextForPerson(prisma, ids.npcc!));
    expect(overview.samples.find((listed) => listed.id === item.sampleId)?.outcomes.reviewed).toBe(1);
    // Someone who may not read samples gets "not found", audited.
    expect(await statusOf(readDipSample(await contextForPerson(prisma, ids.psdB!), item.sampleId))).toBe(404);
  });
});
