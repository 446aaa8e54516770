// The figures on a generated data set whose answers were worked out by hand (below), on PGlite and PostgreSQL:
// counts per area and month, medians and 90th percentiles, repeat victims, the hiding of a cell that holds a case
// the viewer is conflicted on, the audited CSV, and the refusal of someone without the right.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../../tests/support/database";
import { homeForce, makePerson, makeUnit } from "../../../tests/support/factories";
import { contextForPerson } from "../../../tests/support/people";
import { recovered } from "../../../tests/support/suppression-attack";
import { figuresCsv, monitoringFigures } from "./figures.server";

const NOW = new Date("2026-12-06T12:00:00Z");
const HOUR = 3_600_000;
const at = (day: string, hours = 0) => new Date(new Date(`${day}T10:00:00Z`).getTime() + hours * HOUR);

// The hand-computed table. Area A: 10 cases in January 2026 (victims V1–V10), 6 in February. Area B: 5 in January,
// 8 in March, all about suspect S_B, whose line manager is M. Earlier cases: V1–V5 each in June 2025 (so their January
// cases are repeats: 5 repeat victims), V6 in December 2024 (over 12 months before: not a repeat).
// Hours to the supervising officer: A-January 1…10, B-January 20 each. Hours to full referral: A-January 10…19.
//   whole force, January: supervisor n=15, median 8, p90 20; full referral n=10, median 14.5, p90 18.1
//   area A, January: supervisor median 5.5, p90 9.1
describeEachDatabase("monitoring figures on a data set with known answers", (use) => {
  async function build() {
    const { prisma } = use();
    const force = await homeForce(prisma);
    const areaA = await makeUnit(prisma, { forceId: force.id, name: "Area A (fictional)", kind: "BCU" });
    const areaB = await makeUnit(prisma, { forceId: force.id, name: "Area B (fictional)", kind: "BCU" });
    const psd = await makePerson(prisma, { roles: ["PSD_OFFICER"], level: 3, rank: "INSPECTOR" });
    const reporter = await makePerson(prisma);
    const manager = await makePerson(prisma, { roles: ["PSD_OFFICER"], rank: "SERGEANT", level: 2 });
    const suspectA = await makePerson(prisma);
    const suspectB = await makePerson(prisma, { lineManagerId: manager.id });
    const constable = await makePerson(prisma);
    const victims = await Promise.all(Array.from({ length: 40 }, () => makePerson(prisma)));
    await prisma.person.updateMany({ where: { id: { in: victims.map((v) => v.id) } }, data: { gender: "WOMAN", ethnicity: "WHITE" } });
    let n = 0;
    const addCase = async (c: { at: Date; area: string; suspect: string; victim: string; supervisorHours?: number; fullHours?: number }) => {
      const id = randomUUID();
      n += 1;
      await prisma.policeSuspectCase.create({
        data: {
          id,
          reference: `FIG-${String(n).padStart(4, "0")}`,
          reportedById: reporter.id,
          reportedAt: c.at,
          receivedHow: "IN_PERSON",
          receivedAt: c.at,
          suspectPersonId: c.suspect,
          suspectForceId: force.id,
          victimKind: "EMPLOYEE",
          victimPersonId: c.victim,
          childrenInvolved: false,
          immediateDanger: false,
          account: "Fictional account for the figures test.",
          areaUnitId: c.area,
        },
      });
      if (c.supervisorHours !== undefined)
        await prisma.referralStep.create({
          data: {
            caseId: id,
            stage: 1,
            role: "SUPERVISING_OFFICER",
            state: "ACKNOWLEDGED",
            createdAt: c.at,
            sentAt: c.at,
            acknowledgedAt: new Date(c.at.getTime() + c.supervisorHours * HOUR),
          },
        });
      if (c.fullHours !== undefined)
        await prisma.referralStep.create({
          data: {
            caseId: id,
            stage: 2,
            role: "PROFESSIONAL_STANDARDS",
            state: "ACKNOWLEDGED",
            createdAt: c.at,
            sentAt: c.at,
            acknowledgedAt: new Date(c.at.getTime() + c.fullHours * HOUR),
          },
        });
    };
    for (let v = 0; v < 5; v++) await addCase({ at: at("2025-06-15"), area: areaA.id, suspect: suspectA.id, victim: victims[v]!.id });
    await addCase({ at: at("2024-12-20"), area: areaA.id, suspect: suspectA.id, victim: victims[5]!.id });
    for (let k = 0; k < 10; k++)
      await addCase({
        at: at(`2026-01-${String(k + 5).padStart(2, "0")}`),
        area: areaA.id,
        suspect: suspectA.id,
        victim: victims[k]!.id,
        supervisorHours: k + 1,
        fullHours: k + 10,
      });
    for (let k = 0; k < 6; k++)
      await addCase({ at: at(`2026-02-${String(k + 3).padStart(2, "0")}`), area: areaA.id, suspect: suspectA.id, victim: victims[10 + k]!.id });
    for (let k = 0; k < 5; k++) await addCase({ at: at("2026-01-20"), area: areaB.id, suspect: suspectB.id, victim: victims[16 + k]!.id, supervisorHours: 20 });
    for (let k = 0; k < 8; k++) await addCase({ at: at("2026-03-11"), area: areaB.id, suspect: suspectB.id, victim: victims[21 + k]!.id });
    return { prisma, areaA, areaB, psd, manager, constable };
  }

  let data: Awaited<ReturnType<typeof build>>;

  it("counts cases per area and month as the hand-computed table says, and times the referral chain", async () => {
    data = await build();
    const context = await contextForPerson(data.prisma, data.psd.id);
    const page = await monitoringFigures(context, { year: 2026, area: "all" }, NOW);
    const cases = page.sources.find((source) => source.source === "cases")!;
    const a = page.areas.findIndex((area) => area.key === data.areaA.id);
    const b = page.areas.findIndex((area) => area.key === data.areaB.id);
    const month = (label: string) => cases.byArea.rows.find((row) => row.label === label)!;
    expect([month("January").cells[a], month("February").cells[a], month("March").cells[a]]).toEqual([10, 6, 0]);
    expect([month("January").cells[b], month("February").cells[b], month("March").cells[b]]).toEqual([5, 0, 8]);
    expect([month("January").total, month("February").total, month("March").total, month("April").total]).toEqual([15, 6, 8, 0]);
    expect(cases.byArea.totals.total).toBe(29);
    expect(page.repeatVictims).toBe(5);
    // Referral steps, counted in the database: two for each of area A's January cases, one for each of area B's.
    const steps = page.sources.find((source) => source.source === "steps")!.tables[0]!;
    expect(steps.rows[0]!.total).toBe(25);
    expect(steps.rows[0]!.cells[steps.columns.findIndex((column) => column.key === "in-time")]).toBe(25);
    const january = page.timings[0]!;
    expect(january.supervisor).toEqual({ count: 15, median: 8, p90: 20 });
    expect(january.fullReferral).toEqual({ count: 10, median: 14.5, p90: 18.1 });

    const areaA = await monitoringFigures(context, { year: 2026, area: data.areaA.id }, NOW);
    expect(areaA.timings[0]!.supervisor).toEqual({ count: 10, median: 5.5, p90: 9.1 });
    const track = areaA.sources[0]!.tables.find((table) => table.id === "case-received")!;
    expect(track.totals.total).toBe(16);
    // Figures for 2025: the six earlier cases, a count above 4 with no small cell beside it.
    const earlier = await monitoringFigures(context, { year: 2025, area: "all" }, NOW);
    expect(earlier.sources[0]!.byArea.rows.find((row) => row.label === "June")!.total).toBe(5);
    expect(earlier.sources[0]!.byArea.rows.find((row) => row.label === "January")!.total).toBe(0);
  });

  it("hides, from the suspect's line manager, every count small enough to point to the cases they are conflicted on", async () => {
    const conflicted = await contextForPerson(data.prisma, data.manager.id);
    const page = await monitoringFigures(conflicted, { year: 2026, area: "all" }, NOW);
    const b = page.areas.findIndex((area) => area.key === data.areaB.id);
    const cases = page.sources[0]!.byArea;
    expect(cases.rows[0]!.cells[b]).toBeNull();
    expect(cases.rows[2]!.cells[b]).toBeNull();
    // What the line manager is shown does not give the hidden cells back.
    const { computeFigures } = await import("./compute");
    const { readFacts } = await import("./facts.server");
    const { monthStarts, yearWindow } = await import("./compute");
    const facts = await readFacts(data.prisma, data.manager.id, { ...yearWindow(2026), monthStarts: monthStarts(2026), now: NOW });
    const units = page.areas.filter((area) => area.key !== "other").map((area) => ({ id: area.key, name: area.label }));
    for (const source of computeFigures(facts, units).sources) expect(recovered(source.cubes), source.source).toEqual([]);
  });

  it("downloads a table as CSV, with hidden cells as [c], and audits the download; refuses and audits someone without the right", async () => {
    const context = await contextForPerson(data.prisma, data.psd.id);
    const csv = await figuresCsv(context, { year: 2026, area: "all", table: "cases-area" }, NOW);
    expect(csv?.split("\r\n")[1]).toBe("January,10,5,0,15");
    const exported = await data.prisma.auditEvent.findFirst({ where: { action: "figures.export", actorId: data.psd.id }, orderBy: { id: "desc" } });
    expect(exported?.outcome).toBe("ALLOWED");
    expect(JSON.parse(exported!.details!)).toMatchObject({ table: "cases-area", year: 2026 });

    const constable = await contextForPerson(data.prisma, data.constable.id);
    await expect(monitoringFigures(constable, { year: 2026, area: "all" }, NOW)).rejects.toMatchObject({ status: 403 });
    await expect(figuresCsv(constable, { year: 2026, area: "all", table: "cases-area" }, NOW)).rejects.toMatchObject({ status: 403 });
    const refused = await data.prisma.auditEvent.count({ where: { actorId: data.constable.id, outcome: "REFUSED", action: { startsWith: "figures." } } });
    expect(refused).toBe(2);
  });
});
