import { expect, it } from "vitest";
import { defineAbilityFor } from "#policies/ability";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import {
  authoriseRestriction,
  ConductTrackSchema,
  InterestedPersonSchema,
  OwnershipSchema,
  recordInterestedPerson,
  recordOwnership,
  recordReview,
  RestrictionSchema,
  ReviewSchema,
  updateConductTrack,
  updateCriminalTrack,
} from "./case-file.server";
import { oversightCounts, oversightDashboard } from "./oversight.server";
import { contextForPerson } from "../../../tests/support/people";
import { ChangeRejected } from "~/utils/forms";
import { createPoliceSuspectCase, IntakeFormSchema } from "./case.server";

describeEachDatabase("the case file: restriction, tracks, ownership, review, interested person, oversight", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  async function newCase(victim: "public" | "employee" = "employee") {
    const { prisma } = use();
    const form = IntakeFormSchema.parse({
      reporting: "received",
      suspectKind: "directory",
      suspectPersonId: person("pcDuxbury"),
      victimKind: victim,
      victimPersonId: victim === "employee" ? person("pcsoCrowhurst") : undefined,
      victimName: victim === "public" ? "Fictional Person" : undefined,
      childrenInvolved: "no",
      immediateDanger: "no",
      account: "Fictional account.",
      receivedHow: "TELEPHONE",
      receivedAt: "2026-11-20T09:00",
    });
    return prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId: person("callHandler"), form }));
  }

  it("opens both tracks with the case, and refuses a restriction authorisation below chief inspector", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const created = await newCase();
    expect(await prisma.criminalTrack.findUnique({ where: { caseId: created.id } })).toMatchObject({ status: "REPORTED", version: 1 });
    expect(await prisma.conductTrack.findUnique({ where: { caseId: created.id } })).toMatchObject({ dutiesDecision: "NOT_YET_CONSIDERED" });

    expect(RestrictionSchema.safeParse({ crimeReference: "NS/26/1" }).success).toBe(false); // the call log must be confirmed
    const form = RestrictionSchema.parse({ crimeReference: "NS/26/004512", callLogRestricted: "on" });
    await expect(prisma.$transaction((tx) => authoriseRestriction(tx, created.id, { id: person("psdInspector"), level: 3 }, form))).rejects.toMatchObject({
      errors: { form: expect.stringContaining("chief inspector or above") },
    });
    expect(await prisma.restrictionAuthorisation.count({ where: { caseId: created.id } })).toBe(0);
    await prisma.$transaction((tx) => authoriseRestriction(tx, created.id, { id: person("ppuHead"), level: 4 }, form));
    expect(await prisma.criminalTrack.findUnique({ where: { caseId: created.id } })).toMatchObject({ crimeReference: "NS/26/004512" });
    await expect(prisma.$transaction((tx) => authoriseRestriction(tx, created.id, { id: person("ppuHead"), level: 4 }, form))).rejects.toBeInstanceOf(
      ChangeRejected,
    );
  });

  it("never lets one change silently overwrite another on a track, and asks for the rationale of a duties decision", async () => {
    const { prisma } = use();
    const created = await newCase();
    await prisma.$transaction((tx) =>
      updateCriminalTrack(tx, created.id, person("psdInspector"), { crimeReference: "NS/1", status: "UNDER_INVESTIGATION", outcome: null, version: 1 }),
    );
    // A second person still holding version 1 is refused, and nothing of theirs is written.
    await expect(
      prisma.$transaction((tx) =>
        updateCriminalTrack(tx, created.id, person("psdInvestigator"), { crimeReference: "NS/2", status: "CHARGED", outcome: null, version: 1 }),
      ),
    ).rejects.toMatchObject({ errors: { form: expect.stringContaining("Someone else changed this") } });
    expect(await prisma.criminalTrack.findUnique({ where: { caseId: created.id } })).toMatchObject({
      crimeReference: "NS/1",
      status: "UNDER_INVESTIGATION",
      version: 2,
    });

    const noRationale = ConductTrackSchema.safeParse({ matterType: "CONDUCT_MATTER", dutiesDecision: "SUSPENDED", version: "1" });
    expect(noRationale.success).toBe(false);
    const decided = ConductTrackSchema.parse({
      matterType: "CONDUCT_MATTER",
      dutiesDecision: "RESTRICTED_DUTIES",
      dutiesRationale: "Fictional: risk to the victim at work",
      version: "1",
    });
    await prisma.$transaction((tx) => updateConductTrack(tx, created.id, person("psdInspector"), decided));
    const track = await prisma.conductTrack.findUniqueOrThrow({ where: { caseId: created.id } });
    expect(track.dutiesDecision).toBe("RESTRICTED_DUTIES");
    expect(track.dutiesDecidedAt).not.toBeNull();
  });

  it("records ownership only for people with a clear declaration, and a review only under all five headings, directed by the NPCC officer", async () => {
    const { prisma } = use();
    const created = await newCase();
    const form = OwnershipSchema.parse({
      criminalOwnerId: person("psdInvestigator"),
      conductOwnerId: person("psdInspector"),
      rationale: "Fictional rationale",
      otherForceReasons: ["small-force", "not-a-reason"],
      referToOtherForce: "no",
      otherForceRationale: "Fictional: victim confidence secured in force",
    });
    expect(form.otherForceReasons).toEqual(["small-force"]);
    // Nobody has declared yet: refused.
    await expect(prisma.$transaction((tx) => recordOwnership(tx, created.id, person("psdHead"), form))).rejects.toMatchObject({
      errors: { criminalOwnerId: expect.any(String), conductOwnerId: expect.any(String) },
    });
    await prisma.caseAccess.updateMany({
      where: { caseId: created.id, personId: { in: [person("psdInvestigator"), person("psdInspector")] } },
      data: { declarationState: "NO_CONNECTION" },
    });
    await prisma.$transaction((tx) => recordOwnership(tx, created.id, person("psdHead"), form));
    expect(await prisma.ownershipDecision.count({ where: { caseId: created.id } })).toBe(1);
    await expect(prisma.ownershipDecision.updateMany({ where: { caseId: created.id }, data: { rationale: "changed" } })).rejects.toThrow(/case file/);

    expect(
      ReviewSchema.safeParse({ directedById: person("acc"), riskFactors: "x", publicProtection: "x", communityImpact: "x", publicConfidence: "x" }).success,
    ).toBe(false);
    const review = ReviewSchema.parse({
      directedById: person("acc"),
      riskFactors: "r",
      publicProtection: "p",
      communityImpact: "c",
      publicConfidence: "q",
      mediaStrategy: "m",
    });
    await expect(
      prisma.$transaction((tx) => recordReview(tx, created.id, person("psdHead"), { ...review, directedById: person("psdInspector") })),
    ).rejects.toBeInstanceOf(ChangeRejected);
    await prisma.$transaction((tx) => recordReview(tx, created.id, person("psdHead"), review));
    expect(await prisma.investigationReview.count({ where: { caseId: created.id } })).toBe(1);
  });

  it("records an employee victim as an interested person only with their agreement; they then see the updates and nothing else", async () => {
    const { prisma } = use();
    const created = await newCase("employee");
    expect(InterestedPersonSchema.safeParse({ contact: "portal" }).success).toBe(false);
    await prisma.$transaction((tx) => recordInterestedPerson(tx, created.id, InterestedPersonSchema.parse({ agreed: "on", contact: "work-email" })));
    const publicCase = await newCase("public");
    await expect(prisma.$transaction((tx) => recordInterestedPerson(tx, publicCase.id, { agreed: "on", contact: "portal" }))).rejects.toBeInstanceOf(
      ChangeRejected,
    );

    const victim = defineAbilityFor({ id: person("pcsoCrowhurst"), forceId: seed.ids.forces.northshire!, unitId: null, level: 1, roles: ["DA_CHAMPION"] });
    const readable = await prisma.policeSuspectCase.findMany({ where: accessScope(victim, "readUpdates", "PoliceSuspectCase"), select: { id: true } });
    expect(readable.map((row) => row.id)).toEqual([created.id]);
    for (const action of ["read", "open", "list", "readConductTrack", "readCriminalTrack"] as const) {
      expect(await prisma.policeSuspectCase.count({ where: accessScope(victim, action, "PoliceSuspectCase") }), action).toBe(0);
    }
  });

  it("counts for oversight only the cases the person is not conflicted on", async () => {
    const { prisma } = use();
    const psd = defineAbilityFor({ id: person("psdInspector"), forceId: seed.ids.forces.northshire!, unitId: null, level: 3, roles: ["PSD_OFFICER"] });
    const figures = await oversightCounts(prisma, accessScope(psd, "list", "PoliceSuspectCase"), accessScope(psd, "list", "AccessAlert"));
    const total = await prisma.policeSuspectCase.count();
    expect(figures.counts.open).toBe(total);
    expect(figures.counts["suspended-or-restricted"]).toBe(1);
    expect(figures.counts["no-restriction"]).toBe(total - 1);
    // The suspect's line manager, were they to oversee, would count nothing.
    const conflicted = defineAbilityFor({ id: person("ashSergeant"), forceId: seed.ids.forces.northshire!, unitId: null, level: 2, roles: ["PSD_OFFICER"] });
    const none = await oversightCounts(prisma, accessScope(conflicted, "list", "PoliceSuspectCase"), accessScope(conflicted, "list", "AccessAlert"));
    expect(none.counts.open).toBe(0);
  });

  it("reads the oversight dashboard through the list scope of cases, audited as a list: a conflicted officer's holds nothing", async () => {
    const { prisma } = use();
    const total = await prisma.policeSuspectCase.count();
    const psd = await oversightDashboard(await contextForPerson(prisma, person("psdInspector")));
    expect(psd.counts.open).toBe(total);
    expect(psd.chains).toHaveLength(total);
    expect(psd.mayReviewAlerts).toBe(true);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: person("psdInspector") }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({
      action: "access.list",
      subjectType: "PoliceSuspectCase",
      outcome: "ALLOWED",
      details: JSON.stringify({ count: total, purpose: "oversight" }),
    });

    // The suspect's line manager, were they given PSD's role, would see no chain and count nothing.
    await prisma.roleAssignment.create({ data: { personId: person("ashSergeant"), role: "PSD_OFFICER" } });
    const conflicted = await oversightDashboard(await contextForPerson(prisma, person("ashSergeant")));
    expect(conflicted).toMatchObject({ chains: [], breakGlassUses: 0, alertsAwaitingReview: 0 });
    expect(conflicted.counts.open).toBe(0);
  });
});
