// A small fictional dip sample over the demo history (docs/features/dip-sampling.md), so the dip-sampling pages show
// something on a fresh `npm start`: five cases closed in the last 12 months, drawn as the portal draws them (draw-keys.server.ts)
// by the demo NPCC officer, each dealt to a PSD officer free of conflict on it, and the first one reviewed.
import { notConflictedOn } from "../policies/rules/police-suspect-cases.ts";
import type { PrismaClient } from "../app/generated/prisma/client.ts";
import { dealReviewers, drawFrom, newSeed, populationDigest } from "../app/models/dip-sample/draw-keys.server.ts";
import { QUALITY_QUESTIONS, QUESTION_SET } from "../app/models/dip-sample/questions.ts";
import { eligibleReviewers } from "../app/models/dip-sample/reviewers.server.ts";

export async function seedDemoDipSample(prisma: PrismaClient, drawnById: string, now = new Date()): Promise<number> {
  const windowFrom = new Date(now);
  windowFrom.setUTCMonth(windowFrom.getUTCMonth() - 12);
  const population = await prisma.policeSuspectCase.findMany({
    where: { status: "CLOSED", closedAt: { gte: windowFrom, lt: now }, ...notConflictedOn(drawnById) },
    select: { id: true },
  });
  if (population.length === 0) return 0;
  const ids = population.map((row) => row.id);
  const seed = newSeed();
  const drawn = drawFrom(seed, ids, 5);
  const eligible = await eligibleReviewers(
    prisma,
    drawn.map((item) => item.caseId),
  );
  const dealt = dealReviewers(seed, drawn, eligible);
  const sample = await prisma.dipSample.create({
    data: {
      drawnById,
      drawnAt: now,
      windowFrom,
      windowTo: now,
      requestedSize: 5,
      seed,
      populationSize: ids.length,
      populationDigest: populationDigest(ids),
      items: { create: drawn.map((item) => ({ ...item, reviewerId: dealt.get(item.caseId) ?? null, assignedAt: now })) },
    },
    select: { items: { where: { reviewerId: { not: null } }, orderBy: { position: "asc" }, take: 1, select: { id: true } } },
  });
  const first = sample.items[0];
  if (first) {
    await prisma.dipSampleItem.update({
      where: { id: first.id },
      data: {
        grade: "GOOD",
        summary: "Fictional demo review: handled well, one referral late.",
        reviewedAt: now,
        questionSet: QUESTION_SET,
        answers: {
          create: QUALITY_QUESTIONS.map((question, index) => ({
            question: question.key,
            answer: index === 0 ? ("PARTLY" as const) : ("YES" as const),
            comment: "Fictional demo answer.",
          })),
        },
      },
    });
  }
  return drawn.length;
}
