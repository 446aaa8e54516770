import { expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { consentLedger, OverrideSchema, recordOverride } from "./consent.server";
import { requestHistory } from "./messages.server";
import { checkRequestForm } from "./request-form";
import { openRequest, saveRequest } from "./request.server";
import { checkRiskForm, latestRisk, recordRiskAssessment, riskQuestions, scoredRiskLevel } from "./risk.server";

describeEachDatabase("risk assessment and the safeguarding override", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));

  it("scores from the force's checklist (data), lets judgement raise but never lower, and at high risk refers and tells the safeguarding leads", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const questions = await riskQuestions(prisma);
    expect(questions.length).toBeGreaterThan(5);
    expect(scoredRiskLevel(0, 14)).toBe("STANDARD");
    expect(scoredRiskLevel(4, 14)).toBe("MEDIUM");
    expect(scoredRiskLevel(7, 14)).toBe("HIGH");
    const answers = (yes: number) => Object.fromEntries(questions.map((question, index) => [`q-${question.id}`, index < yes ? "yes" : "no"]));
    const lowered = checkRiskForm({ ...answers(7), judgement: "MEDIUM" }, questions);
    expect(lowered.ok ? "" : lowered.errors.judgement).toMatch(/may raise the level, not lower it/);
    const raisedWithoutReason = checkRiskForm({ ...answers(0), judgement: "HIGH" }, questions);
    expect(raisedWithoutReason.ok ? "" : raisedWithoutReason.errors.rationale).toMatch(/rationale/);
    const missing = checkRiskForm({}, questions);
    expect(missing.ok ? 0 : Object.keys(missing.errors).length).toBe(questions.length);

    const services = Object.fromEntries((await prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    const employee = await contextFor("kelStaff");
    const form = checkRequestForm(
      { serviceId: services.STAFF_IDVA, safeChannels: ["PORTAL_ONLY"], termsAccepted: "on" },
      "send",
      new Set(Object.values(services)),
    );
    if (!form.ok) throw new Error("form");
    const sent = await saveRequest(employee, { form: form.form, send: true });
    const liaison = await contextFor("idvaLiaison");
    const coordinator = await contextFor("daCoordinatorOfficer");
    expect(await statusOf(openRequest(coordinator, sent.id))).toBe(404);
    // Someone without the assessor role cannot record one.
    expect(
      await statusOf(
        recordRiskAssessment(await contextFor("welfare"), sent.id, { answers: {}, yesCount: 0, scored: "STANDARD", level: "STANDARD", rationale: "" }),
      ),
    ).toBe(404);

    const raised = checkRiskForm({ ...answers(1), judgement: "HIGH", rationale: "Fictional: threats escalated this week." }, questions);
    if (!raised.ok) throw new Error(JSON.stringify(raised.errors));
    const leadsMailBefore = await prisma.outboxMessage.count({ where: { toAddress: "grace.ellerby@northshire.police.invalid" } });
    await recordRiskAssessment(liaison, sent.id, raised);
    const stored = await prisma.riskAssessment.findFirstOrThrow({ where: { requestId: sent.id } });
    expect(stored).toMatchObject({ scoredLevel: "STANDARD", level: "HIGH", idvaReferral: true, maracReferral: true });
    expect(await prisma.outboxMessage.count({ where: { toAddress: "grace.ellerby@northshire.police.invalid" } })).toBe(leadsMailBefore + 1);
    // The safeguarding lead now sees that it exists, not its content, until an override is recorded.
    const shell = await openRequest(coordinator, sent.id);
    expect(shell.may.overrideConsent).toBe(true);
    expect(shell.wanted).toBeNull();
    expect(shell.safeContact).toBeNull();
    expect(shell.identity).toBeNull();
    // Not the line manager.
    expect(await statusOf(openRequest(await contextFor("kelDutyInspector"), sent.id))).toBe(404);

    await recordOverride(coordinator, sent.id, {
      ground: "HIGH_RISK_OF_HARM",
      reason: "Fictional: high risk assessed.",
      tellEmployee: "yes",
      withheldReason: "",
    });
    expect((await openRequest(coordinator, sent.id)).identity?.name).toBe("Ffion Gwilliam");
    const ledger = await consentLedger(employee, sent.id);
    expect(ledger.overrides.map((row) => row.reason)).toEqual(["Fictional: high risk assessed."]);
    expect(ledger.opened.map((row) => row.who)).toContain("Grace Ellerby");
    expect((await latestRisk(employee, sent.id))?.level).toBe("HIGH");
  });

  it("records an override the employee is not told of, with why, and keeps that person out of everything the employee sees", async () => {
    const { prisma } = use();
    const services = Object.fromEntries((await prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    const employee = await contextFor("pcMistryOake");
    const form = checkRequestForm({ serviceId: services.WELFARE, safeChannels: ["WORK_EMAIL"], termsAccepted: "on" }, "send", new Set(Object.values(services)));
    if (!form.ok) throw new Error("form");
    const sent = await saveRequest(employee, { form: form.form, send: true });
    const coordinator = await contextFor("daCoordinatorStaff");
    // No override before the request is assessed as high risk: the coordinator finds nothing to act on.
    expect(
      await statusOf(recordOverride(coordinator, sent.id, { ground: "CHILD_AT_RISK", reason: "Fictional.", tellEmployee: "yes", withheldReason: "" })),
    ).toBe(404);
    const welfare = await contextFor("welfare");
    await prisma.riskAssessment.create({
      data: {
        requestId: sent.id,
        assessorId: welfare.actor.id,
        answers: {},
        yesCount: 0,
        scoredLevel: "STANDARD",
        level: "HIGH",
        rationale: "Fictional: professional judgement, a child is at risk.",
      },
    });
    expect(OverrideSchema.safeParse({ ground: "CHILD_AT_RISK", reason: "Fictional.", tellEmployee: "no" }).success).toBe(false);
    const mailBefore = await prisma.outboxMessage.count({ where: { toAddress: "jordan.mistry-oake@northshire.police.invalid" } });
    await recordOverride(coordinator, sent.id, {
      ground: "CHILD_AT_RISK",
      reason: "Fictional: a child is at risk.",
      tellEmployee: "no",
      withheldReason: "Fictional: the other parent reads their messages.",
    });
    await openRequest(coordinator, sent.id);
    expect(await prisma.outboxMessage.count({ where: { toAddress: "jordan.mistry-oake@northshire.police.invalid" } })).toBe(mailBefore);
    const ledger = await consentLedger(employee, sent.id);
    expect(ledger.overrides).toEqual([]);
    expect(ledger.opened.map((row) => row.who)).not.toContain("Owen Pritchard-Hale");
    expect(await requestHistory(employee, sent.id)).toEqual([expect.objectContaining({ kind: "SUBMITTED" })]);
    const stored = await prisma.safeguardingOverride.findFirstOrThrow({ where: { requestId: sent.id } });
    expect(stored).toMatchObject({ tellEmployee: false, withheldReason: "Fictional: the other parent reads their messages." });
    // Without the role: the welfare officer the request was sent to may read it but not override (403); anyone else
    // finds nothing (404).
    expect(
      await statusOf(recordOverride(await contextFor("welfare"), sent.id, { ground: "CHILD_AT_RISK", reason: "x", tellEmployee: "yes", withheldReason: "" })),
    ).toBe(403);
    expect(
      await statusOf(recordOverride(await contextFor("pcDuxbury"), sent.id, { ground: "CHILD_AT_RISK", reason: "x", tellEmployee: "yes", withheldReason: "" })),
    ).toBe(404);
  });
});
