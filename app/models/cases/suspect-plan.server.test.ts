import { expect, it } from "vitest";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { fictionalIntake } from "../../../tests/support/cases";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { withCaseAction } from "~/access/guard.server";
import { ChangeRejected } from "~/utils/forms";
import { createPoliceSuspectCase } from "./case.server";
import { oversightDashboard } from "./oversight.server";
import {
  decideOnCase,
  LOOKS_ABSENT,
  overdueSuspectReviews,
  recordWelfareOffer,
  STALE_DECISION,
  suspectPlanView,
  SuspectDutySchema,
  type SuspectDutyForm,
} from "./suspect-plan.server";

describeEachDatabase("the suspect's risk and duties plan and welfare, through the guard", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const duty = (fields: Partial<Record<keyof SuspectDutyForm, string>>): SuspectDutyForm =>
    SuspectDutySchema.parse({
      kind: "FIREARMS",
      decision: "authorisation-suspended",
      rationale: "Fictional: holds a firearms authorisation and the victim fears it.",
      ownerId: person("psdInspector"),
      reviewDue: day(7),
      supersedes: "",
      ...fields,
    });

  async function declaredCase() {
    const { prisma } = use();
    const made = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("callHandler"), form: fictionalIntake(person("pcDuxbury")) }),
    );
    await prisma.caseAccess.updateMany({ where: { caseId: made.id, personId: person("psdInspector") }, data: { declarationState: "NO_CONNECTION" } });
    return made;
  }

  it("keeps every decision: a change supersedes the latest, and one made on a stale page is refused, nothing written", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const made = await declaredCase();
    const psd = await contextForPerson(prisma, person("psdInspector"));

    const first = await decideOnCase(psd, made.reference, duty({}));
    const second = await decideOnCase(psd, made.reference, duty({ decision: "both-actioned", supersedes: first.id }));
    expect(second.sequence).toBe(2);
    // A second officer still looking at the first decision is refused, and nothing of theirs is written.
    await expect(decideOnCase(psd, made.reference, duty({ decision: "no-action", supersedes: first.id }))).rejects.toMatchObject({
      errors: { form: STALE_DECISION },
    });
    // So is a first decision sent after someone else's first decision.
    await expect(decideOnCase(psd, made.reference, duty({ decision: "no-action", supersedes: "" }))).rejects.toBeInstanceOf(ChangeRejected);
    // Two sent at the same moment on the same latest decision: one wins, the other is refused by the database.
    const racing = await Promise.allSettled([
      decideOnCase(psd, made.reference, duty({ decision: "no-action", supersedes: second.id })),
      decideOnCase(psd, made.reference, duty({ decision: "licence-referred", supersedes: second.id })),
    ]);
    expect(racing.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(racing.find((outcome) => outcome.status === "rejected")).toMatchObject({ reason: expect.any(ChangeRejected) });

    const view = await prisma.$transaction((tx) => suspectPlanView(tx, made.id));
    const firearms = view.items.find((item) => item.kind === "FIREARMS")!;
    expect(firearms.current?.rationale).toMatch(/Fictional/);
    expect(firearms.earlier.map((row) => row.decisionValue)).toEqual(["both-actioned", "authorisation-suspended"]);
    expect(await prisma.suspectDutyDecision.count({ where: { caseId: made.id } })).toBe(3);
    expect(await prisma.auditEvent.count({ where: { action: "case.suspectPlan.decide", outcome: "SUCCESS", subjectId: made.id } })).toBe(3);
  });

  it("refuses a decision without rationale, with a past review date, or an owner not on the list, by the field", async () => {
    const { prisma } = use();
    const made = await declaredCase();
    const psd = await contextForPerson(prisma, person("psdInspector"));
    expect(
      SuspectDutySchema.safeParse({ kind: "VETTING_REVIEW", decision: "referred", rationale: " ", ownerId: person("psdInspector"), reviewDue: day(3) }).success,
    ).toBe(false);
    expect(
      SuspectDutySchema.safeParse({ kind: "VETTING_REVIEW", decision: "suspended", rationale: "x", ownerId: person("psdInspector"), reviewDue: day(3) })
        .success,
    ).toBe(false);
    await expect(decideOnCase(psd, made.reference, duty({ reviewDue: day(-2) }))).rejects.toMatchObject({
      errors: { reviewDue: expect.stringMatching(/past/) },
    });
    await expect(decideOnCase(psd, made.reference, duty({ ownerId: person("pcPenhallow") }))).rejects.toMatchObject({
      errors: { ownerId: expect.any(String) },
    });
    expect(await prisma.suspectDutyDecision.count({ where: { caseId: made.id } })).toBe(0);
  });

  it("lets nobody but the conduct track's people near the plan: the suspect, their chain, supporters and others get 'not found'", async () => {
    const { prisma } = use();
    const made = await declaredCase();
    for (const key of ["pcDuxbury", "ashSergeant", "ohLead", "pcPenhallow", "psdInvestigator"]) {
      const context = await contextForPerson(prisma, person(key));
      await expect(decideOnCase(context, made.reference, duty({})), key).rejects.toMatchObject({ status: 404 });
      await expect(
        recordWelfareOffer(context, made.reference, { supportKind: "POLICE_FEDERATION", offeredOn: day(0), response: "ACCEPTED" }),
        key,
      ).rejects.toMatchObject({ status: 404 });
      await expect(
        withCaseAction(context, made.reference, "readSuspectPlan", "access.read.suspectPlan", async () => "read", LOOKS_ABSENT),
        key,
      ).rejects.toMatchObject({ status: 404 });
    }
    expect(await prisma.suspectDutyDecision.count({ where: { caseId: made.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { subjectId: made.id, outcome: "REFUSED", action: "case.suspectPlan.decide" } })).toBeGreaterThanOrEqual(5);
  });

  it("records the suspect's welfare offers with no mail to anyone", async () => {
    const { prisma } = use();
    const made = await declaredCase();
    const psd = await contextForPerson(prisma, person("psdInspector"));
    const mailBefore = await prisma.outboxMessage.count();
    await recordWelfareOffer(psd, made.reference, { supportKind: "OCCUPATIONAL_HEALTH", offeredOn: day(0), response: "ACCEPTED", note: "Fictional note." });
    await expect(recordWelfareOffer(psd, made.reference, { supportKind: "TRADE_UNION", offeredOn: day(3), response: "DECLINED" })).rejects.toMatchObject({
      errors: { offeredOn: expect.stringMatching(/future/) },
    });
    expect(await prisma.outboxMessage.count()).toBe(mailBefore);
    const view = await prisma.$transaction((tx) => suspectPlanView(tx, made.id));
    expect(view.welfare.map((offer) => [offer.kind, offer.response])).toEqual([["OCCUPATIONAL_HEALTH", "ACCEPTED"]]);
  });

  it("shows overdue reviews on the dashboard as a reference and a count, to those who may read the plan", async () => {
    const { prisma } = use();
    const made = await declaredCase();
    const psd = await contextForPerson(prisma, person("psdInspector"));
    await decideOnCase(psd, made.reference, duty({ kind: "VETTING_REVIEW", decision: "referred", reviewDue: day(1) }));
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
    const overdue = await prisma.$transaction((tx) => overdueSuspectReviews(tx, psd, inThreeDays));
    expect(overdue.find((row) => row.reference === made.reference)).toEqual({ reference: made.reference, overdueItems: 1 });
    // Not yet overdue today; and never on the dashboard of someone who may not read the plan (PSD undeclared, the NPCC officer unlisted).
    expect((await oversightDashboard(psd)).overdueReviews.map((row) => row.reference)).not.toContain(made.reference);
    for (const key of ["psdHead", "acc"]) {
      const other = await contextForPerson(prisma, person(key));
      expect(
        (await prisma.$transaction((tx) => overdueSuspectReviews(tx, other, inThreeDays))).map((row) => row.reference),
        key,
      ).not.toContain(made.reference);
    }
  });
});
