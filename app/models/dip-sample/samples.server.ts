// What the dip-sampling pages list: the samples and their outcomes as counts for those who draw them (the nominated
// NPCC officer, the head of PSD), and the cases assigned to a PSD reviewer. Everything is read through the guard's
// scopes: a sampled case that someone may not see (they became conflicted on it, or it is not theirs to review) is not
// listed or counted for them.
import { accessScope, can, listAccessible, readAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { DipSampleAnswerValue, DipSampleGrade } from "~/generated/prisma/enums";
import { policingAreas } from "~/models/figures/figures.server";
import { addressName } from "~/utils/names";
import { ANSWERS, GRADES, QUALITY_QUESTIONS } from "./questions";

type Counts = Record<string, number>;

interface ItemOutcome {
  reviewerId: string | null;
  reviewedAt: Date | null;
  grade: DipSampleGrade | null;
  answers?: { question: string; answer: DipSampleAnswerValue }[];
}

/** The outcomes of a sample's items as counts: drawn, assigned, reviewed, by grade and, per question, by answer. */
export function outcomeCounts(items: readonly ItemOutcome[]) {
  const grades: Counts = Object.fromEntries(GRADES.map((grade) => [grade.value, 0]));
  const answers: Record<string, Counts> = Object.fromEntries(
    QUALITY_QUESTIONS.map((question) => [question.key, Object.fromEntries(ANSWERS.map((answer) => [answer.value, 0]))]),
  );
  for (const item of items) {
    if (item.grade) grades[item.grade] = (grades[item.grade] ?? 0) + 1;
    for (const answer of item.answers ?? []) {
      const row = answers[answer.question];
      if (row) row[answer.answer] = (row[answer.answer] ?? 0) + 1;
    }
  }
  return {
    drawn: items.length,
    assigned: items.filter((item) => item.reviewerId !== null).length,
    reviewed: items.filter((item) => item.reviewedAt !== null).length,
    grades,
    answers,
  };
}

const personName = { select: { firstName: true, lastName: true, preferredName: true } } as const;

async function areaNames(tx: DbTx): Promise<Map<string, string>> {
  return new Map((await policingAreas(tx)).map((area) => [area.id, area.name]));
}

/**
 * The page's lists: every sample with its outcome counts (for those who may list samples), and the cases assigned to
 * the person for review. Anyone who may do neither gets 403 (audited).
 */
export async function dipSamplingOverview(context: RequestContext) {
  const itemScope = accessScope(context.ability, "list", "DipSampleItem");
  const samples = can(context.ability, "list", "DipSample")
    ? await listAccessible(context, "DipSample", async (tx, scope) => {
        const areas = await areaNames(tx);
        const rows = await tx.dipSample.findMany({
          where: scope,
          orderBy: [{ drawnAt: "desc" }, { id: "asc" }],
          take: 100,
          select: {
            id: true,
            drawnAt: true,
            windowFrom: true,
            windowTo: true,
            areaUnitId: true,
            requestedSize: true,
            populationSize: true,
            drawnBy: personName,
            items: { where: itemScope, select: { reviewerId: true, reviewedAt: true, grade: true } },
          },
        });
        return rows.map(({ items, drawnBy, areaUnitId, ...sample }) => ({
          ...sample,
          drawnBy: addressName(drawnBy),
          area: areaUnitId ? (areas.get(areaUnitId) ?? "An area no longer listed") : "The whole force",
          outcomes: outcomeCounts(items),
        }));
      })
    : [];
  const assigned = await listAccessible(
    context,
    "DipSampleItem",
    (tx, scope) =>
      tx.dipSampleItem.findMany({
        where: { AND: [scope, { reviewerId: context.actor.id }] },
        orderBy: [{ reviewedAt: { sort: "desc", nulls: "first" } }, { id: "asc" }],
        take: 200,
        select: { id: true, reviewedAt: true, grade: true, case: { select: { reference: true, closedAt: true } }, sample: { select: { drawnAt: true } } },
      }),
    { assignedToMe: true },
  );
  return { samples, assigned, mayDraw: can(context.ability, "create", "DipSample") };
}

async function sampleExists(tx: DbTx, id: string): Promise<boolean> {
  return (await tx.dipSample.count({ where: { id } })) > 0;
}

/** One sample, its cases the person may see with their reviewers and grades, and the outcome counts; audited. */
export async function readDipSample(context: RequestContext, sampleId: string) {
  const itemScope = accessScope(context.ability, "read", "DipSampleItem");
  return readAccessible(context, {
    model: "DipSample",
    id: sampleId,
    exists: sampleExists,
    find: async (tx, where) => {
      const sample = await tx.dipSample.findFirst({
        where,
        select: {
          id: true,
          drawnAt: true,
          windowFrom: true,
          windowTo: true,
          areaUnitId: true,
          requestedSize: true,
          populationSize: true,
          populationDigest: true,
          seed: true,
          drawnBy: personName,
          items: {
            where: itemScope,
            orderBy: { position: "asc" },
            select: {
              position: true,
              drawKey: true,
              reviewerId: true,
              reviewedAt: true,
              grade: true,
              reviewer: personName,
              case: { select: { reference: true, closedAt: true } },
              answers: { select: { question: true, answer: true } },
            },
          },
        },
      });
      if (!sample) return null;
      const areas = await areaNames(tx);
      const { items, drawnBy, areaUnitId, ...rest } = sample;
      return {
        ...rest,
        drawnBy: addressName(drawnBy),
        area: areaUnitId ? (areas.get(areaUnitId) ?? "An area no longer listed") : "The whole force",
        outcomes: outcomeCounts(items),
        items: items.map((item) => ({
          position: item.position,
          drawKey: item.drawKey,
          reference: item.case.reference,
          closedAt: item.case.closedAt,
          reviewer: item.reviewer ? addressName(item.reviewer) : null,
          reviewedAt: item.reviewedAt,
          grade: item.grade,
        })),
      };
    },
  });
}

/** The policing areas a sample may be limited to. */
export function sampleAreas(context: RequestContext) {
  return listAccessible(context, "Unit", (tx, scope) =>
    tx.unit.findMany({
      where: { AND: [scope, { force: { isHome: true }, kind: { in: ["BCU", "OCU"] } }] },
      select: { id: true, name: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    }),
  );
}
