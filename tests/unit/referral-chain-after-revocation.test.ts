// A referral's recipient answers in the transaction that decides whether they still may: when they are recorded as
// conflicted on the case after the referral's page loaded and before they post their answer, the answer is "not
// found", the step still waits for an eligible holder, they are given no access, and the attempt is audited and
// alerted to PSD like any attempt on a case they may not reach. The same answer is shown to work first.
import { expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { DeclarationFormSchema } from "~/models/cases/declarations.server";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { answerReferral, openReferral } from "~/models/referrals/referral-page.server";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { fictionalIntake } from "../support/cases";
import { describeEachDatabase } from "../support/database";
import { contextForPerson } from "../support/people";
import { statusOf } from "../support/responses";

const noConnection = DeclarationFormSchema.parse({ hasConnection: "no" });

describeEachDatabase("answering a referral after the recipient was found conflicted on the case", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));
  // The demo organisation refers a report about this constable to this duty inspector as supervising officer.
  const RECIPIENT = "kelDutyInspector";

  /** A new report, and the step that waits for the supervising officer's answer. */
  async function referred() {
    const { prisma } = use();
    seed ??= await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const created = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person("pcDuxbury")) }),
    );
    const step = await prisma.referralStep.findFirstOrThrow({
      where: { caseId: created.id, role: "SUPERVISING_OFFICER", recipientPersonId: person(RECIPIENT) },
    });
    return { ...created, stepId: step.id };
  }

  it("acknowledging the referral", async () => {
    const { prisma } = use();
    const allowed = await referred();
    const recipient = await contextFor(RECIPIENT);
    await openReferral(recipient, allowed.stepId);
    expect(await answerReferral(recipient, allowed.stepId, noConnection)).toMatchObject({ outcome: "acknowledged" });
    expect(await prisma.caseAccess.count({ where: { caseId: allowed.id, personId: person(RECIPIENT) } })).toBe(1);

    const withdrawn = await referred();
    await openReferral(recipient, withdrawn.stepId);
    const postedBeforeTheConflict = await contextFor(RECIPIENT);
    await prisma.caseConflict.create({ data: { caseId: withdrawn.id, personId: person(RECIPIENT), reason: "line chain" } });
    expect(await statusOf(answerReferral(postedBeforeTheConflict, withdrawn.stepId, noConnection))).toBe(404);
    expect(await prisma.referralStep.findUniqueOrThrow({ where: { id: withdrawn.stepId } })).toMatchObject({ state: "AWAITING", acknowledgedAt: null });
    expect(await prisma.caseAccess.count({ where: { caseId: withdrawn.id, personId: person(RECIPIENT) } })).toBe(0);
    expect(await prisma.conflictDeclaration.count({ where: { caseId: withdrawn.id, personId: person(RECIPIENT) } })).toBe(0);
    const refusal = await prisma.auditEvent.findFirstOrThrow({
      where: { actorId: person(RECIPIENT), subjectId: withdrawn.id, action: "referral.acknowledge" },
      orderBy: { id: "desc" },
    });
    expect(refusal).toMatchObject({ outcome: "REFUSED", reason: "not on the access list" });
    expect(await prisma.accessAlert.findFirstOrThrow({ where: { auditEventId: refusal.id } })).toMatchObject({
      kind: "UNLISTED_ATTEMPT",
      personId: person(RECIPIENT),
    });
  });
});
