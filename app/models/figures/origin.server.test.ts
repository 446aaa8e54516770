// Admissions counted (issue 18: "how they were received, including admissions"): police-suspect cases by origin
// (ADR 035) on a data set with known answers, on PGlite and PostgreSQL, suppressed like every other figure.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { CaseOrigin } from "~/generated/prisma/enums";
import { describeEachDatabase } from "../../../tests/support/database";
import { homeForce, makePerson, makeUnit } from "../../../tests/support/factories";
import { contextForPerson } from "../../../tests/support/people";
import { recovered } from "../../../tests/support/suppression-attack";
import { computeFigures, monthStarts, yearWindow } from "./compute";
import { readFacts } from "./facts.server";
import { figuresCsv, monitoringFigures } from "./figures.server";

const NOW = new Date("2026-12-06T12:00:00Z");

// Area A: January 8 reports and 6 admissions through the portal, February 5 admissions heard by a manager.
// Area B: January 7 reports, March 5 admissions through the portal. No count from 1 to 4 anywhere, so all is shown:
//   whole force, by origin: January 15 / 6 / 0, February 0 / 0 / 5, March 0 / 5 / 0; the year 15 / 11 / 5, 31 in all.
describeEachDatabase("monitoring figures: cases by origin, admissions included", (use) => {
  let seq = 0;
  async function build() {
    const { prisma } = use();
    const force = await homeForce(prisma);
    const areaA = await makeUnit(prisma, { forceId: force.id, name: "Origin Area A (fictional)", kind: "BCU" });
    const areaB = await makeUnit(prisma, { forceId: force.id, name: "Origin Area B (fictional)", kind: "BCU" });
    const psd = await makePerson(prisma, { roles: ["PSD_OFFICER"], level: 3, rank: "INSPECTOR" });
    const reporter = await makePerson(prisma);
    const suspect = await makePerson(prisma);
    const addCases = async (n: number, c: { day: string; area: string; origin: CaseOrigin }) => {
      for (let k = 0; k < n; k++) {
        seq += 1;
        const at = new Date(`${c.day}T10:00:00Z`);
        await prisma.policeSuspectCase.create({
          data: {
            id: randomUUID(),
            reference: `ORG-${String(seq).padStart(4, "0")}`,
            // An admission through the portal is sent by the suspect (ADR 035).
            reportedById: c.origin === "ADMISSION_BY_EMPLOYEE" ? suspect.id : reporter.id,
            reportedAt: at,
            receivedHow: "IN_PERSON",
            receivedAt: at,
            origin: c.origin,
            suspectPersonId: suspect.id,
            suspectForceId: force.id,
            victimKind: "MEMBER_OF_PUBLIC",
            childrenInvolved: false,
            immediateDanger: false,
            account: "Fictional account for the origin figures test.",
            areaUnitId: c.area,
          },
        });
      }
    };
    await addCases(8, { day: "2026-01-12", area: areaA.id, origin: "REPORT" });
    await addCases(6, { day: "2026-01-14", area: areaA.id, origin: "ADMISSION_BY_EMPLOYEE" });
    await addCases(5, { day: "2026-02-09", area: areaA.id, origin: "ADMISSION_HEARD" });
    await addCases(7, { day: "2026-01-20", area: areaB.id, origin: "REPORT" });
    await addCases(5, { day: "2026-03-03", area: areaB.id, origin: "ADMISSION_BY_EMPLOYEE" });
    return { prisma, areaA, areaB, psd, addCases };
  }

  let data: Awaited<ReturnType<typeof build>>;
  const originTable = async (area = "all") => {
    const page = await monitoringFigures(await contextForPerson(data.prisma, data.psd.id), { year: 2026, area }, NOW);
    return page.sources.find((source) => source.source === "cases")!.tables.find((table) => table.id === "case-origin")!;
  };
  const column = (table: { columns: { key: string }[] }, key: string) => table.columns.findIndex((c) => c.key === key);

  it("counts reports and both kinds of admission by month, for the force and for one area, as the hand-computed table says", async () => {
    data = await build();
    const table = await originTable();
    expect(table.columns.map((c) => c.key)).toEqual(["REPORT", "ADMISSION_BY_EMPLOYEE", "ADMISSION_HEARD"]);
    expect(table.rows.slice(0, 4).map((row) => [...row.cells, row.total])).toEqual([
      [15, 6, 0, 21],
      [0, 0, 5, 5],
      [0, 5, 0, 5],
      [0, 0, 0, 0],
    ]);
    expect([...table.totals.cells, table.totals.total]).toEqual([15, 11, 5, 31]);
    const areaA = await originTable(data.areaA.id);
    expect([...areaA.totals.cells, areaA.totals.total]).toEqual([8, 6, 5, 19]);
  });

  it("hides a small count of admissions with its complements, in the table and its CSV, and nothing gives it back", async () => {
    await data.addCases(2, { day: "2026-04-08", area: data.areaB.id, origin: "ADMISSION_HEARD" });
    const table = await originTable();
    const april = table.rows[3]!;
    expect(april.cells[column(table, "ADMISSION_HEARD")]).toBeNull();
    // No published count from 1 to 4, anywhere in the table.
    const published = [...table.rows.flatMap((row) => [...row.cells, row.total]), ...table.totals.cells, table.totals.total];
    expect(published.filter((value) => value !== null && value > 0 && value < 5)).toEqual([]);
    const csv = await figuresCsv(await contextForPerson(data.prisma, data.psd.id), { year: 2026, area: "all", table: "case-origin" }, NOW);
    expect(csv?.split("\r\n")[0]).toContain("An admission by the suspect, heard by the person who recorded it");
    expect(csv?.split("\r\n")[4]).toMatch(/^April,.*\[c\]/);
    // The adversary, with every table of the cases (every area and the whole force), recovers nothing.
    const facts = await readFacts(data.prisma, data.psd.id, { ...yearWindow(2026), monthStarts: monthStarts(2026), now: NOW });
    const units = [data.areaA, data.areaB].map((unit) => ({ id: unit.id, name: unit.name })).sort((x, y) => x.name.localeCompare(y.name));
    for (const source of computeFigures(facts, units).sources) expect(recovered(source.cubes), source.source).toEqual([]);
  });
});
