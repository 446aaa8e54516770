import { afterEach, expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { refreshEnv } from "~/config/env.server";
import { checkRequestForm } from "~/models/support-request/request-form";
import { saveRequest } from "~/models/support-request/request.server";
import { recordRiskAssessment } from "~/models/support-request/risk.server";
import { acknowledgeRequest } from "~/models/support-request/work.server";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { runRiskItemPass } from "./item-scheduler.server";
import { openItems } from "./items.server";

const HOUR = 3_600_000;

describeEachDatabase("risk notices: who is told, where the link points, and the configured windows", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));
  const mailsTo = async (key: string) => {
    const { workEmail } = await use().prisma.person.findUniqueOrThrow({ where: { id: person(key) }, select: { workEmail: true } });
    return use().prisma.outboxMessage.findMany({ where: { toAddress: workEmail }, orderBy: { createdAt: "asc" }, select: { text: true } });
  };
  const sendRequest = async () => {
    const services = Object.fromEntries((await use().prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    const form = checkRequestForm(
      { serviceId: services.STAFF_IDVA, safeChannels: ["PORTAL_ONLY"], termsAccepted: "on" },
      "send",
      new Set(Object.values(services)),
    );
    if (!form.ok) throw new Error("form");
    return saveRequest(await contextFor("kelStaff"), { form: form.form, send: true });
  };
  const high = { answers: {}, yesCount: 0, scored: "STANDARD" as const, level: "HIGH" as const, rationale: "Fictional: raised on judgement." };

  afterEach(() => {
    delete process.env.RISK_THREAT_TO_LIFE_HOURS;
    delete process.env.RISK_REMIND_AT_PERCENT;
    refreshEnv();
  });

  it("tells duty inspectors only of inspector rank or above, and points every risk notice at the deadlines page", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    // A sergeant outside the employee's chain who holds the duty-inspector role.
    await prisma.roleAssignment.create({ data: { personId: person("ashSergeant"), role: "DUTY_INSPECTOR" } });
    const sent = await sendRequest();
    const liaison = await contextFor("idvaLiaison");
    await acknowledgeRequest(liaison, sent.id);
    const [inspector, sergeant] = [(await mailsTo("ashDutyInspector")).length, (await mailsTo("ashSergeant")).length];
    await recordRiskAssessment(liaison, sent.id, high);
    expect((await mailsTo("ashDutyInspector")).length).toBe(inspector + 1);
    expect((await mailsTo("ashSergeant")).length).toBe(sergeant);

    // The threat-to-life item is reminded and escalated by the pass: still never to the sergeant.
    const ttl = await prisma.riskItem.findFirstOrThrow({ where: { requestId: sent.id, kind: "THREAT_TO_LIFE" } });
    const idvaBefore = (await mailsTo("idvaLiaison")).length;
    await runRiskItemPass(prisma, new Date(ttl.remindAt.getTime() + 1000));
    await runRiskItemPass(prisma, new Date(ttl.dueAt.getTime() + 1000));
    expect((await mailsTo("ashSergeant")).length).toBe(sergeant);
    const toInspector = (await mailsTo("ashDutyInspector")).slice(inspector);
    expect(toInspector.length).toBeGreaterThanOrEqual(2);
    for (const mail of toInspector) {
      expect(mail.text).toContain("/support/deadlines");
      expect(mail.text).not.toContain("/support/queue");
    }
    // The service's own item (the IDVA's answer) reminds the supporter with the same link, once its time comes.
    const idva = await prisma.riskItem.findFirstOrThrow({ where: { requestId: sent.id, kind: "IDVA" } });
    await runRiskItemPass(prisma, new Date(idva.remindAt.getTime() + 1000));
    const toLiaison = (await mailsTo("idvaLiaison")).slice(idvaBefore);
    expect(toLiaison.length).toBeGreaterThan(0);
    expect(toLiaison.every((mail) => mail.text.includes("/support/deadlines"))).toBe(true);
  });

  it("honours the configured window and reminder point (RISK_THREAT_TO_LIFE_HOURS, RISK_REMIND_AT_PERCENT)", async () => {
    const { prisma } = use();
    const sent = await sendRequest();
    process.env.RISK_THREAT_TO_LIFE_HOURS = "2";
    process.env.RISK_REMIND_AT_PERCENT = "75";
    refreshEnv();
    const now = new Date("2027-02-03T09:00:00Z");
    await prisma.$transaction((tx) => openItems(tx, { requestId: sent.id }, ["THREAT_TO_LIFE"], { now }));
    const item = await prisma.riskItem.findFirstOrThrow({ where: { requestId: sent.id, kind: "THREAT_TO_LIFE" } });
    expect(item.dueAt.getTime() - now.getTime()).toBe(2 * HOUR);
    expect(item.remindAt.getTime() - now.getTime()).toBe(1.5 * HOUR);
    // A value outside the safe range stops the portal with the variable's name, rather than being used.
    process.env.RISK_REMIND_AT_PERCENT = "100";
    refreshEnv();
    await expect(prisma.$transaction((tx) => openItems(tx, { requestId: sent.id }, ["IDVA"], { now }))).rejects.toThrow(/RISK_REMIND_AT_PERCENT/);
  });
});
