import { expect, it } from "vitest";
import { defineAbilityFor } from "#policies/ability";
import { openCase, recordBreakGlass } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { recordDeclaration } from "~/models/cases/declarations.server";
import { recordOverride } from "~/models/support-request/consent.server";
import { checkRequestForm } from "~/models/support-request/request-form";
import { openRequest, saveRequest } from "~/models/support-request/request.server";
import { ChangeRejected } from "~/utils/forms";
import { fictionalIntake } from "../../../tests/support/cases";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { OVERRIDE_HOURS, quietReadsForReview, readQuietRead, reviewQuietRead } from "./quiet-reads.server";

const HOUR = 3_600_000;
const NS = "northshire.police.invalid";

describeEachDatabase("oversight of quiet reads: silent overrides, break-glass and PSD reading its own", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));
  /** The same person's request context, as built at another moment (the rules judge expiries against it). */
  const later = (context: RequestContext, hours: number): RequestContext => ({
    ...context,
    ability: defineAbilityFor({ ...context.actor, now: new Date(Date.now() + hours * HOUR) }),
  });
  const awaitingFor = async (context: RequestContext) => (await quietReadsForReview(context)).awaiting;

  /** A request by `employee` to welfare, assessed as high risk (a child at risk). */
  async function highRiskRequest(employee: string) {
    const { prisma } = use();
    const services = Object.fromEntries((await prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    const form = checkRequestForm({ serviceId: services.WELFARE, safeChannels: ["WORK_EMAIL"], termsAccepted: "on" }, "send", new Set(Object.values(services)));
    if (!form.ok) throw new Error("form");
    const sent = await saveRequest(await contextFor(employee), { form: form.form, send: true });
    await prisma.riskAssessment.create({
      data: { requestId: sent.id, assessorId: person("welfare"), answers: {}, yesCount: 0, scoredLevel: "STANDARD", level: "HIGH", rationale: "Fictional." },
    });
    return sent.id;
  }

  it("a silent override is on PSD's list at once, mailed to PSD without content, expires, and is reviewed only by someone not involved", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const requestId = await highRiskRequest("pcMistryOake");
    const coordinator = await contextFor("daCoordinatorStaff");
    const outboxBefore = await prisma.outboxMessage.count();
    const reason = "Fictional: a child is at risk tonight.";
    await recordOverride(coordinator, requestId, {
      ground: "CHILD_AT_RISK",
      reason,
      tellEmployee: "no",
      withheldReason: "Fictional: the other parent reads their mail.",
    });

    // PSD sees it at once: who, when, why, for how long, and that the employee was not told.
    const psd = await contextFor("psdInspector");
    const [entry, ...others] = await awaitingFor(psd);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      kind: "Safeguarding override",
      who: "Owen Pritchard-Hale",
      what: "A child is at risk",
      reason,
      hiddenFromEmployee: true,
      expired: false,
    });
    expect(new Date(entry!.expiresAt!).getTime() - new Date(entry!.startedAt).getTime()).toBe(OVERRIDE_HOURS * HOUR);

    // The alert: one mail to each PSD reviewer, none to the employee or the coordinator, with a link and no content.
    const mail = await prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" }, skip: outboxBefore });
    expect(mail.map((message) => message.toAddress).sort()).toEqual([
      `callum.ferrisby@${NS}`,
      `helena.brackenridge@${NS}`,
      `niamh.oakridge@${NS}`,
      `rowena.quickfield@${NS}`,
    ]);
    for (const message of mail) {
      const text = `${message.subject} ${message.text} ${message.html}`;
      expect(text).toContain(`/oversight/quiet-reads/${entry!.id}`);
      expect(text).not.toMatch(/Mistry-Oake|Jordan|Pritchard-Hale|child|risk|tonight|safeguard|abuse/i);
    }

    // The coordinator reads the request while the override lasts, and as without it once it has expired.
    expect((await openRequest(coordinator, requestId)).identity?.name).toBeTruthy();
    const afterExpiry = later(coordinator, OVERRIDE_HOURS + 1);
    const expired = await openRequest(afterExpiry, requestId);
    expect([expired.identity, expired.wanted, expired.safeContact]).toEqual([null, null, null]);
    expect(expired.may.overrideConsent).toBe(true);

    // The coordinator (the reader) and the employee (the person read) cannot see or review the entry: "not found".
    for (const key of ["daCoordinatorStaff", "pcMistryOake", "pcDuxbury"]) {
      const context = await contextFor(key);
      expect(await statusOf(readQuietRead(context, entry!.id)), key).toBe(404);
      expect(await statusOf(reviewQuietRead(context, entry!.id, { outcome: "JUSTIFIED", note: "Fictional.", version: 1 })), key).toBe(404);
    }
    // Nor the NPCC officer: PSD reviews an override by someone outside PSD of someone outside PSD.
    expect(await awaitingFor(await contextFor("acc"))).toEqual([]);

    // PSD records the outcome, audited; it is recorded once.
    await reviewQuietRead(psd, entry!.id, { outcome: "NOT_JUSTIFIED_REFERRED", note: "Fictional: no risk to a child was recorded.", version: 1 });
    const reviewed = await readQuietRead(await contextFor("psdHead"), entry!.id);
    expect(reviewed).toMatchObject({ outcome: "Not justified: referred for misconduct", reviewedBy: "Callum Ferrisby" });
    await expect(reviewQuietRead(await contextFor("psdHead"), entry!.id, { outcome: "JUSTIFIED", note: "x", version: 1 })).rejects.toBeInstanceOf(
      ChangeRejected,
    );
    // Every attempt is audited: the three refused ones, and the review.
    const audit = await prisma.auditEvent.findMany({ where: { action: "quietRead.review", subjectId: entry!.id }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.actorId, row.outcome])).toEqual([
      [person("daCoordinatorStaff"), "REFUSED"],
      [person("pcMistryOake"), "REFUSED"],
      [person("pcDuxbury"), "REFUSED"],
      [person("psdInspector"), "SUCCESS"],
    ]);
    expect(await statusOf(readQuietRead(coordinator, entry!.id))).toBe(404);
    // Nobody erases or rewrites the entry behind the portal's back, not even with SQL.
    await expect(use().rawSql(`DELETE FROM "quiet_read" WHERE "id" = '${entry!.id}'`)).rejects.toThrow(/append-only/);
    await expect(use().rawSql(`UPDATE "quiet_read" SET "outcome" = 'JUSTIFIED', "reason" = '' WHERE "id" = '${entry!.id}'`)).rejects.toThrow(
      /only recording its review/,
    );
    expect(await prisma.quietRead.count({ where: { id: entry!.id, reason } })).toBe(1);
  });

  it("an override of a PSD officer's request is reviewed by the NPCC officer, never by PSD", async () => {
    const requestId = await highRiskRequest("psdInvestigator");
    await recordOverride(await contextFor("daCoordinatorOfficer"), requestId, {
      ground: "HIGH_RISK_OF_HARM",
      reason: "Fictional: high risk.",
      tellEmployee: "no",
      withheldReason: "Fictional.",
    });
    const npcc = (await awaitingFor(await contextFor("acc"))).filter((row) => row.who === "Grace Ellerby");
    expect(npcc).toHaveLength(1);
    for (const key of ["psdInspector", "psdHead", "psdInvestigator"])
      expect(
        (await awaitingFor(await contextFor(key))).filter((row) => row.who === "Grace Ellerby"),
        key,
      ).toEqual([]);
  });

  it("lists a break-glass with its expiry, and a PSD officer's read of a PSD colleague's case for the NPCC officer", async () => {
    const { prisma } = use();
    // The suspect is a PSD investigator; her chain (the head of PSD) is conflicted, her colleague Callum is not.
    const created = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person("psdInvestigator")) }),
    );
    const coordinator = await contextFor("daCoordinatorOfficer");
    await prisma.$transaction((tx) => recordBreakGlass(coordinator, tx, created.id, "Fictional: a child is at risk.", 4));
    const npcc = await contextFor("acc");
    const glass = (await awaitingFor(npcc)).find((row) => row.kind === "Emergency (break-glass) access" && row.reference === created.reference);
    expect(glass).toMatchObject({ who: "Grace Ellerby", reason: "Fictional: a child is at risk.", expired: false });
    expect(new Date(glass!.expiresAt!).getTime() - new Date(glass!.startedAt).getTime()).toBe(4 * HOUR);

    // Callum (PSD) declares and reads his colleague's case: the NPCC officer's list shows it, PSD's does not.
    await prisma.$transaction((tx) => recordDeclaration(tx, created.id, person("psdInspector"), { hasConnection: "no", connections: [], details: "" }));
    const callum = await contextFor("psdInspector");
    const toNpcc = { toAddress: `tobias.wrenfield@${NS}`, text: { contains: "/oversight/quiet-reads/" } };
    const mailBefore = await prisma.outboxMessage.findMany({ where: toNpcc, select: { id: true } });
    expect((await openCase(callum, created.reference)).stance.kind).toBe("read");
    await openCase(callum, created.reference);
    const reads = (await awaitingFor(npcc)).filter((row) => row.kind.startsWith("Read by professional standards") && row.reference === created.reference);
    expect(reads.map((row) => [row.who, row.what])).toEqual([
      ["Callum Ferrisby", "access.read"],
      ["Callum Ferrisby", "access.read"],
    ]);
    // The NPCC officer is told once while reads await review, without content.
    const npccMail = await prisma.outboxMessage.findMany({ where: { ...toNpcc, id: { notIn: mailBefore.map((row) => row.id) } } });
    expect(npccMail).toHaveLength(1);
    for (const message of npccMail) expect(`${message.subject} ${message.text}`).not.toMatch(new RegExp(`${created.reference}|Oakridge|Ferrisby`, "i"));
    // The reader, the suspect and the conflicted head of PSD see none of it.
    for (const key of ["psdInspector", "psdInvestigator", "psdHead"]) {
      const rows = (await awaitingFor(await contextFor(key))).filter((row) => row.reference === created.reference);
      expect(rows, key).toEqual([]);
      expect(await statusOf(readQuietRead(await contextFor(key), reads[0]!.id)), key).toBe(404);
    }
    // A PSD officer's read of a case whose suspect is not in PSD is no quiet read.
    const ordinary = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person("pcDuxbury")) }),
    );
    await prisma.$transaction((tx) => recordDeclaration(tx, ordinary.id, person("psdInspector"), { hasConnection: "no", connections: [], details: "" }));
    expect((await openCase(callum, ordinary.reference)).stance.kind).toBe("read");
    expect(await prisma.quietRead.count({ where: { caseId: ordinary.id } })).toBe(0);
    await reviewQuietRead(npcc, reads[0]!.id, { outcome: "JUSTIFIED", note: "Fictional: his work on the case.", version: 1 });
    expect((await quietReadsForReview(npcc)).reviewed.map((row) => row.id)).toContain(reads[0]!.id);
  });
  it("nobody above the reader in line management sees or reviews their read: for them it is not found, and they are not mailed", async () => {
    const { prisma } = use();
    // The coordinator now reports to the head of PSD (a reorganisation, as the line chain is now: ADR 024).
    const coordinatorId = person("daCoordinatorStaff");
    const { lineManagerId } = await prisma.person.findUniqueOrThrow({ where: { id: coordinatorId }, select: { lineManagerId: true } });
    await prisma.person.update({ where: { id: coordinatorId }, data: { lineManagerId: person("psdHead") } });
    try {
      const requestId = await highRiskRequest("pcPenhallow");
      const outboxBefore = await prisma.outboxMessage.count();
      await recordOverride(await contextFor("daCoordinatorStaff"), requestId, {
        ground: "CHILD_AT_RISK",
        reason: "Fictional.",
        tellEmployee: "no",
        withheldReason: "Fictional.",
      });
      const entry = (await awaitingFor(await contextFor("psdInspector"))).find((row) => row.who === "Owen Pritchard-Hale");
      expect(entry).toBeDefined();
      const mail = await prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" }, skip: outboxBefore });
      expect(mail.map((message) => message.toAddress).sort()).toEqual([`callum.ferrisby@${NS}`, `niamh.oakridge@${NS}`, `rowena.quickfield@${NS}`]);

      const manager = await contextFor("psdHead");
      expect((await awaitingFor(manager)).map((row) => row.id)).not.toContain(entry!.id);
      expect(await statusOf(readQuietRead(manager, entry!.id))).toBe(404);
      expect(await statusOf(reviewQuietRead(manager, entry!.id, { outcome: "JUSTIFIED", note: "Fictional.", version: 1 }))).toBe(404);
      const audit = await prisma.auditEvent.findMany({ where: { subjectId: entry!.id, actorId: person("psdHead") }, orderBy: { id: "asc" } });
      expect(audit.map((row) => [row.action, row.outcome])).toEqual([
        ["access.read", "REFUSED"],
        ["quietRead.review", "REFUSED"],
      ]);
      // Someone in PSD outside the reader's chain reviews it.
      await reviewQuietRead(await contextFor("psdInspector"), entry!.id, { outcome: "JUSTIFIED", note: "Fictional.", version: 1 });
    } finally {
      await prisma.person.update({ where: { id: coordinatorId }, data: { lineManagerId } });
    }
  });
});
