import { expect, it } from "vitest";
import { describeEachDatabase } from "../../../tests/support/database";
import { testPeople, type TestPeople } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { formatDateTime } from "~/utils/dates";
import { addIncident, annotateIncident, incidentFormSchema, incidentsCsv, listOwnIncidents, readIncident } from "./incident-log.server";
import { exportMyData } from "../support-request/export.server";

describeEachDatabase("the incident log", (use) => {
  let people: TestPeople;
  let entryId: string;

  async function setUp() {
    if (people) return people;
    people = await testPeople(use().prisma, "Incident Test");
    await people.add("manager");
    await people.add("employee", { lineManager: "manager" });
    await people.add("admin", { roles: ["ADMINISTRATOR"] });
    await people.add("psd", { roles: ["HEAD_OF_PSD"] });
    const employee = await people.contextFor("employee");
    const form = incidentFormSchema(new Date("2026-12-01T12:00:00Z")).parse({
      occurredOn: "2026-11-28",
      occurredTime: "08:15",
      kind: "CALL",
      whatHappened: '=HYPERLINK("x") Called the front desk three times asking for my shift.',
      witnesses: "A. Fictional, reception",
    });
    entryId = await addIncident(employee, form);
    return people;
  }

  it("keeps an entry for the employee alone, with its notes", async () => {
    const { contextFor } = await setUp();
    const employee = await contextFor("employee");
    await annotateIncident(employee, entryId, "Reception logged the number as well.");
    const [entry] = await listOwnIncidents(employee);
    expect(entry).toMatchObject({ id: entryId, kind: "CALL", occurredAt: "2026-11-28T08:15:00.000Z", witnesses: "A. Fictional, reception" });
    expect(entry!.annotations.map((note) => note.body)).toEqual(["Reception logged the number as well."]);
    for (const who of ["manager", "admin", "psd"]) {
      const context = await contextFor(who);
      expect(await listOwnIncidents(context), who).toEqual([]);
      expect(await statusOf(readIncident(context, entryId)), who).toBe(404);
      expect(await statusOf(annotateIncident(context, entryId, "not theirs")), who).toBe(404);
    }
    const refusals = await use().prisma.auditEvent.count({ where: { subjectId: entryId, outcome: "REFUSED" } });
    expect(refusals).toBe(6);
    expect(await use().prisma.auditEvent.count({ where: { action: "incident.create", subjectId: entryId, outcome: "SUCCESS" } })).toBe(1);
  });

  it("is in the employee's own data export, and in nobody else's", async () => {
    const { contextFor } = await setUp();
    const mine = await exportMyData(await contextFor("employee"));
    expect(mine.incidentLog.map((entry) => entry.witnesses)).toEqual(["A. Fictional, reception"]);
    expect(mine.incidentLog[0]!.annotations.map((note) => note.body)).toContain("Reception logged the number as well.");
    const managers = await exportMyData(await contextFor("manager"));
    expect(managers.incidentLog).toEqual([]);
  });

  it("cannot be altered or deleted, even with SQL behind the portal's back", async () => {
    await setUp();
    const { rawSql, prisma } = use();
    await expect(rawSql(`UPDATE "incident_entry" SET "whatHappened" = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(rawSql(`DELETE FROM "incident_entry"`)).rejects.toThrow(/append-only/);
    await expect(rawSql(`TRUNCATE "incident_entry" CASCADE`)).rejects.toThrow(/append-only/);
    await expect(rawSql(`UPDATE "incident_annotation" SET "body" = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(rawSql(`DELETE FROM "incident_annotation"`)).rejects.toThrow(/append-only/);
    await expect(prisma.incidentEntry.update({ where: { id: entryId }, data: { witnesses: "nobody" } })).rejects.toThrow();
    await expect(prisma.incidentEntry.delete({ where: { id: entryId } })).rejects.toThrow();
    const entry = await prisma.incidentEntry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry.witnesses).toBe("A. Fictional, reception");
  });

  it("exports as CSV that a spreadsheet will not run as a formula", async () => {
    const { contextFor } = await setUp();
    const csv = incidentsCsv(await listOwnIncidents(await contextFor("employee"), "export"), formatDateTime);
    const [header, row] = csv.split("\r\n");
    expect(header).toContain("What happened");
    expect(row).toContain(`"'=HYPERLINK(""x"") Called the front desk`);
    expect(row).toContain("28 Nov 2026, 08:15:00");
  });

  it("refuses a date or time that is not real, or in the future", () => {
    const schema = incidentFormSchema(new Date("2026-12-01T12:00:00Z"));
    const fieldOf = (input: Record<string, string>) =>
      schema.safeParse({ kind: "VISIT", whatHappened: "x", ...input }).error?.issues.map((issue) => issue.path[0]);
    expect(fieldOf({ occurredOn: "2026-02-30", occurredTime: "10:00" })).toEqual(["occurredOn"]);
    expect(fieldOf({ occurredOn: "2026-11-30", occurredTime: "10.00am" })).toEqual(["occurredTime"]);
    expect(fieldOf({ occurredOn: "2026-12-02", occurredTime: "10:00" })).toEqual(["occurredOn"]);
    expect(fieldOf({ occurredOn: "2026-11-30", occurredTime: "10:00" })).toBeUndefined();
  });
});
