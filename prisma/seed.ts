// Loads the FICTIONAL demo organisation (prisma/seed-data.ts) into the database.
//
//   npx tsx prisma/seed.ts                 (npm run db:seed) DATABASE_URL, or the embedded database in ./data
//   npx tsx prisma/seed.ts --write-docs    rewrite docs/demo-accounts.md from the seed data; no database
//
// Idempotent: if the home force already exists, nothing is written. Otherwise everything goes in one transaction.
// Apply the migrations first (npm run db:migrate).
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadDatabaseConfig } from "../app/config/database.ts";
import { openDatabase } from "../app/db.server.ts";
import type { PrismaClient } from "../app/generated/prisma/client.ts";
import { personLevel } from "../app/models/people/rank.ts";
import { hashPassword } from "../app/utils/password.server.ts";
import { resolveMfaKeys } from "../app/auth/second-factor/mfa-key.server.ts";
import { sealSecretWith } from "../app/auth/second-factor/second-factor.server.ts";
import { buildFlavour } from "../app/config/build-flavour.ts";
import { env } from "../app/config/env.server.ts";
import { seedDemoDipSample } from "./seed-dip-sample.ts";
import { seedDemoHistory } from "./seed-history.ts";
import { seedSupportDirectory } from "./support-directory.ts";
import {
  DEMO_PASSWORD,
  DEMO_SECOND_FACTORS,
  FORCES,
  HOME_FORCE,
  PEOPLE,
  STAFF_GRADES,
  UNITS,
  renderDemoAccountsMarkdown,
  type SeedPerson,
} from "./seed-data.ts";

export interface SeedSummary {
  /** false when the home force was already there and nothing was written. */
  created: boolean;
  forces: number;
  staffGrades: number;
  units: number;
  people: number;
  roleAssignments: number;
  credentials: number;
  /** Database ids by seed key (people, units and forces), for tests; empty when nothing was created. */
  ids: { forces: Record<string, string>; units: Record<string, string>; people: Record<string, string> };
}

export interface SeedOptions {
  /** A precomputed hash of the demo password (argon2 is slow; tests may hash once and seed many databases). */
  passwordHash?: string;
}

