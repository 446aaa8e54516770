import { beforeAll, expect, it } from "vitest";
import { defineAbilityFor } from "#policies/ability";
import { accessScope } from "~/access/guard.server";
import { appendAudit } from "~/utils/audit.server";
import { describeEachDatabase } from "../../tests/support/database";
import { makePerson, makeUnit } from "../../tests/support/factories";
import { commanderFor, createOrderNotice, OrderNoticeSchema } from "./order-notice.server";

describeEachDatabase("notices of court orders", (use) => {
  // An ACC over a unit's commander, two constables of the unit (line-managed by a sergeant), an administrator and PSD.
  const ids: Record<string, string> = {};
  const person = (key: string) => ids[key]!;

  beforeAll(async () => {
    const { prisma } = use();
    ids.acc = (await makePerson(prisma, { rank: "ASSISTANT_CHIEF_CONSTABLE" })).id;
    ids.ashCommander = (await makePerson(prisma, { rank: "CHIEF_SUPERINTENDENT", lineManagerId: ids.acc })).id;
    const unit = await makeUnit(prisma, { kind: "BCU", commanderId: ids.ashCommander });
    await prisma.person.update({ where: { id: ids.ashCommander }, data: { unitId: unit.id } });
    const sergeant = (await makePerson(prisma, { rank: "SERGEANT", unitId: unit.id })).id;
    ids.pcMistryOake = (await makePerson(prisma, { firstName: "Jordan", lastName: "Mistry-Oake", unitId: unit.id, lineManagerId: sergeant })).id;
    ids.pcPenhallow = (await makePerson(prisma, { unitId: unit.id, lineManagerId: sergeant })).id;
    ids.admin = (await makePerson(prisma, { employeeType: "STAFF", roles: ["ADMINISTRATOR"] })).id;
    ids.psdInspector = (await makePerson(prisma, { rank: "INSPECTOR", roles: ["PSD_OFFICER"] })).id;
    await makePerson(prisma, { rank: "SUPERINTENDENT", roles: ["HEAD_OF_PSD"] });
  });
  const form = OrderNoticeSchema.parse({ kind: "CHILD_CONTACT_RESTRICTION", madeOn: "2026-10-01", details: "Fictional: supervised contact only, for six months." });

  it("reaches the employee's commander and PSD by content-free mail, and nobody else", async () => {
    const { prisma } = use();
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
    await prisma.$transaction((tx) => appendAudit(tx, { actorId: notice.personId, action: "order-notice.create", subjectType: "PersonalOrderNotice", subjectId: notice.id, outcome: "SUCCESS" }));
    for (const key of ["admin", "psdInspector"]) {
      const found = await prisma.person.findUniqueOrThrow({ where: { id: person(key) }, include: { roles: true } });
      const ability = defineAbilityFor({ ...found, roles: found.roles.map((r) => r.role) });
      expect(await prisma.auditEvent.count({ where: { AND: [accessScope(ability, "read", "AuditEvent"), { subjectId: notice.id }] } }), key).toBe(0);
    }
  });

  it("goes to a commander's own line manager when the employee commands their unit", async () => {
    const { prisma } = use();
    expect(await commanderFor(prisma, person("ashCommander"))).toEqual({ id: person("acc") });
    expect(await commanderFor(prisma, person("pcPenhallow"))).toEqual({ id: person("ashCommander") });
  });

  it("refuses a date in the future and empty details, with the reason", () => {
    const parsed = OrderNoticeSchema.safeParse({ kind: "CIVIL_ORDER", madeOn: "2999-01-01", details: " " });
    expect(parsed.success).toBe(false);
    const messages = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    expect(messages).toEqual(expect.arrayContaining(["The date cannot be in the future", "Give the details your commander needs"]));
  });
});
