// One side's database for `npm run bench -- --compare` (bench/compare.ts): migrated by that revision's own migrations
// and filled by that revision's own generators, so that two revisions whose schemas differ are measured on the same
// data. compare.ts runs this file in each revision's directory with its own tsx; for an older revision it copies this
// file there first, so it may only use what both revisions have: the generators' signatures as of fa865e0.
//
//   tsx bench/lib/fill-side.ts <database URL> '<JSON: people, auditRows, cases, entriesPerCase, psdEmails, reporterEmail>'
//
// Prints one line of JSON: the counts and the reference of the sample case.
import "./production-env.ts";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { seedDemoOrganisation } from "../../prisma/seed.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { insertBenchCases } from "./cases.ts";
import { countRows, fillAuditTrail, insertBenchPeople, settle } from "./db.ts";

interface FillSettings {
  people: number;
  auditRows: number;
  cases: number;
  entriesPerCase: number;
  psdEmails: string[];
  reporterEmail: string;
}

const [url, json] = process.argv.slice(2);
if (!url || !json) throw new Error("usage: tsx bench/lib/fill-side.ts <database URL> <settings as JSON>");
const settings = JSON.parse(json) as FillSettings;

await applyMigrations({ databaseUrl: url });
const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
try {
  await seedDemoOrganisation(client);
} finally {
  await client.$disconnect();
}
if ((await countRows(url, "person")) < settings.people) await insertBenchPeople(url, settings.people);
const audit = await fillAuditTrail(url, settings.auditRows);
const cases = await insertBenchCases(url, {
  cases: settings.cases,
  entriesPerCase: settings.entriesPerCase,
  psdEmails: settings.psdEmails,
  reporterEmail: settings.reporterEmail,
});
await settle(url);
console.log(
  JSON.stringify({
    people: await countRows(url, "person"),
    auditRows: audit.totalRows,
    cases: cases.cases,
    accessEntries: cases.accessEntries,
    sampleReference: cases.sampleReference,
  }),
);
