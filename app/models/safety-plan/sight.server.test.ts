import { expect, it } from "vitest";
import { OUTSIDE_CASE_FILES } from "#policies/rules/police-suspect-cases";
import type { RequestContext } from "~/access/request-context.server";
import { exportMyData } from "~/models/support-request/export.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { fictionalMeasure, NS, rejected } from "../../../tests/support/safety-plan";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { planLedger, measuresSharedWithMe, myPlan } from "./ledger.server";
import { addMeasure, openMeasure, updateMeasure } from "./measures.server";
import { grantSight, withdrawSight } from "./sight.server";

describeEachDatabase("the workplace safety plan: who may see a measure", (use) => {
  let seed: SeedSummary;

  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, seed.ids.people[key]!);

  it("the employee adds measures, grants one to their line manager, who sees that measure only; withdrawal ends it at once; the ledger shows everything", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const jordan = await contextFor("pcMistryOake");
    const tom = await contextFor("ashSergeant");
    const reception = await contextFor("kelStaff");
    const alys = await contextFor("pcPenhallow");
    const admin = await contextFor("admin");
    const psd = await contextFor("psdHead");

    const { id: desk } = await addMeasure(jordan, fictionalMeasure());
    const { id: journeys } = await addMeasure(
      jordan,
      fictionalMeasure({ kind: "JOURNEYS", instructions: "Fictional: pair on every outside enquiry.", ownerEmail: `thomas.brightwater@${NS}` }),
    );
    expect((await myPlan(jordan)).map((row) => row.name)).toEqual([
      "Give reception a photo and vehicle details of the person",
      "A colleague on journeys outside the office",
    ]);
    // An unknown owner is refused beside the field; nothing is written.
    expect(await rejected(addMeasure(jordan, fictionalMeasure({ ownerEmail: "nobody@nowhere.invalid" })))).toEqual({
      ownerEmail: "No one in the portal has that work email",
    });
    expect(await prisma.safetyMeasure.count()).toBe(2);

    // Nobody but the employee reaches either measure before a grant.
    for (const other of [tom, reception, alys, admin, psd]) {
      expect(await statusOf(openMeasure(other, desk)), other.actor.firstName).toBe(404);
      expect(await measuresSharedWithMe(other)).toEqual([]);
    }

    await grantSight(jordan, journeys, { to: "LINE_MANAGER", email: "", reason: "" });
    await grantSight(jordan, desk, { to: "PERSON", email: `ffion.gwilliam@${NS}`, reason: "reception" });
    expect(await rejected(grantSight(jordan, journeys, { to: "LINE_MANAGER", email: "", reason: "" }))).toEqual({ to: "They can already see this measure." });
    expect(await rejected(grantSight(jordan, desk, { to: "PERSON", email: `jordan.mistry-oake@${NS}`, reason: "" }))).toMatchObject({
      email: expect.any(String),
    });

    // The line manager: the journeys measure and nothing else (not the reception measure, not Jordan's other records).
    const seen = await openMeasure(tom, journeys);
    expect(seen).toMatchObject({
      name: "A colleague on journeys outside the office",
      instructions: "Fictional: pair on every outside enquiry.",
      sharedBy: "Jordan Mistry-Oake",
      requestId: null,
      grants: [],
      may: { update: false, agree: false, manageConsent: false },
    });
    expect(await statusOf(openMeasure(tom, desk))).toBe(404);
    expect((await measuresSharedWithMe(tom)).map((row) => row.id)).toEqual([journeys]);
    // Reception: the description, not why; not the other measure.
    expect((await openMeasure(reception, desk)).instructions).toMatch(/red hatchback/);
    expect(await statusOf(openMeasure(reception, journeys))).toBe(404);
    // A grantee cannot change, agree or share it.
    expect(await statusOf(updateMeasure(tom, journeys, fictionalMeasure()))).toBe(404);
    expect(await statusOf(grantSight(tom, journeys, { to: "PERSON", email: `alys.penhallow@${NS}`, reason: "" }))).toBe(404);

    // Withdrawal: the next request is not found.
    const grant = await prisma.safetyMeasureGrant.findFirstOrThrow({ where: { measureId: journeys } });
    await withdrawSight(jordan, journeys, grant.id);
    expect(await statusOf(openMeasure(tom, journeys))).toBe(404);
    expect(await measuresSharedWithMe(tom)).toEqual([]);
    expect(await rejected(withdrawSight(jordan, journeys, grant.id))).toEqual({ form: "That was already withdrawn." });

    // The ledger: both grants, the withdrawal, and each open by someone else.
    const ledger = await planLedger(jordan);
    expect(ledger.grants.map((row) => [row.measure, row.to, row.withdrawnAt !== null])).toEqual([
      ["A colleague on journeys outside the office", "Tom Brightwater", true],
      ["Give reception a photo and vehicle details of the person", "Ffion Gwilliam", false],
    ]);
    expect(ledger.opened.map((row) => row.who).sort()).toEqual(["Ffion Gwilliam", "Tom Brightwater"]);

    // Every decision is audited, refusals included, and none reaches the general audit trail.
    const rows = await prisma.auditEvent.findMany({ where: { subjectType: "SafetyMeasure" } });
    expect(rows.some((row) => row.actorId === tom.actor.id && row.outcome === "REFUSED")).toBe(true);
    expect(rows.some((row) => row.action === "safety.grant.withdraw" && row.outcome === "SUCCESS")).toBe(true);
    expect(await prisma.auditEvent.count({ where: { AND: [OUTSIDE_CASE_FILES, { subjectType: "SafetyMeasure" }] } })).toBe(0);

    // Their own data export holds the plan, its grants and who opened it.
    const exported = await exportMyData(jordan);
    expect(exported.safetyPlan.map((row) => row.grants.length)).toEqual([1, 1]);
    expect(exported.activity.some((row) => row.by === "Tom Brightwater" && row.action === "access.read")).toBe(true);

    // The database keeps a grant as it was given: it can be withdrawn once, never changed or deleted.
    await expect(prisma.safetyMeasureGrant.update({ where: { id: grant.id }, data: { personId: alys.actor.id } })).rejects.toThrow();
    await expect(prisma.safetyMeasureGrant.delete({ where: { id: grant.id } })).rejects.toThrow();
  });
});
