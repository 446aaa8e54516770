import { expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { fictionalIntake } from "../../../tests/support/cases";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { rejected } from "../../../tests/support/safety-plan";
import { caseRiskView, recordCaseRiskAssessment, workCaseItem } from "./case-risk.server";
import { myRiskItems, overdueRiskItems } from "./item-lists.server";
import { runRiskItemPass } from "./item-scheduler.server";

describeEachDatabase("a police-suspect case's own risk assessment and deadlines, through the case guard", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));
  const mailTo = async (key: string) => {
    const { workEmail } = await use().prisma.person.findUniqueOrThrow({ where: { id: person(key) }, select: { workEmail: true } });
    return use().prisma.outboxMessage.count({ where: { toAddress: workEmail } });
  };
  const assess = (level: "HIGH" | "MEDIUM") => ({
    answers: {},
    yesCount: 0,
    scored: "STANDARD" as const,
    level,
    rationale: "Fictional: raised on professional judgement.",
  });
  /** Puts the person on the case's list in `capacity`, declared clear (replacing what intake gave them). */
  const list = async (caseId: string, key: string, capacity: "SAFEGUARDING" | "SUPERVISING_OFFICER") => {
    await use().prisma.caseAccess.deleteMany({ where: { caseId, personId: person(key) } });
    await use().prisma.caseAccess.create({ data: { caseId, personId: person(key), capacity, reason: "Fictional", declarationState: "NO_CONNECTION" } });
  };

  /** A case against PC Duxbury (whose chain runs through the Ashbridge duty inspector), PSD listed and declared. */
  async function declaredCase() {
    const { prisma } = use();
    const made = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("callHandler"), form: fictionalIntake(person("pcDuxbury")) }),
    );
    await prisma.caseAccess.updateMany({ where: { caseId: made.id, personId: person("psdInspector") }, data: { declarationState: "NO_CONNECTION" } });
    return made;
  }

  it("PSD assesses: high opens the three items on the case; a listed duty inspector of inspector rank decides threat to life, a sergeant cannot; assessments are kept", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const made = await declaredCase();
    await list(made.id, "kelDutyInspector", "SUPERVISING_OFFICER");
    // A sergeant given the duty-inspector role, listed for safeguarding.
    await prisma.roleAssignment.create({ data: { personId: person("psdNewStarter"), role: "DUTY_INSPECTOR" } });
    await list(made.id, "psdNewStarter", "SAFEGUARDING");
    const psd = await contextFor("psdInspector");
    const [inspectorMail, sergeantMail] = [await mailTo("kelDutyInspector"), await mailTo("psdNewStarter")];

    expect(await recordCaseRiskAssessment(psd, made.reference, assess("HIGH"))).toMatchObject({ level: "HIGH", referred: true });
    const items = await prisma.riskItem.findMany({ where: { caseId: made.id }, orderBy: { kind: "asc" } });
    expect(items.map((item) => item.kind).sort()).toEqual(["IDVA", "MARAC", "THREAT_TO_LIFE"]);
    expect(items.every((item) => item.requestId === null && item.closedAt === null)).toBe(true);
    // The threat-to-life referral reaches the listed duty inspector of inspector rank, not the sergeant holding the role.
    expect(await mailTo("kelDutyInspector")).toBe(inspectorMail + 1);
    expect(await mailTo("psdNewStarter")).toBe(sergeantMail);
    const { workEmail } = await prisma.person.findUniqueOrThrow({ where: { id: person("kelDutyInspector") }, select: { workEmail: true } });
    const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { toAddress: workEmail }, orderBy: { createdAt: "desc" } });
    expect(mail.text).toContain("/support/deadlines");
    expect(`${mail.subject} ${mail.text}`).not.toMatch(new RegExp(`${made.reference}|MARAC|risk|Duxbury|Fictional`, "i"));

    // A later assessment supersedes, never replaces: both are kept, the latest first; medium opens first contact.
    await recordCaseRiskAssessment(psd, made.reference, assess("MEDIUM"));
    const view = await caseRiskView(psd, made.reference);
    expect(view.assessments.map((row) => row.level)).toEqual(["MEDIUM", "HIGH"]);
    expect(view.items.map((item) => item.kind).sort()).toEqual(["FIRST_CONTACT", "IDVA", "MARAC", "THREAT_TO_LIFE"]);
    expect(view.may).toEqual({ assess: true, decideThreatToLife: false });

    const ttl = items.find((item) => item.kind === "THREAT_TO_LIFE")!;
    const sergeant = await contextFor("psdNewStarter");
    expect((await caseRiskView(sergeant, made.reference)).may.decideThreatToLife).toBe(false);
    expect(await statusOf(workCaseItem(sergeant, made.reference, "ttl", { itemId: ttl.id, assessed: "yes", rationale: "Fictional." }))).toBe(404);
    expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: ttl.id } })).toMatchObject({ closedAt: null, decidedById: null });

    const inspector = await contextFor("kelDutyInspector");
    expect((await caseRiskView(inspector, made.reference)).may).toEqual({ assess: false, decideThreatToLife: true });
    await workCaseItem(inspector, made.reference, "ttl", { itemId: ttl.id, assessed: "yes", rationale: "Fictional: assessment done." });
    expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: ttl.id } })).toMatchObject({ ttlAssessed: true, decidedById: person("kelDutyInspector") });
    expect(await prisma.auditEvent.count({ where: { action: "case.risk.threat-to-life", outcome: "SUCCESS", subjectId: made.id } })).toBe(1);
    // The supervising inspector reads the risk but does not work PSD's items; a past MARAC date still needs a reason.
    const marac = items.find((item) => item.kind === "MARAC")!;
    expect(await statusOf(workCaseItem(inspector, made.reference, "idva", { itemId: marac.id, response: "ACCEPTED" }))).toBe(404);
    const past = await rejected(
      workCaseItem(psd, made.reference, "marac-list", { itemId: marac.id, listedFor: "2026-01-05", pastReason: "", childrenForScreening: "" }),
    );
    expect(past.pastReason).toMatch(/in the past/);
  });

  it("refuses the suspect, their chain (even listed, a duty inspector) and the unlisted: not found, audited and alerted to PSD", async () => {
    const { prisma } = use();
    const made = await declaredCase();
    await list(made.id, "ashDutyInspector", "SUPERVISING_OFFICER");
    await recordCaseRiskAssessment(await contextFor("psdInspector"), made.reference, assess("HIGH"));
    const ttl = await prisma.riskItem.findFirstOrThrow({ where: { caseId: made.id, kind: "THREAT_TO_LIFE" } });
    for (const key of ["pcDuxbury", "ashSergeant", "ashDutyInspector", "caiuSupervisor", "idvaLiaison"]) {
      const context = await contextFor(key);
      expect(await statusOf(caseRiskView(context, made.reference)), key).toBe(404);
      expect(await statusOf(recordCaseRiskAssessment(context, made.reference, assess("MEDIUM"))), key).toBe(404);
      expect(await statusOf(workCaseItem(context, made.reference, "ttl", { itemId: ttl.id, assessed: "no", rationale: "Fictional." })), key).toBe(404);
      expect(await prisma.accessAlert.count({ where: { caseId: made.id, personId: person(key) } }), key).toBe(3);
      expect(await prisma.auditEvent.count({ where: { subjectId: made.id, actorId: person(key), outcome: "REFUSED" } }), key).toBe(3);
      expect(
        (await myRiskItems(context)).some((row) => row.id === ttl.id),
        key,
      ).toBe(false);
    }
    expect(await prisma.riskAssessment.count({ where: { caseId: made.id } })).toBe(1);
    expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: ttl.id } })).toMatchObject({ closedAt: null });
  });

  it("the scheduler reminds and escalates a case's items to people on its list only; overdue shows to owners and on oversight", async () => {
    const { prisma } = use();
    const made = await declaredCase();
    await list(made.id, "kelDutyInspector", "SUPERVISING_OFFICER");
    await recordCaseRiskAssessment(await contextFor("psdInspector"), made.reference, assess("HIGH"));
    const marac = await prisma.riskItem.findFirstOrThrow({ where: { caseId: made.id, kind: "MARAC" } });
    // Everything else in the database is seen to, so that only this item's mail is counted here.
    await prisma.riskItem.updateMany({ where: { id: { not: marac.id }, closedAt: null }, data: { closedAt: new Date(), nextActionAt: null } });
    const before = {
      psd: await mailTo("psdInspector"),
      kel: await mailTo("kelDutyInspector"),
      coordinator: await mailTo("daCoordinatorStaff"),
      ash: await mailTo("ashDutyInspector"),
    };
    // No DA coordinator is listed: the reminder goes to PSD on the case, never to coordinators off the list.
    expect((await runRiskItemPass(prisma, new Date(marac.remindAt.getTime() + 1000))).riskReminded).toBe(1);
    expect(await mailTo("psdInspector")).toBe(before.psd + 1);
    expect(await mailTo("daCoordinatorStaff")).toBe(before.coordinator);
    // Escalated to the duty inspectors on the list; the suspect's own chain's duty inspector is never told.
    const atDeadline = new Date(marac.dueAt.getTime() + 1000);
    expect((await runRiskItemPass(prisma, atDeadline)).riskEscalated).toBe(1);
    expect(await mailTo("kelDutyInspector")).toBe(before.kel + 1);
    expect(await mailTo("ashDutyInspector")).toBe(before.ash);

    const psd = await contextFor("psdInspector");
    const mine = (await myRiskItems(psd)).find((row) => row.id === marac.id);
    expect(mine).toMatchObject({ overdue: true, escalated: true, link: `/records/${made.reference}/risk` });
    expect((await myRiskItems(await contextFor("kelDutyInspector"))).some((row) => row.id === marac.id)).toBe(true);
    expect((await overdueRiskItems(psd)).some((row) => row.id === marac.id)).toBe(true);
    // Oversight of a case is the list's: the head of PSD, not listed, does not see this case's item.
    expect((await overdueRiskItems(await contextFor("psdHead"))).some((row) => row.id === marac.id)).toBe(false);
  });
});
