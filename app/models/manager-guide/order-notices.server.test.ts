import { expect, it } from "vitest";
import { defineAbilityFor } from "#policies/ability";
import { accessScope } from "~/access/guard.server";
import { appendAudit } from "~/utils/audit.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { commanderFor, createOrderNotice, listNotices, OrderNoticeSchema, recordNoticeSeen, sendOrderNotice } from "./order-notices.server";

describeEachDatabase("notices of court orders", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const form = OrderNoticeSchema.parse({
    kind: "CHILD_CONTACT_RESTRICTION",
    madeOn: "2026-10-01",
    details: "Fictional: supervised contact only, for six months.",
  });

  it("reaches the employee's commander and PSD by content-free mail, and nobody else", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const before = await prisma.outboxMessage.count();
    const notice = await prisma.$transaction((tx) => createOrderNotice(tx, person("pcMistryOake"), form));
    expect(notice.toCommander).toBe(true);
    const saved = await prisma.personalOrderNotice.findUniqueOrThrow({ where: { id: notice.id } });
    expect(saved.commanderId).toBe(person("ashCommander"));
    const mail = await prisma.outboxMessage.findMany({ skip: before, orderBy: { createdAt: "asc" } });
    const psd = await prisma.person.findMany({ where: { roles: { some: { role: { in: ["PSD_OFFICER", "HEAD_OF_PSD"] } } } }, select: { workEmail: true } });
    const commander = await prisma.person.findUniqueOrThrow({ where: { id: person("ashCommander") }, select: { workEmail: true } });
    expect(mail.map((m) => m.toAddress).sort()).toEqual([commander.workEmail, ...psd.map((p) => p.workEmail)].sort());
    for (const m of mail) expect(`${m.subject} ${m.text}`).not.toMatch(/order|contact|child|Mistry/i);
  });

  it("keeps its audit rows out of the general audit trail that administrators and PSD read", async () => {
    const { prisma } = use();
    const notice = await prisma.personalOrderNotice.findFirstOrThrow();
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        actorId: notice.personId,
        action: "order-notice.create",
        subjectType: "PersonalOrderNotice",
        subjectId: notice.id,
        outcome: "SUCCESS",
      }),
    );
    for (const key of ["admin", "psdInspector"]) {
      const found = await prisma.person.findUniqueOrThrow({ where: { id: person(key) }, include: { roles: true } });
      const ability = defineAbilityFor({ ...found, roles: found.roles.map((r) => r.role) });
      expect(await prisma.auditEvent.count({ where: { AND: [accessScope(ability, "read", "AuditEvent"), { subjectId: notice.id }] } }), key).toBe(0);
    }
  });

  it("goes to a commander's own line manager when the employee commands their unit", async () => {
    const { prisma } = use();
    // The area commanders report to the deputy chief constable (the seed since live conflicts, ADR 024).
    expect(await commanderFor(prisma, person("ashCommander"))).toEqual({ id: person("dcc") });
    expect(await commanderFor(prisma, person("pcPenhallow"))).toEqual({ id: person("ashCommander") });
  });

  it("refuses a date that is not on the calendar or not in a sensible range, with the reason", () => {
    for (const madeOn of ["2026-02-30", "0001-01-01", "2026-13-01", "02/03/2026"]) {
      const parsed = OrderNoticeSchema.safeParse({ kind: "CIVIL_ORDER", madeOn, details: "Fictional." });
      expect(parsed.success, madeOn).toBe(false);
      expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message), madeOn).toEqual(["Enter a real date, for example 2026-11-02"]);
    }
    expect(OrderNoticeSchema.safeParse({ kind: "CIVIL_ORDER", madeOn: "2024-02-29", details: "Fictional." }).success).toBe(true);
  });

  it("refuses a date in the future and empty details, with the reason", () => {
    const parsed = OrderNoticeSchema.safeParse({ kind: "CIVIL_ORDER", madeOn: `${new Date().getUTCFullYear() + 1}-01-01`, details: " " });
    expect(parsed.success).toBe(false);
    const messages = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    expect(messages).toEqual(expect.arrayContaining(["The date cannot be in the future", "Give the details your commander needs"]));
  });

  const contextFor = (key: string) => contextForPerson(use().prisma, person(key));
  const lastAudit = (key: string) => use().prisma.auditEvent.findFirstOrThrow({ where: { actorId: person(key) }, orderBy: { id: "desc" } });

  it("is sent in the signed-in person's own name, with its audit row, and listed only to them, their commander and PSD", async () => {
    const { prisma } = use();
    const sent = await sendOrderNotice(await contextFor("pcPenhallow"), form);
    expect(sent.toCommander).toBe(true);
    expect(await prisma.personalOrderNotice.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({
      personId: person("pcPenhallow"),
      commanderId: person("ashCommander"),
    });
    expect(await lastAudit("pcPenhallow")).toMatchObject({
      action: "order-notice.create",
      subjectType: "PersonalOrderNotice",
      subjectId: sent.id,
      outcome: "SUCCESS",
    });

    for (const key of ["pcPenhallow", "ashCommander", "psdInspector"]) {
      expect(
        (await listNotices(await contextFor(key))).map((notice) => notice.id),
        key,
      ).toContain(sent.id);
      expect(await lastAudit(key)).toMatchObject({ action: "access.list", subjectType: "PersonalOrderNotice", outcome: "ALLOWED" });
    }
    for (const key of ["pcMistryOake", "ashSergeant", "admin"]) {
      expect(
        (await listNotices(await contextFor(key))).map((notice) => notice.id),
        key,
      ).not.toContain(sent.id);
    }
  });

  it("records that the commander and PSD have seen it, and answers 'not found' to anyone else, the employee included, changing nothing", async () => {
    const { prisma } = use();
    const sent = await sendOrderNotice(await contextFor("pcPenhallow"), form);
    const seen = () =>
      prisma.personalOrderNotice.findUniqueOrThrow({ where: { id: sent.id }, select: { seenByCommanderAt: true, seenByPsdAt: true, seenByPsdId: true } });

    for (const key of ["pcPenhallow", "pcMistryOake", "admin"]) {
      expect(await statusOf(recordNoticeSeen(await contextFor(key), sent.id)), key).toBe(404);
      expect(await lastAudit(key)).toMatchObject({ action: "order-notice.seen", subjectId: sent.id, outcome: "REFUSED" });
    }
    expect(await seen()).toEqual({ seenByCommanderAt: null, seenByPsdAt: null, seenByPsdId: null });

    await recordNoticeSeen(await contextFor("ashCommander"), sent.id);
    expect(await lastAudit("ashCommander")).toMatchObject({ action: "order-notice.seen", subjectId: sent.id, outcome: "SUCCESS" });
    expect(await seen()).toMatchObject({ seenByCommanderAt: expect.any(Date), seenByPsdAt: null });

    await recordNoticeSeen(await contextFor("psdInspector"), sent.id);
    expect(await seen()).toMatchObject({ seenByCommanderAt: expect.any(Date), seenByPsdAt: expect.any(Date), seenByPsdId: person("psdInspector") });

    const missing = "00000000-0000-4000-8000-0000000000ac";
    expect(await statusOf(recordNoticeSeen(await contextFor("psdInspector"), missing))).toBe(404);
    expect(await lastAudit("psdInspector")).toMatchObject({ action: "order-notice.seen", subjectId: missing, outcome: "FAILURE" });
  });
});
