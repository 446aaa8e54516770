// Invariants of the fictional demo organisation in prisma/seed-data.ts (no database needed).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Rank, Role } from "~/generated/prisma/enums";
import { personLevel, rankLevel } from "~/models/people/rank";
import {
  DEMO_PASSWORD,
  DEMO_PERSONAS,
  FORCES,
  HOME_FORCE,
  PEOPLE,
  STAFF_GRADES,
  UNITS,
  renderDemoAccountsMarkdown,
  type SeedPerson,
} from "../../prisma/seed-data";

const byKey = new Map(PEOPLE.map((person) => [person.key, person]));
const gradeByCode = new Map(STAFF_GRADES.map((grade) => [grade.code, grade]));
const levelOf = (person: SeedPerson) =>
  personLevel({
    rank: person.rank ?? null,
    staffGrade: person.staffGradeCode ? (gradeByCode.get(person.staffGradeCode) ?? null) : null,
  });
const homePeople = PEOPLE.filter((person) => person.force === HOME_FORCE.key);
const holders = (role: Role) => homePeople.filter((person) => person.roles.includes(role));

describe("demo organisation: forces", () => {
  it("is flagged fictional, with exactly one home force", () => {
    for (const force of FORCES) expect(force.name).toContain("(fictional)");
    expect(FORCES.filter((force) => force.isHome)).toEqual([HOME_FORCE]);
    expect(HOME_FORCE.name).toBe("Northshire Constabulary (fictional)");
  });

  it("has unique keys, names and short names, and .invalid contact mailboxes", () => {
    for (const field of ["key", "name", "shortName"] as const) {
      expect(new Set(FORCES.map((force) => force[field])).size).toBe(FORCES.length);
    }
    for (const force of FORCES) {
      expect(force.npccContactEmail).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.invalid$/);
      expect(force.psdContactEmail).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.invalid$/);
    }
  });

  it("has people in another force, for inter-force cases", () => {
    expect(PEOPLE.some((person) => person.force !== HOME_FORCE.key)).toBe(true);
  });
});

