// Experiment (not part of `npm run bench`): how much of the monitoring figures small-number suppression hides on the
// demo history (prisma/seed-history.ts), and how long it takes. An in-memory PGlite with the demo organisation and
// about `cases-per-day` × 725 fictional cases; for this year and last, per table: hidden cells of all (interior and
// totals), then the year's row of the cases-by-area table as the page shows it.
//
//   npx tsx bench/experiments/figures-suppression.ts [--cases-per-day=0.3]
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { computeFigures, monthStarts, yearWindow } from "../../app/models/figures/compute.ts";
import { readFacts } from "../../app/models/figures/facts.server.ts";
import { headlineSlots, planeIndices } from "../../app/models/figures/suppression.ts";
import { seedDemoOrganisation } from "../../prisma/seed.ts";
import { seedDemoHistory } from "../../prisma/seed-history.ts";
import { HOME_FORCE, UNITS } from "../../prisma/seed-data.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { recovered } from "../../tests/support/suppression-attack.ts";

const casesPerDay = Number(process.argv.find((arg) => arg.startsWith("--cases-per-day="))?.split("=")[1] ?? 0.3);
const pglite = new PGlite();
await applyMigrations({ pglite });
const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
try {
  const summary = await seedDemoOrganisation(prisma, { passwordHash: "not-a-hash" });
  const areas = UNITS.filter((unit) => unit.force === HOME_FORCE.key && (unit.kind === "BCU" || unit.kind === "OCU"));
  const history = await seedDemoHistory(
    prisma,
    { forceId: summary.ids.forces[HOME_FORCE.key]!, units: areas.map((unit) => summary.ids.units[unit.key]!) },
    { casesPerDay },
  );
  console.log(`${history.cases} cases, ${history.supportRequests} support requests, ${history.alerts} alerts`);
  const head = await prisma.person.findFirstOrThrow({ where: { roles: { some: { role: "HEAD_OF_PSD" } } } });
  const units = await prisma.unit.findMany({
    where: { force: { isHome: true }, kind: { in: ["BCU", "OCU"] } },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const thisYear = new Date().getUTCFullYear();
  for (const year of [thisYear - 1, thisYear]) {
    const facts = await readFacts(prisma, head.id, { ...yearWindow(year), monthStarts: monthStarts(year), now: new Date() });
    const started = performance.now();
    const computed = computeFigures(facts, units);
    const took = performance.now() - started;
    console.log(`\n${year}: computed and suppressed in ${took.toFixed(0)} ms`);
    for (const source of computed.sources) {
      source.cubes.forEach((cube, n) => {
        const nonZero = cube.counts.filter((count) => count > 0).length;
        const hidden = cube.hidden.filter(Boolean).length;
        console.log(`  ${source.breakdowns[n]!.id.padEnd(24)} hidden ${String(hidden).padStart(4)} of ${String(nonZero).padStart(4)} non-zero cells`);
      });
      const attack = recovered(source.cubes);
      if (attack.length > 0) console.log(`  ATTACK on ${source.source}: ${attack.join("; ")}`);
      // Each hidden headline cell of 5 or more, shown alone: what the adversary then recovers.
      const cubes = source.cubes;
      if (cubes.length === 0) continue;
      for (const k of headlineSlots(cubes[0]!)) {
        const cells = cubes.map((cube) => planeIndices(cube)[k]!);
        if (!cubes[0]!.hidden[cells[0]!] || cubes[0]!.counts[cells[0]!]! < 5) continue;
        cubes.forEach((cube, n) => (cube.hidden[cells[n]!] = false));
        const found = recovered(cubes);
        cubes.forEach((cube, n) => (cube.hidden[cells[n]!] = true));
        console.log(
          `  ${source.source}: headline cell ${k} (${cubes[0]!.counts[cells[0]!]}) hidden; shown, it gives away ${found.length} cells, e.g. ${found[0] ?? "none"}`,
        );
      }
    }
    const cases = computed.forArea(computed.areas.length).sources[0]!.byArea;
    const show = (value: number | null) => (value === null ? "[c]" : String(value));
    console.log(
      `  cases by area, the year: ${cases.columns.map((c, i) => `${c.label} ${show(cases.totals.cells[i]!)}`).join(", ")}, total ${show(cases.totals.total)}`,
    );
  }
} finally {
  await prisma.$disconnect();
  await pglite.close();
}
