import { expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { rejected } from "../../../tests/support/safety-plan";
import { recordOverride } from "~/models/support-request/consent.server";
import { checkRequestForm } from "~/models/support-request/request-form";
import { openRequest, saveRequest } from "~/models/support-request/request.server";
import { acknowledgeRequest } from "~/models/support-request/work.server";
import { recordRiskAssessment } from "~/models/support-request/risk.server";
import { runReferralScheduler } from "~/models/referrals/scheduler.server";
import { chainTiming } from "~/models/referrals/timing.server";
import { myRiskItems, overdueRiskItems } from "./item-lists.server";
import { openItems } from "./items.server";
import { runRiskItemPass } from "./item-scheduler.server";
import { decideThreatToLife, listMarac, recordIdvaAnswer, requestRiskItems } from "./risk-items.server";

const HOUR = 3_600_000;

describeEachDatabase("risk that escalates on time", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));
  const mailTo = async (key: string) => {
    const { workEmail } = await use().prisma.person.findUniqueOrThrow({ where: { id: person(key) }, select: { workEmail: true } });
    return use().prisma.outboxMessage.count({ where: { toAddress: workEmail } });
  };
  const sendRequest = async (employeeKey: string, safeChannels: string[] = ["PORTAL_ONLY"]) => {
    const services = Object.fromEntries((await use().prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    const form = checkRequestForm({ serviceId: services.STAFF_IDVA, safeChannels, termsAccepted: "on" }, "send", new Set(Object.values(services)));
    if (!form.ok) throw new Error("form");
    return saveRequest(await contextFor(employeeKey), { form: form.form, send: true });
  };
  const assess = (level: "HIGH" | "MEDIUM" | "STANDARD", extra: { childConcern?: boolean } = {}) => ({
    answers: {},
    yesCount: 0,
    scored: "STANDARD" as const,
    level,
    rationale: level === "STANDARD" ? "" : "Fictional: raised on professional judgement.",
    ...extra,
  });

  it("high risk opens the threat-to-life, MARAC and IDVA items; an inspector decides, a sergeant cannot; the employee's own manager never sees it", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const sent = await sendRequest("kelStaff");
    const liaison = await contextFor("idvaLiaison");
    const acknowledge = await prisma.riskItem.findFirstOrThrow({ where: { requestId: sent.id } });
    expect(acknowledge).toMatchObject({ kind: "ACKNOWLEDGE", closedAt: null });
    await acknowledgeRequest(liaison, sent.id);
    expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: acknowledge.id } })).toMatchObject({ closedAt: expect.any(Date), nextActionAt: null });

    const inspectorMail = await mailTo("ashDutyInspector");
    await recordRiskAssessment(liaison, sent.id, assess("HIGH"));
    const open = await prisma.riskItem.findMany({ where: { requestId: sent.id, closedAt: null }, orderBy: { kind: "asc" } });
    expect(open.map((item) => item.kind).sort()).toEqual(["IDVA", "MARAC", "THREAT_TO_LIFE"]);
    expect(await mailTo("ashDutyInspector")).toBe(inspectorMail + 1);
    // A second high assessment opens nothing twice.
    await recordRiskAssessment(liaison, sent.id, assess("HIGH"));
    expect(await prisma.riskItem.count({ where: { requestId: sent.id, closedAt: null } })).toBe(3);

    // The duty inspector sees the items, not the request's content.
    const inspector = await contextFor("ashDutyInspector");
    const seen = await requestRiskItems(inspector, sent.id);
    expect(seen.may).toMatchObject({ decideThreatToLife: true, manageMarac: false, work: false });
    const shell = await openRequest(inspector, sent.id);
    expect([shell.wanted, shell.safeContact, shell.identity]).toEqual([null, null, null]);
    // The employee's own line manager is a duty inspector too: for them it does not exist.
    expect(await statusOf(requestRiskItems(await contextFor("kelDutyInspector"), sent.id))).toBe(404);
    expect(await statusOf(openRequest(await contextFor("kelDutyInspector"), sent.id))).toBe(404);

    const ttl = open.find((item) => item.kind === "THREAT_TO_LIFE")!;
    // A sergeant given the duty role sees the item but is refused the decision, with a plain message.
    await prisma.roleAssignment.create({ data: { personId: person("ashSergeant"), role: "DUTY_INSPECTOR" } });
    const sergeant = await contextFor("ashSergeant");
    expect((await requestRiskItems(sergeant, sent.id)).may.decideThreatToLife).toBe(false);
    const refused = await rejected(decideThreatToLife(sergeant, sent.id, { itemId: ttl.id, assessed: "yes", rationale: "Fictional." }));
    expect(refused.form).toMatch(/inspector or above/);
    expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: ttl.id } })).toMatchObject({ closedAt: null, decidedById: null });

    await decideThreatToLife(inspector, sent.id, { itemId: ttl.id, assessed: "yes", rationale: "Fictional: threats to kill reported; assessment done." });
    expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: ttl.id } })).toMatchObject({
      ttlAssessed: true,
      decidedById: person("ashDutyInspector"),
      decidedAt: expect.any(Date),
      closedAt: expect.any(Date),
    });
    // Once decided it cannot be decided again.
    expect((await rejected(decideThreatToLife(inspector, sent.id, { itemId: ttl.id, assessed: "no", rationale: "Again." }))).form).toMatch(/already/);
    // Nobody else records it: the IDVA liaison may not, and a stranger finds nothing.
    expect(
      await statusOf(decideThreatToLife(await contextFor("ashChiefInspector"), sent.id, { itemId: ttl.id, assessed: "yes", rationale: "Fictional." })),
    ).toBe(404);

    // MARAC: a listing date in the past only with a reason.
    const coordinator = await contextFor("daCoordinatorOfficer");
    const marac = open.find((item) => item.kind === "MARAC")!;
    const past = await rejected(listMarac(coordinator, sent.id, { itemId: marac.id, listedFor: "2026-01-05", pastReason: "", childrenForScreening: "" }));
    expect(past.pastReason).toMatch(/in the past/);
    expect(
      (await rejected(listMarac(coordinator, sent.id, { itemId: marac.id, listedFor: "2026-02-30", pastReason: "", childrenForScreening: "" }))).listedFor,
    ).toMatch(/real date/);
    expect((await prisma.riskItem.findUniqueOrThrow({ where: { id: marac.id } })).listedFor).toBeNull();
    await listMarac(coordinator, sent.id, {
      itemId: marac.id,
      listedFor: "2026-01-05",
      pastReason: "Fictional: listed at the January meeting before the referral was recorded here.",
      childrenForScreening: "Two children, aged 4 and 7",
    });
    expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: marac.id } })).toMatchObject({ childrenForScreening: "Two children, aged 4 and 7" });

    // The IDVA's answer is the service's: the coordinator, who knows the request exists, is refused (403, audited).
    const idva = open.find((item) => item.kind === "IDVA")!;
    expect(await statusOf(recordIdvaAnswer(coordinator, sent.id, { itemId: idva.id, response: "ACCEPTED" }))).toBe(403);
    expect(await prisma.auditEvent.count({ where: { action: "risk.idva", outcome: "REFUSED", actorId: person("daCoordinatorOfficer") } })).toBe(1);
    await recordIdvaAnswer(liaison, sent.id, { itemId: idva.id, response: "ACCEPTED" });
    expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: idva.id } })).toMatchObject({ idvaResponse: "ACCEPTED", closedAt: expect.any(Date) });
  });

  it("reminds the owner, then escalates at the deadline, once across two instances; overdue shows on the owner's list and to those who may see it", async () => {
    const { prisma } = use();
    const sent = await sendRequest("kelStaff");
    const liaison = await contextFor("idvaLiaison");
    await acknowledgeRequest(liaison, sent.id);
    await recordRiskAssessment(liaison, sent.id, assess("HIGH"));
    const marac = await prisma.riskItem.findFirstOrThrow({ where: { requestId: sent.id, kind: "MARAC", closedAt: null } });
    // The other two are seen to, so that only the MARAC referral's mail is counted here.
    await prisma.riskItem.updateMany({ where: { id: { not: marac.id }, closedAt: null }, data: { closedAt: new Date(), nextActionAt: null } });
    const [coordinatorMail, inspectorMail] = [await mailTo("daCoordinatorOfficer"), await mailTo("ashDutyInspector")];
    const second = await use().openAnotherClient();
    try {
      const atReminder = new Date(marac.remindAt.getTime() + 1000);
      const [a, b] = await Promise.all([runRiskItemPass(prisma, atReminder), runRiskItemPass(second.prisma, atReminder)]);
      expect(a.riskReminded + b.riskReminded).toBe(1);
      expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: marac.id } })).toMatchObject({ remindedAt: atReminder, escalatedAt: null });
      expect(await mailTo("daCoordinatorOfficer")).toBe(coordinatorMail + 1);
      expect(await mailTo("ashDutyInspector")).toBe(inspectorMail);
      // Overdue only once the deadline has passed: until then the owner's list shows it due.
      expect((await myRiskItems(await contextFor("daCoordinatorOfficer"))).find((row) => row.id === marac.id)).toBeDefined();

      const atDeadline = new Date(marac.dueAt.getTime() + 1000);
      const kelBefore = await mailTo("kelDutyInspector");
      const [c, d] = await Promise.all([runRiskItemPass(prisma, atDeadline), runRiskItemPass(second.prisma, atDeadline)]);
      expect(c.riskEscalated + d.riskEscalated).toBe(1);
      expect(await prisma.riskItem.findUniqueOrThrow({ where: { id: marac.id } })).toMatchObject({ escalatedAt: atDeadline, nextActionAt: null });
      // Escalated to the duty inspectors once, never to the employee's own manager; the coordinator is not mailed again.
      expect(await mailTo("ashDutyInspector")).toBe(inspectorMail + 1);
      expect(await mailTo("kelDutyInspector")).toBe(kelBefore);
      expect(await mailTo("daCoordinatorOfficer")).toBe(coordinatorMail + 1);
      await runRiskItemPass(prisma, new Date(atDeadline.getTime() + 48 * HOUR));
      expect(await mailTo("ashDutyInspector")).toBe(inspectorMail + 1);
      // The mail says nothing of the request.
      const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { toAddress: { contains: "kettleby" } }, orderBy: { createdAt: "desc" } });
      expect(`${mail.subject} ${mail.text}`).not.toMatch(/MARAC|risk|Gwilliam|Ffion|requests\//i);
    } finally {
      await second.close();
    }
    // The referral scheduler's pass runs the same (the server runs that one).
    expect(await runReferralScheduler(prisma, chainTiming(new Date(marac.dueAt.getTime() + 96 * HOUR)))).toMatchObject({ riskEscalated: expect.any(Number) });
  });

  it("medium risk: first contact due 5 England and Wales working days on, across Christmas; escalated on the right day", async () => {
    const { prisma } = use();
    const sent = await sendRequest("kelStaff");
    await acknowledgeRequest(await contextFor("idvaLiaison"), sent.id);
    // Assessed on Tuesday 22 December 2026: Wed 23, Thu 24, (Christmas, weekend, Boxing Day substitute Mon 28), Tue 29, Wed 30, Thu 31.
    const assessedAt = new Date("2026-12-22T10:00:00Z");
    await prisma.$transaction((tx) => openItems(tx, { requestId: sent.id }, ["FIRST_CONTACT"], { now: assessedAt }));
    const item = await prisma.riskItem.findFirstOrThrow({ where: { requestId: sent.id, kind: "FIRST_CONTACT" } });
    expect(item.dueAt.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect((await runRiskItemPass(prisma, new Date("2026-12-30T23:59:00Z"))).riskEscalated).toBe(0);
    expect((await prisma.riskItem.findUniqueOrThrow({ where: { id: item.id } })).escalatedAt).toBeNull();
    await runRiskItemPass(prisma, new Date("2026-12-31T08:00:00Z"));
    expect((await prisma.riskItem.findUniqueOrThrow({ where: { id: item.id } })).remindedAt).not.toBeNull();
    await runRiskItemPass(prisma, new Date("2027-01-01T00:00:01Z"));
    expect((await prisma.riskItem.findUniqueOrThrow({ where: { id: item.id } })).escalatedAt).toEqual(new Date("2027-01-01T00:00:01Z"));
    // Escalated to the safeguarding leads: they see that it exists and that it is overdue, in their list and on oversight.
    const coordinator = await contextFor("daCoordinatorOfficer");
    const mine = await myRiskItems(coordinator);
    expect(mine.find((row) => row.id === item.id)).toMatchObject({ overdue: true, escalated: true });
    expect((await overdueRiskItems(coordinator)).some((row) => row.id === item.id)).toBe(true);
    // PSD oversees cases, not the support route: nothing of it on their dashboard.
    expect((await overdueRiskItems(await contextFor("psdHead"))).some((row) => row.id === item.id)).toBe(false);
    expect((await myRiskItems(await contextFor("kelDutyInspector"))).length).toBe(0);
  });

  it("a child-protection concern at medium risk lets the DA coordinator record a child-protection override, listed for oversight; not the other ground", async () => {
    const { prisma } = use();
    const sent = await sendRequest("kelStaff");
    const liaison = await contextFor("idvaLiaison");
    const coordinator = await contextFor("daCoordinatorOfficer");
    await recordRiskAssessment(liaison, sent.id, assess("MEDIUM"));
    expect(await statusOf(openRequest(coordinator, sent.id))).toBe(404);
    await recordRiskAssessment(liaison, sent.id, assess("MEDIUM", { childConcern: true }));
    expect((await openRequest(coordinator, sent.id)).may.overrideConsent).toBe(true);
    const form = {
      reason: "Fictional: a child disclosed at school.",
      tellEmployee: "no" as const,
      withheldReason: "Fictional: telling them now would alert the person harming them.",
    };
    expect((await rejected(recordOverride(coordinator, sent.id, { ...form, ground: "HIGH_RISK_OF_HARM" }))).ground).toMatch(/child at risk only/);
    await recordOverride(coordinator, sent.id, { ...form, ground: "CHILD_AT_RISK" });
    const override = await prisma.safeguardingOverride.findFirstOrThrow({ where: { requestId: sent.id } });
    expect(override.expiresAt.getTime()).toBeGreaterThan(override.recordedAt.getTime());
    expect(await prisma.quietRead.count({ where: { requestId: sent.id } })).toBe(1);
  });

  it("a safety-plan measure's review date reminds the person who sees to it and the employee by their safe route only, once per date", async () => {
    const { prisma } = use();
    const safe = await sendRequest("kelStaff", ["WORK_EMAIL"]);
    const unsafe = await sendRequest("pcPenhallow", ["PORTAL_ONLY"]);
    const measure = (employee: string, requestId: string) =>
      prisma.safetyMeasure.create({
        data: {
          employeeId: person(employee),
          requestId,
          kind: "RECEPTION",
          ownerId: person("callHandler"),
          reviewOn: new Date("2027-03-01T00:00:00Z"),
          proposedById: person(employee),
        },
      });
    const withSafeRoute = await measure("kelStaff", safe.id);
    await measure("pcPenhallow", unsafe.id);
    const [owner, kel, penhallow] = [await mailTo("callHandler"), await mailTo("kelStaff"), await mailTo("pcPenhallow")];
    expect((await runRiskItemPass(prisma, new Date("2027-02-28T12:00:00Z"))).reviewsReminded).toBe(0);
    expect((await runRiskItemPass(prisma, new Date("2027-03-01T07:00:00Z"))).reviewsReminded).toBe(2);
    expect(await mailTo("callHandler")).toBe(owner + 2);
    expect(await mailTo("kelStaff")).toBe(kel + 1);
    expect(await mailTo("pcPenhallow")).toBe(penhallow);
    expect((await runRiskItemPass(prisma, new Date("2027-03-02T07:00:00Z"))).reviewsReminded).toBe(0);
    // A new review date is reminded again.
    await prisma.safetyMeasure.update({ where: { id: withSafeRoute.id }, data: { reviewOn: new Date("2027-04-01T00:00:00Z") } });
    expect((await runRiskItemPass(prisma, new Date("2027-04-01T07:00:00Z"))).reviewsReminded).toBe(1);
  });
});
