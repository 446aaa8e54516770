import { expect, it } from "vitest";
import { exportMyData } from "../support-request/export.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { testPeople, type TestPeople } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { queueDueReminders } from "./conversation-reminders.server";
import {
  conversationFormSchema,
  listConversationsAbout,
  listOwnConversations,
  readDirectReport,
  readOwnConversation,
  recordConversation,
  respondToConversation,
  type ConversationForm,
} from "./conversations.server";
import { coverablePoints, readGuide, updateGuideSection } from "./guide.server";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const form = (followUpOn: Date | null = null): ConversationForm => ({
  heldOn: day("2026-11-27"),
  pointsCovered: ["always", "support"],
  supportOffered: "Staff IDVA service; occupational health.",
  agreed: "Flexible start times for a month.",
  followUpOn,
  nothingAboutAbuse: "on",
});

describeEachDatabase("conversation records", (use) => {
  let people: TestPeople;

  async function setUp() {
    if (people) return people;
    people = await testPeople(use().prisma, "Conversation Test");
    await people.add("chief", { roles: ["DUTY_INSPECTOR"] });
    await people.add("manager", { lineManager: "chief" });
    await people.add("otherManager", { lineManager: "chief" });
    await people.add("employee", { lineManager: "manager", pronouns: "they/them" });
    await people.add("colleague", { lineManager: "manager" });
    await people.add("admin", { roles: ["ADMINISTRATOR"] });
    return people;
  }

  it("lets a manager record a conversation for their direct report, and the employee see it", async () => {
    const { ids, contextFor } = await setUp();
    const manager = await contextFor("manager");
    expect((await readDirectReport(manager, ids.employee!)).pronouns).toBe("they/them");
    const id = await recordConversation(manager, ids.employee!, form());
    const audit = await use().prisma.auditEvent.findFirst({ where: { action: "conversation.record" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ subjectId: id, outcome: "SUCCESS", actorId: ids.manager });
    expect(audit?.details).not.toContain("IDVA");

    const mine = await listOwnConversations(await contextFor("employee"));
    expect(mine.map((record) => record.id)).toEqual([id]);
    expect(mine[0]!.pointsCovered).toEqual(["What to always do", "Support you can offer"]);
    expect((await listConversationsAbout(manager, ids.employee!)).map((record) => record.id)).toEqual([id]);
    // The employee's own data export carries it; the manager's does not.
    const exported = await exportMyData(await contextFor("employee"));
    expect(exported.conversationRecords.map((record) => record.pointsCovered)).toEqual([["always", "support"]]);
    expect((await exportMyData(manager)).conversationRecords).toEqual([]);
  });

  it("refuses a manager recording for someone who is not their report, audited, as not found", async () => {
    const { ids, contextFor } = await setUp();
    const before = await use().prisma.conversationRecord.count();
    for (const [who, about] of [
      ["otherManager", "employee"],
      ["chief", "employee"], // the manager's manager: not a direct report
      ["admin", "employee"],
      ["colleague", "employee"],
      ["employee", "employee"],
      ["manager", "chief"],
    ] as const) {
      expect(await statusOf(recordConversation(await contextFor(who), ids[about]!, form())), `${who} for ${about}`).toBe(404);
      expect(await statusOf(readDirectReport(await contextFor(who), ids[about]!)), `${who} reads ${about}`).toBe(404);
    }
    expect(await statusOf(recordConversation(await contextFor("manager"), "00000000-0000-4000-8000-00000000dead", form()))).toBe(404);
    expect(await use().prisma.conversationRecord.count()).toBe(before);
    const refusals = await use().prisma.auditEvent.count({ where: { action: "conversation.record", outcome: "REFUSED" } });
    expect(refusals).toBe(6);
  });

  it("shows the records to nobody else: the manager's manager, another manager, a colleague, an administrator", async () => {
    const { ids, contextFor } = await setUp();
    const [record] = await listOwnConversations(await contextFor("employee"));
    for (const who of ["chief", "otherManager", "colleague", "admin"]) {
      const context = await contextFor(who);
      expect(await listConversationsAbout(context, ids.employee!), who).toEqual([]);
      expect(await statusOf(readOwnConversation(context, record!.id)), who).toBe(404);
      expect(await statusOf(respondToConversation(context, record!.id, { intent: "comment", body: "x" })), who).toBe(404);
    }
  });

  it("lets the employee agree and comment, and the manager see both; the manager cannot respond for them", async () => {
    const { ids, contextFor } = await setUp();
    const employee = await contextFor("employee");
    const [record] = await listOwnConversations(employee);
    await respondToConversation(employee, record!.id, { intent: "agree" });
    await respondToConversation(employee, record!.id, { intent: "comment", body: "Thank you, that is right." });
    const [seen] = await listConversationsAbout(await contextFor("manager"), ids.employee!);
    expect(seen!.agreedAt).not.toBeNull();
    expect(seen!.comments.map((comment) => comment.body)).toEqual(["Thank you, that is right."]);
    expect(await statusOf(respondToConversation(await contextFor("manager"), record!.id, { intent: "agree" }))).toBe(404);
  });

  it("withdraws a record the employee asks to remove: content erased, out of the manager's sight, a tombstone for the employee", async () => {
    const { ids, contextFor } = await setUp();
    const manager = await contextFor("manager");
    const id = await recordConversation(manager, ids.employee!, form());
    const employee = await contextFor("employee");
    await respondToConversation(employee, id, { intent: "comment", body: "Please take this down." });
    await respondToConversation(employee, id, { intent: "remove", confirm: "on" });
    expect((await listConversationsAbout(manager, ids.employee!)).map((record) => record.id)).not.toContain(id);
    const tombstone = await readOwnConversation(employee, id);
    expect(tombstone).toMatchObject({ withdrawnAt: expect.any(String), supportOffered: "", agreed: "", pointsCovered: [], comments: [] });
    expect(await statusOf(respondToConversation(employee, id, { intent: "comment", body: "again" }))).toBe(404);
    const audit = await use().prisma.auditEvent.findFirst({ where: { action: "conversation.remove", subjectId: id } });
    expect(audit?.outcome).toBe("SUCCESS");
  });

  it("takes sight away from a manager when the employee moves to another manager", async () => {
    const { ids, contextFor } = await setUp();
    const { prisma } = use();
    await prisma.person.update({ where: { id: ids.employee }, data: { lineManagerId: ids.otherManager } });
    try {
      expect(await listConversationsAbout(await contextFor("manager"), ids.employee!)).toEqual([]);
      expect(await statusOf(readDirectReport(await contextFor("manager"), ids.employee!))).toBe(404);
      expect(await statusOf(recordConversation(await contextFor("manager"), ids.employee!, form()))).toBe(404);
      // The new manager does not inherit the old manager's records.
      expect(await listConversationsAbout(await contextFor("otherManager"), ids.employee!)).toEqual([]);
      expect((await listOwnConversations(await contextFor("employee"))).length).toBeGreaterThan(0);
    } finally {
      await prisma.person.update({ where: { id: ids.employee }, data: { lineManagerId: ids.manager } });
    }
  });

  it("validates the form: no date in the future, only the guide's points, a confirmation that nothing about the abuse is written", async () => {
    const { prisma } = use();
    const schema = conversationFormSchema(Object.keys(await coverablePoints(prisma)), day("2026-11-30"));
    const result = schema.safeParse({ heldOn: "2026-12-01", pointsCovered: ["always", "made-up"], supportOffered: "", agreed: "x", followUpOn: "2026-11-29" });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((issue) => issue.path[0]));
    expect([...fields].sort()).toEqual(["followUpOn", "heldOn", "nothingAboutAbuse", "pointsCovered", "supportOffered"]);
    expect(schema.safeParse({ heldOn: "2026-11-30", supportOffered: "None", agreed: "None", nothingAboutAbuse: "on" }).success).toBe(true);
  });

  it("sends the manager one content-free reminder before the follow-up, with two scheduler instances and across a restart", async () => {
    const { ids, contextFor } = await setUp();
    const { prisma, openAnotherClient } = use();
    const manager = await contextFor("manager");
    const soon = await recordConversation(manager, ids.employee!, form(day("2026-12-03")));
    const later = await recordConversation(manager, ids.employee!, form(day("2026-12-20")));
    const now = new Date("2026-12-01T09:00:00Z");
    const other = await openAnotherClient();
    try {
      const counts = await Promise.all([queueDueReminders({ prisma, now, daysBefore: 2 }), queueDueReminders({ prisma: other.prisma, now, daysBefore: 2 })]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await other.close();
    }
    // "Restart": a fresh run later the same day finds nothing more to send.
    expect(await queueDueReminders({ prisma, now: new Date("2026-12-01T18:00:00Z"), daysBefore: 2 })).toBe(0);
    const mails = await prisma.outboxMessage.findMany({ where: { toAddress: { startsWith: "manager@" } } });
    expect(mails).toHaveLength(1);
    expect(`${mails[0]!.subject} ${mails[0]!.text}`).not.toMatch(/employee|conversation|abuse|IDVA|Fictional/i);
    const rows = await prisma.conversationRecord.findMany({ where: { id: { in: [soon, later] } }, select: { id: true, reminderQueuedAt: true } });
    expect(rows.find((row) => row.id === soon)?.reminderQueuedAt).not.toBeNull();
    expect(rows.find((row) => row.id === later)?.reminderQueuedAt).toBeNull();
    // The lead time is configurable: seven days ahead reaches the later follow-up at once.
    expect(await queueDueReminders({ prisma, now: new Date("2026-12-13T09:00:00Z"), daysBefore: 7 })).toBe(1);
  });

  it("does not remind a manager who no longer manages the employee, nor about a removed record", async () => {
    const { ids, contextFor } = await setUp();
    const { prisma } = use();
    const manager = await contextFor("manager");
    const moved = await recordConversation(manager, ids.employee!, form(day("2027-01-10")));
    const removed = await recordConversation(manager, ids.colleague!, form(day("2027-01-10")));
    await respondToConversation(await contextFor("colleague"), removed, { intent: "remove", confirm: "on" });
    await prisma.person.update({ where: { id: ids.employee }, data: { lineManagerId: ids.otherManager } });
    try {
      const mailsBefore = await prisma.outboxMessage.count();
      expect(await queueDueReminders({ prisma, now: new Date("2027-01-09T09:00:00Z"), daysBefore: 2 })).toBe(0);
      expect(await prisma.outboxMessage.count()).toBe(mailsBefore);
      const skipped = await prisma.auditEvent.findFirst({ where: { action: "conversation.reminder", subjectId: moved } });
      expect(skipped).toMatchObject({ outcome: "FAILURE", reason: "skipped: no longer their line manager" });
      expect(await prisma.auditEvent.count({ where: { action: "conversation.reminder", subjectId: removed } })).toBe(0);
    } finally {
      await prisma.person.update({ where: { id: ids.employee }, data: { lineManagerId: ids.manager } });
    }
  });
});

describeEachDatabase("the conversation guide", (use) => {
  it("is in the database from the migration, and an administrator's edit is a new, audited version", async () => {
    const people = await testPeople(use().prisma, "Guide Test");
    await people.add("admin", { roles: ["ADMINISTRATOR"] });
    await people.add("manager");
    const guide = await readGuide(await people.contextFor("manager"));
    expect(guide.map((section) => section.key)).toEqual(
      expect.arrayContaining(["signs", "prepare", "opening-questions", "always", "never", "workplace-safety", "child-at-risk", "danger", "police-employee"]),
    );
    const always = guide.find((section) => section.key === "always")!;

    expect(await statusOf(updateGuideSection(await people.contextFor("manager"), always.id, { title: "x", body: "y", version: always.version }))).toBe(403);
    const admin = await people.contextFor("admin");
    await updateGuideSection(admin, always.id, { title: "What to always do", body: "- Listen, and believe them.", version: always.version });
    // A second save from the same (now stale) form is refused rather than overwriting the first.
    await expect(updateGuideSection(admin, always.id, { title: "Stale", body: "Stale", version: always.version })).rejects.toMatchObject({
      name: "ChangeRejected",
    });

    const { prisma } = use();
    const saved = await prisma.guideSection.findUniqueOrThrow({ where: { id: always.id }, include: { revisions: { orderBy: { version: "asc" } } } });
    expect(saved).toMatchObject({ version: 2, body: "- Listen, and believe them." });
    expect(saved.revisions.map((revision) => revision.version)).toEqual([1, 2]);
    expect(await prisma.auditEvent.count({ where: { action: "guide.section.update", outcome: "SUCCESS", subjectId: always.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "guide.section.update", outcome: "REFUSED" } })).toBe(1);
    await expect(use().rawSql(`UPDATE "guide_section_revision" SET "body" = 'tampered'`)).rejects.toThrow(/append-only/);
  });
});
