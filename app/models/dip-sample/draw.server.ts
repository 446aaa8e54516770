// Drawing a dip sample of closed police-suspect cases (docs/features/dip-sampling.md): the nominated NPCC officer or
// the head of PSD asks for a number of cases closed in the last 12 months, optionally in one area. The population is
// read through the drawer's own case scope (a case they may not see is never drawn, nor revealed), the draw and the
// reviewers come from draw-keys.server.ts, and the sample, each assignment and the draw's seed are written and audited in one
// transaction. Reviewers are mailed a content-free notice.
import { z } from "zod";
import { auditCaseEvent, caseScope, changeWithAudit } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { mailRecipients } from "~/models/cases/case.server";
import { policingAreas } from "~/models/figures/figures.server";
import { referralNow } from "~/models/referrals/timing.server";
import { ChangeRejected } from "~/utils/forms";
import { dealReviewers, drawFrom, newSeed, populationDigest } from "./draw-keys.server";
import { MAX_SAMPLE, MIN_SAMPLE } from "./questions";
import { eligibleReviewers } from "./reviewers.server";

export const SAMPLE_WINDOW_MONTHS = 12;

const SIZE_MESSAGE = `Enter the number of cases, from ${MIN_SAMPLE} to ${MAX_SAMPLE}`;

export const DrawSampleSchema = z.object({
  size: z
    .string({ error: SIZE_MESSAGE })
    .trim()
    .regex(/^\d{1,3}$/, SIZE_MESSAGE)
    .transform(Number)
    .pipe(z.number().min(MIN_SAMPLE, SIZE_MESSAGE).max(MAX_SAMPLE, SIZE_MESSAGE)),
  area: z
    .string()
    .optional()
    .transform((value) => value || null),
});
export type DrawSampleForm = z.output<typeof DrawSampleSchema>;

/** The window of a draw made at `now`: the last 12 calendar months up to now. */
export function sampleWindow(now: Date): { from: Date; to: Date } {
  const from = new Date(now);
  from.setUTCMonth(from.getUTCMonth() - SAMPLE_WINDOW_MONTHS);
  return { from, to: now };
}

export interface DrawnSample {
  id: string;
  seed: string;
  populationSize: number;
  populationDigest: string;
  drawn: number;
  unassigned: number;
}

/** Draws the sample and assigns its reviewers; ChangeRejected (nothing written) for what the drawer can fix. */
export function drawSample(context: RequestContext, form: DrawSampleForm): Promise<DrawnSample> {
  const now = referralNow();
  const window = sampleWindow(now);
  return changeWithAudit(
    context,
    { action: "create", model: "DipSample", subjectId: (sample) => sample.id },
    async (tx) => {
      if (form.area && !(await policingAreas(tx)).some((area) => area.id === form.area)) throw new ChangeRejected({ area: "Choose an area from the list" });
      const population = await tx.policeSuspectCase.findMany({
        where: {
          AND: [
            caseScope(context, "list"),
            { status: "CLOSED", closedAt: { gte: window.from, lt: window.to } },
            ...(form.area ? [{ areaUnitId: form.area }] : []),
          ],
        },
        select: { id: true },
      });
      if (population.length === 0)
        throw new ChangeRejected({ form: "No case you oversee was closed in the last 12 months in that area: there is nothing to sample." });
      const ids = population.map((row) => row.id);
      const seed = newSeed();
      const drawn = drawFrom(seed, ids, form.size);
      const reviewers = dealReviewers(
        seed,
        drawn,
        await eligibleReviewers(
          tx,
          drawn.map((item) => item.caseId),
        ),
      );
      const digest = populationDigest(ids);
      const sample = await tx.dipSample.create({
        data: {
          drawnById: context.actor.id,
          drawnAt: now,
          windowFrom: window.from,
          windowTo: window.to,
          areaUnitId: form.area,
          requestedSize: form.size,
          seed,
          populationSize: ids.length,
          populationDigest: digest,
        },
        select: { id: true },
      });
      for (const item of drawn) {
        const reviewerId = reviewers.get(item.caseId) ?? null;
        await tx.dipSampleItem.create({ data: { ...item, sampleId: sample.id, reviewerId, assignedAt: reviewerId ? now : null } });
        // Filed with the case (its access log), not in the general trail: it names the case.
        await auditCaseEvent(context, tx, {
          action: "dipSample.assign",
          caseId: item.caseId,
          outcome: "SUCCESS",
          reason: reviewerId ? null : "nobody in PSD is free of conflict on this case",
          details: { sampleId: sample.id, position: item.position, drawKey: item.drawKey, reviewerId },
        });
      }
      const reviewerIds = [...new Set([...reviewers.values()].filter((id): id is string => id !== null))];
      const recipients = await tx.person.findMany({ where: { id: { in: reviewerIds } }, select: { workEmail: true, firstName: true, preferredName: true } });
      await mailRecipients(tx, recipients, "/oversight/dip-samples");
      const unassigned = drawn.filter((item) => !reviewers.get(item.caseId)).length;
      return { id: sample.id, seed, populationSize: ids.length, populationDigest: digest, drawn: drawn.length, unassigned };
    },
    {
      action: "dipSample.draw",
      details: (sample) => ({
        seed: sample.seed,
        populationSize: sample.populationSize,
        populationDigest: sample.populationDigest,
        requestedSize: form.size,
        drawn: sample.drawn,
        unassigned: sample.unassigned,
        area: form.area,
        windowFrom: window.from.toISOString(),
        windowTo: window.to.toISOString(),
      }),
    },
  );
}