describe("demo organisation: people", () => {
  it("has unique keys", () => {
    expect(new Set(PEOPLE.map((person) => person.key)).size).toBe(PEOPLE.length);
  });

  it("has unique emails of the form first.last@<force>.police.invalid", () => {
    const emails = PEOPLE.map((person) => person.workEmail.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    for (const person of PEOPLE) {
      const expected = `${person.firstName}.${person.lastName}@${person.force}.police.invalid`.toLowerCase();
      expect(person.workEmail).toBe(expected);
      expect(person.workEmail.endsWith(".invalid")).toBe(true);
    }
  });

  it("gives officers a rank and staff a known grade, never both", () => {
    for (const person of PEOPLE) {
      if (person.employeeType === "OFFICER") {
        expect(person.rank, person.key).toBeDefined();
        expect(person.staffGradeCode, person.key).toBeUndefined();
      } else {
        expect(person.rank, person.key).toBeUndefined();
        expect(gradeByCode.has(person.staffGradeCode ?? ""), person.key).toBe(true);
        expect(person.collarNumber, person.key).toBeUndefined();
      }
    }
  });

  it("has line managers that exist, are in the same force and outrank their reports, with no cycles", () => {
    for (const person of PEOPLE) {
      if (!person.lineManager) continue;
      const manager = byKey.get(person.lineManager);
      expect(manager, `${person.key} → ${person.lineManager}`).toBeDefined();
      expect(manager!.force).toBe(person.force);
      expect(levelOf(manager!), `${manager!.key} manages ${person.key}`).toBeGreaterThan(levelOf(person));
    }
    for (const person of PEOPLE) {
      const seen = new Set<string>();
      let current: SeedPerson | undefined = person;
      while (current) {
        expect(seen.has(current.key), `cycle through ${current.key}`).toBe(false);
        seen.add(current.key);
        current = current.lineManager ? byKey.get(current.lineManager) : undefined;
      }
    }
  });

  it("has a full constable → sergeant → inspector → chief inspector → superintendent chain", () => {
    const chain: Rank[] = [];
    let current: SeedPerson | undefined = PEOPLE.find((person) => person.rank === "CONSTABLE" && person.force === HOME_FORCE.key);
    while (current) {
      if (current.rank) chain.push(current.rank);
      current = current.lineManager ? byKey.get(current.lineManager) : undefined;
    }
    expect(chain.slice(0, 5)).toEqual(["CONSTABLE", "SERGEANT", "INSPECTOR", "CHIEF_INSPECTOR", "SUPERINTENDENT"]);
  });

  it("has a line manager with several reports", () => {
    const reports = new Map<string, number>();
    for (const person of PEOPLE) {
      if (person.lineManager) reports.set(person.lineManager, (reports.get(person.lineManager) ?? 0) + 1);
    }
    expect(Math.max(...reports.values())).toBeGreaterThanOrEqual(3);
  });

  it("lets only home-force people sign in, and gives each persona something to try", () => {
    expect(DEMO_PERSONAS.length).toBeGreaterThanOrEqual(20);
    for (const person of PEOPLE) {
      if (person.canSignIn) expect(person.force, person.key).toBe(HOME_FORCE.key);
      expect(person.whatToTry.trim().length, person.key).toBeGreaterThan(10);
    }
    expect(homePeople.every((person) => person.canSignIn)).toBe(true);
    expect(DEMO_PASSWORD).toBe("Demo-Portal-2026!");
  });

  it("uses preferred names and pronouns for some people", () => {
    expect(PEOPLE.some((person) => person.preferredName)).toBe(true);
    expect(PEOPLE.some((person) => person.pronouns)).toBe(true);
    expect(PEOPLE.some((person) => person.employeeType === "STAFF")).toBe(true);
  });
});

describe("demo organisation: roles", () => {
  it("has every role held by someone in the home force", () => {
    for (const role of Object.values(Role)) expect(holders(role).length, role).toBeGreaterThan(0);
  });

  it("gives roles only to home-force people, at most once each", () => {
    for (const person of PEOPLE) {
      expect(new Set(person.roles).size, person.key).toBe(person.roles.length);
      if (person.force !== HOME_FORCE.key) expect(person.roles, person.key).toEqual([]);
    }
  });

  it("has the chief constable as chief officer and an ACC or above as the nominated NPCC officer", () => {
    expect(holders("CHIEF_OFFICER").map((person) => person.rank)).toEqual(["CHIEF_CONSTABLE"]);
    const npcc = holders("NPCC_OFFICER");
    expect(npcc).toHaveLength(1);
    for (const person of npcc) {
      expect(person.employeeType).toBe("OFFICER");
      expect(levelOf(person)).toBeGreaterThanOrEqual(rankLevel("ASSISTANT_CHIEF_CONSTABLE"));
    }
    expect(homePeople.some((person) => person.rank === "DEPUTY_CHIEF_CONSTABLE")).toBe(true);
  });

  it("has an administrator pair who can sign in, so that four eyes on privilege can be tried", () => {
    const admins = holders("ADMINISTRATOR").filter((person) => person.canSignIn);
    expect(admins.length).toBeGreaterThanOrEqual(2);
  });

  it("has duty inspectors of inspector level or above", () => {
    expect(holders("DUTY_INSPECTOR").length).toBeGreaterThanOrEqual(2);
    for (const person of holders("DUTY_INSPECTOR")) expect(levelOf(person)).toBeGreaterThanOrEqual(rankLevel("INSPECTOR"));
  });

  it("has one head of PSD (superintendent or above) and PSD officers who are an inspector and a staff investigator", () => {
    const head = holders("HEAD_OF_PSD");
    expect(head).toHaveLength(1);
    expect(levelOf(head[0]!)).toBeGreaterThanOrEqual(rankLevel("SUPERINTENDENT"));
    const psd = holders("PSD_OFFICER");
    expect(psd.some((person) => person.rank === "INSPECTOR")).toBe(true);
    expect(psd.some((person) => person.employeeType === "STAFF")).toBe(true);
  });

  it("has two DA coordinators and a CAIU supervisor", () => {
    expect(holders("DA_COORDINATOR").length).toBeGreaterThanOrEqual(2);
    expect(holders("CAIU_SUPERVISOR").length).toBeGreaterThanOrEqual(1);
    expect(holders("DA_CHAMPION").length).toBeGreaterThanOrEqual(2);
  });
});

describe("demo organisation: units", () => {
  it("has unique keys and unique names within each force", () => {
    expect(new Set(UNITS.map((unit) => unit.key)).size).toBe(UNITS.length);
    expect(new Set(UNITS.map((unit) => `${unit.force}/${unit.name}`)).size).toBe(UNITS.length);
  });

  it("has commanders who exist, belong to the unit's force and are members of the unit", () => {
    for (const unit of UNITS) {
      expect(
        FORCES.some((force) => force.key === unit.force),
        unit.key,
      ).toBe(true);
      if (!unit.commander) continue;
      const commander = byKey.get(unit.commander);
      expect(commander, `${unit.key} commander ${unit.commander}`).toBeDefined();
      expect(commander!.force).toBe(unit.force);
      expect(commander!.unit).toBe(unit.key);
    }
  });

  it("gives every person a unit of their own force, when they have one", () => {
    for (const person of PEOPLE) {
      if (!person.unit) continue;
      const unit = UNITS.find((candidate) => candidate.key === person.unit);
      expect(unit, `${person.key} unit ${person.unit}`).toBeDefined();
      expect(unit!.force).toBe(person.force);
    }
  });

  it("has home-force BCUs commanded by chief superintendents and the departments the referral chain needs", () => {
    const home = UNITS.filter((unit) => unit.force === HOME_FORCE.key);
    const bcus = home.filter((unit) => unit.kind === "BCU");
    expect(bcus.length).toBeGreaterThanOrEqual(2);
    for (const unit of bcus) expect(byKey.get(unit.commander ?? "")?.rank, unit.key).toBe("CHIEF_SUPERINTENDENT");
    const names = home.map((unit) => unit.name).join("\n");
    for (const needed of [/Professional Standards/, /Public Protection.*CAIU/, /People Services/, /Occupational Health/, /Control Room/]) {
      expect(names).toMatch(needed);
    }
  });
});

describe("demo organisation: staff grades", () => {
  it("maps unique codes to ranks from constable to chief superintendent, in order", () => {
    expect(new Set(STAFF_GRADES.map((grade) => grade.code)).size).toBe(STAFF_GRADES.length);
    const levels = STAFF_GRADES.map((grade) => rankLevel(grade.equivalentRank));
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(STAFF_GRADES[0]!.equivalentRank).toBe("CONSTABLE");
    expect(STAFF_GRADES.at(-1)!.equivalentRank).toBe("CHIEF_SUPERINTENDENT");
    expect(STAFF_GRADES.find((grade) => grade.code === "PS-E")?.title).toBe("Staff grade E (equivalent to inspector)");
  });
});

describe("docs/demo-accounts.md", () => {
  it("matches the seed data (regenerate with `npx tsx prisma/seed.ts --write-docs`)", () => {
    const file = readFileSync(new URL("../../docs/demo-accounts.md", import.meta.url), "utf8");
    expect(file).toBe(renderDemoAccountsMarkdown());
    for (const person of DEMO_PERSONAS) expect(file).toContain(person.workEmail);
  });
});
