import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { makeCase, makePerson } from "../tests/support/factories";
import { contextForPerson } from "../tests/support/people";
import { defineAbilityFor } from "./ability";
import {
  dipActionsFor,
  dipPeople,
  dipPolicyTable,
  dipTargets,
  sampledCase,
  type DipPersona,
  type DipPolicyRow,
  type DipTarget,
} from "./dip-sample-policy-table";
import type { AppAbility } from "./subjects";

const ITEM_TARGETS = ["item", "itemReviewed", "itemOfReviewerNowConflicted", "itemOfFormerOwner"] as const;
const items = ITEM_TARGETS.map((target) => dipTargets[target]);

/** The case as the rules read it, with every fact they decide on. */
const caseRecord = {
  id: sampledCase.id,
  reportedById: dipPeople.constable.id,
  supervisingOfficerId: null,
  criminalOwnerId: sampledCase.criminalOwnerId,
  conductOwnerId: null,
  victimPersonId: null,
  interestedPersonId: null,
  suspectPersonId: sampledCase.suspectPersonId,
  suspectPerson: { chain: [sampledCase.suspectPersonId, ...sampledCase.chain].map((ancestorId) => ({ ancestorId })) },
  conflicts: [{ personId: sampledCase.suspectPersonId }],
  declarations: [],
  dipSampleItems: items.map((item) => ({ reviewerId: item.reviewerId })),
};

function recordFor(target: DipTarget): [string, object] {
  const found = dipTargets[target];
  if (found.model === "DipSample") return ["DipSample", { id: "s" }];
  if (found.model === "PoliceSuspectCase") return ["PoliceSuspectCase", caseRecord];
  return ["DipSampleItem", { id: found.id, reviewerId: found.reviewerId, reviewedAt: found.reviewed ? new Date() : null, case: caseRecord }];
}

const decide = (ability: AppAbility, target: DipTarget) => {
  const [model, record] = recordFor(target);
  return dipActionsFor(target).filter((action) => ability.can(action, subject(model, { ...record } as never) as never));
};
const expected = (row: DipPolicyRow) => dipActionsFor(row.target).filter((action) => row.allowed.includes(action));

describe("the dip-sampling policy table, record by record", () => {
  it.each(dipPolicyTable.map((row) => [`${row.who} on ${dipTargets[row.target].label}: ${row.allowed.join(", ") || "nothing"}`, row] as const))(
    "%s",
    (_title, row) => {
      expect(decide(defineAbilityFor(dipPeople[row.who]), row.target)).toEqual(expected(row));
    },
  );

  it("has a row for every persona on every record (so nothing else can be allowed unnoticed)", () => {
    for (const target of Object.keys(dipTargets)) {
      const covered = dipPolicyTable.filter((row) => row.target === target).map((row) => row.who);
      expect(covered.sort(), target).toEqual(Object.keys(dipPeople).sort());
    }
  });
});

describeEachDatabase("the dip-sampling rules filter the database exactly as the table says", (use) => {
  it("gives each persona exactly the table's samples, sampled cases and review pages: 0 unexpected allows", { timeout: 120_000 }, async () => {
    const { prisma } = use();
    const ids = {} as Record<DipPersona, string>;
    for (const who of Object.keys(dipPeople) as DipPersona[]) {
      if (who === "suspect") continue;
      ids[who] = (await makePerson(prisma, { firstName: who, roles: [...dipPeople[who].roles] })).id;
    }
    ids.suspect = (await makePerson(prisma, { firstName: "suspect", lineManagerId: ids.reviewerNowManagesSuspect })).id;
    const created = await makeCase(prisma, ids.constable, ids.suspect);
    await prisma.policeSuspectCase.update({
      where: { id: created.id },
      data: { status: "CLOSED", closedAt: new Date(), criminalOwnerId: ids.reviewerWhoOwnedIt },
    });
    const dbIds = {} as Record<DipTarget, string>;
    for (const target of ITEM_TARGETS) {
      const found = dipTargets[target];
      const reviewer = (Object.keys(dipPeople) as DipPersona[]).find((who) => dipPeople[who].id === found.reviewerId)!;
      const sample = await prisma.dipSample.create({
        data: {
          drawnById: ids.npccOfficer,
          drawnAt: new Date(),
          windowFrom: new Date(),
          windowTo: new Date(),
          requestedSize: 1,
          seed: "00",
          populationSize: 1,
          populationDigest: "00",
        },
      });
      dbIds.sample = sample.id;
      const row = await prisma.dipSampleItem.create({
        data: {
          sampleId: sample.id,
          caseId: created.id,
          position: 1,
          drawKey: "00",
          reviewerId: ids[reviewer],
          reviewedAt: found.reviewed ? new Date() : null,
        },
      });
      dbIds[target] = row.id;
    }
    dbIds.caseReview = created.id;
    const unexpected: string[] = [];
    for (const row of dipPolicyTable) {
      const { ability } = await contextForPerson(prisma, ids[row.who]);
      const model = dipTargets[row.target].model;
      for (const action of dipActionsFor(row.target)) {
        const where = { AND: [accessScope(ability, action, model), { id: dbIds[row.target] }] } as never;
        const found =
          model === "DipSample"
            ? await prisma.dipSample.count({ where })
            : model === "DipSampleItem"
              ? await prisma.dipSampleItem.count({ where })
              : await prisma.policeSuspectCase.count({ where });
        if (found > 0 !== row.allowed.includes(action)) unexpected.push(`${row.who} ${action} ${row.target}: ${found > 0 ? "allowed" : "refused"}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