/** People ordered so that every line manager comes before their reports; throws on a cycle or unknown manager. */
export function orderByLineManagement(people: SeedPerson[]): SeedPerson[] {
  const byKey = new Map(people.map((person) => [person.key, person]));
  const ordered: SeedPerson[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (person: SeedPerson, path: string[]) => {
    const seen = state.get(person.key);
    if (seen === "done") return;
    if (seen === "visiting") throw new Error(`Line-management cycle: ${[...path, person.key].join(" → ")}`);
    state.set(person.key, "visiting");
    if (person.lineManager) {
      const manager = byKey.get(person.lineManager);
      if (!manager) throw new Error(`${person.key}: unknown line manager "${person.lineManager}"`);
      visit(manager, [...path, person.key]);
    }
    state.set(person.key, "done");
    ordered.push(person);
  };
  for (const person of people) visit(person, []);
  return ordered;
}

/**
 * Writes the demo organisation into `prisma`'s database unless the home force is already there.
 * All rows are written in one transaction: a failure leaves the database as it was.
 */
export async function seedDemoOrganisation(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const ids = { forces: {} as Record<string, string>, units: {} as Record<string, string>, people: {} as Record<string, string> };
  const existing = await prisma.force.findUnique({ where: { name: HOME_FORCE.name }, select: { id: true } });
  if (existing) {
    return { created: false, forces: 0, staffGrades: 0, units: 0, people: 0, roleAssignments: 0, credentials: 0, ids };
  }

  const passwordHash = options.passwordHash ?? (await hashPassword(DEMO_PASSWORD));
  for (const force of FORCES) ids.forces[force.key] = randomUUID();
  for (const unit of UNITS) ids.units[unit.key] = randomUUID();
  for (const person of PEOPLE) ids.people[person.key] = randomUUID();
  const ref = (kind: keyof typeof ids, key: string, from: string): string => {
    const id = ids[kind][key];
    if (!id) throw new Error(`${from}: unknown ${kind.slice(0, -1)} "${key}"`);
    return id;
  };
  const gradeByCode = new Map(STAFF_GRADES.map((grade) => [grade.code, grade]));
  const orderedPeople = orderByLineManagement(PEOPLE);

  const counts = await prisma.$transaction(
    async (tx) => {
      const forces = await tx.force.createMany({
        data: FORCES.map((force) => ({
          id: ref("forces", force.key, force.key),
          name: force.name,
          shortName: force.shortName,
          isHome: force.isHome,
          npccContactEmail: force.npccContactEmail,
          psdContactEmail: force.psdContactEmail,
          pccContactEmail: force.pccContactEmail ?? null,
        })),
      });
      // Staff grades are shared reference data: keep any that are already there.
      const staffGrades = await tx.staffGrade.createMany({ data: STAFF_GRADES, skipDuplicates: true });
      // Units first without commanders (the commanders do not exist yet).
      const units = await tx.unit.createMany({
        data: UNITS.map((unit) => ({
          id: ref("units", unit.key, unit.key),
          forceId: ref("forces", unit.force, unit.key),
          name: unit.name,
          kind: unit.kind,
        })),
      });
      // Managers come before their reports, so each row's line manager is already inserted.
      const people = await tx.person.createMany({
        data: orderedPeople.map((person) => {
          const grade = person.staffGradeCode ? gradeByCode.get(person.staffGradeCode) : undefined;
          if (person.staffGradeCode && !grade) throw new Error(`${person.key}: unknown staff grade "${person.staffGradeCode}"`);
          return {
            id: ref("people", person.key, person.key),
            forceId: ref("forces", person.force, person.key),
            unitId: person.unit ? ref("units", person.unit, person.key) : null,
            lineManagerId: person.lineManager ? ref("people", person.lineManager, person.key) : null,
            firstName: person.firstName,
            lastName: person.lastName,
            preferredName: person.preferredName ?? null,
            pronouns: person.pronouns ?? null,
            workEmail: person.workEmail,
            employeeType: person.employeeType,
            rank: person.rank ?? null,
            staffGradeCode: person.staffGradeCode ?? null,
            level: personLevel({ rank: person.rank ?? null, staffGrade: grade ?? null }),
            collarNumber: person.collarNumber ?? null,
          };
        }),
      });
      for (const unit of UNITS) {
        if (!unit.commander) continue;
        await tx.unit.update({
          where: { id: ref("units", unit.key, unit.key) },
          data: { commanderId: ref("people", unit.commander, unit.key) },
        });
      }
      await seedSupportDirectory(tx);
      const roleAssignments = await tx.roleAssignment.createMany({
        data: PEOPLE.flatMap((person) => person.roles.map((role) => ({ personId: ref("people", person.key, person.key), role }))),
      });
      const credentials = await tx.credential.createMany({
        data: PEOPLE.filter((person) => person.canSignIn).map((person) => ({
          personId: ref("people", person.key, person.key),
          passwordHash,
        })),
      });
      // DEMO ONLY: fixed, public TOTP secrets, sealed with the key this environment's server will use (the demo's
      // public key unless MFA_SECRET_KEY is set).
      const mfa = resolveMfaKeys(env().MFA_SECRET_KEY ? buildFlavour : "demo", env());
      await tx.secondFactor.createMany({
        data: DEMO_SECOND_FACTORS.map(({ person, secret }) => {
          const personId = ref("people", person.key, person.key);
          return { personId, secretEncrypted: sealSecretWith(mfa, personId, secret), enrolledAt: new Date() };
        }),
      });
      return {
        forces: forces.count,
        staffGrades: staffGrades.count,
        units: units.count,
        people: people.count,
        roleAssignments: roleAssignments.count,
        credentials: credentials.count,
      };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  return { created: true, ...counts, ids };
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--write-docs")) {
    const path = resolve(import.meta.dirname, "../docs/demo-accounts.md");
    writeFileSync(path, renderDemoAccountsMarkdown());
    console.log(`Wrote ${path}`);
    return;
  }
  const config = loadDatabaseConfig(env());
  const label = config.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `the embedded database (${config.dataDir})`;
  const database = openDatabase(config);
  try {
    const summary = await seedDemoOrganisation(database.prisma);
    if (!summary.created) {
      console.log(`${HOME_FORCE.name} is already in ${label}: nothing to seed.`);
      return;
    }
    console.log(
      `Seeded the fictional demo organisation into ${label}: ${summary.forces} forces, ${summary.staffGrades} staff grades, ` +
        `${summary.units} units, ${summary.people} people, ${summary.roleAssignments} role assignments, ` +
        `${summary.credentials} sign-in accounts.`,
    );
    console.log(`Demo password (demo only): ${DEMO_PASSWORD}. Accounts: docs/demo-accounts.md`);
    const areas = UNITS.filter((unit) => unit.force === HOME_FORCE.key && (unit.kind === "BCU" || unit.kind === "OCU")).map(
      (unit) => summary.ids.units[unit.key]!,
    );
    const history = await seedDemoHistory(database.prisma, { forceId: summary.ids.forces[HOME_FORCE.key]!, units: areas });
    console.log(
      `Added two years of fictional history: ${history.cases} police-suspect cases, ${history.supportRequests} support requests, ` +
        `${history.alerts} access alerts, among ${history.people} "History" people without accounts.`,
    );
    const sampled = await seedDemoDipSample(database.prisma, summary.ids.people.acc!);
    console.log(`Added a fictional dip sample of ${sampled} closed cases, drawn by the nominated NPCC officer, one reviewed.`);
  } finally {
    await database.close();
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
