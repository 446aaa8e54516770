// Who may review each sampled case: the PSD officers whom the rule's own filter (`mayQualityReview`) lets review it,
// read in the draw's transaction. One query per PSD officer, whatever the sample's size.
import { DIP_SAMPLE_REVIEWERS, mayQualityReview } from "#policies/rules/dip-sampling";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";

export async function eligibleReviewers(tx: DbTx, caseIds: string[]): Promise<Map<string, string[]>> {
  const candidates = await tx.person.findMany({
    where: { active: true, roles: { some: { role: { in: [...DIP_SAMPLE_REVIEWERS] } } } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const eligible = new Map<string, string[]>(caseIds.map((id) => [id, []]));
  for (const candidate of candidates) {
    const where = { AND: [{ id: { in: caseIds } }, mayQualityReview(candidate.id)] } as Prisma.PoliceSuspectCaseWhereInput;
    for (const found of await tx.policeSuspectCase.findMany({ where, select: { id: true } })) eligible.get(found.id)?.push(candidate.id);
  }
  return eligible;
}
