import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { defineAbilityFor } from "./ability";
import { guidePeople, guidePolicyTable, guideRecords, lineManagerOf, TARGET_ACTIONS, type GuidePersona, type GuideTarget } from "./manager-guide-policy-table";
import type { Action, RecordSubjects } from "./subjects";

const personId = (who: GuidePersona) => guidePeople[who].id;
const abilityOf = (who: GuidePersona) => defineAbilityFor(guidePeople[who]);
const NOW = new Date("2026-11-30T12:00:00Z");

/** The target as the rules see one record (with the relations the conditions look at). */
function asRecord(target: GuideTarget, who: GuidePersona): { model: Extract<RecordSubjects, string>; record: Record<string, unknown> } {
  const employeeOf = { lineManagerId: personId(lineManagerOf.employee!), active: true };
  switch (target) {
    case "conversation":
    case "formerConversation":
    case "withdrawnConversation": {
      const spec = guideRecords[target];
      return {
        model: "ConversationRecord",
        record: {
          id: spec.id,
          employeeId: personId(spec.employee),
          managerId: personId(spec.manager),
          withdrawnAt: spec.withdrawn ? NOW : null,
          employee: employeeOf,
        },
      };
    }
    case "newConversation":
      return { model: "ConversationRecord", record: { employeeId: personId("employee"), managerId: personId(who), withdrawnAt: null, employee: employeeOf } };
    case "guide":
      return { model: "GuideSection", record: { id: guideRecords.guide.id, key: "always" } };
    case "incident":
      return { model: "IncidentEntry", record: { id: guideRecords.incident.id, personId: personId("employee") } };
    case "annotation":
      return {
        model: "IncidentAnnotation",
        record: { id: guideRecords.annotation.id, entryId: guideRecords.incident.id, entry: { personId: personId("employee") } },
      };
  }
}

const personas = Object.keys(guidePeople) as GuidePersona[];
const targets = Object.keys(guideRecords) as GuideTarget[];

/** What the table expects of anyone on any target: its row, or (no row) nothing but reading the guide. */
function expectedAllowed(who: GuidePersona, target: GuideTarget): Action[] {
  const row = guidePolicyTable.find((candidate) => candidate.who === who && candidate.target === target);
  if (row) return row.allowed;
  return target === "guide" ? ["read"] : [];
}

describe("the manager's guide, conversation records and incident log: the policy table, record by record", () => {
  it.each(guidePolicyTable.map((row) => [`${row.as} → ${guideRecords[row.target].label}`, row] as const))("%s", (_title, row) => {
    const { model, record } = asRecord(row.target, row.who);
    const ability = abilityOf(row.who);
    const allowed = TARGET_ACTIONS[row.target].filter((action) => ability.can(action, subject(model, record as never) as never));
    expect(allowed).toEqual(TARGET_ACTIONS[row.target].filter((action) => row.allowed.includes(action)));
  });

  it("refuses everyone the table does not list, on every target (0 unexpected allows)", () => {
    const unexpected: string[] = [];
    for (const who of personas) {
      for (const target of targets) {
        const { model, record } = asRecord(target, who);
        const ability = abilityOf(who);
        for (const action of TARGET_ACTIONS[target]) {
          const allowed = ability.can(action, subject(model, record as never) as never);
          if (allowed !== expectedAllowed(who, target).includes(action)) unexpected.push(`${who} ${action} ${target}: ${allowed ? "allowed" : "refused"}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
  });

  it("covers every persona and every target", () => {
    expect(personas.filter((who) => !guidePolicyTable.some((row) => row.who === who))).toEqual([]);
    expect(targets.filter((target) => !guidePolicyTable.some((row) => row.target === target))).toEqual([]);
  });
});

describeEachDatabase("the manager's guide rules filter the database exactly as the table says", (use) => {
  it("gives each persona exactly the table's rights through the database filter, and 0 unexpected allows", async () => {
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Guide Policy Test Force (fictional)", shortName: "GPT", isHome: true } });
    const order: GuidePersona[] = [
      "managersManager",
      ...personas.filter((who) => who !== "managersManager" && who !== "employee" && who !== "colleague"),
      "employee",
      "colleague",
    ];
    for (const who of order) {
      await prisma.person.create({
        data: {
          id: personId(who),
          forceId: force.id,
          firstName: who,
          lastName: "Fictional",
          workEmail: `${who.toLowerCase()}@guide-policy-test.invalid`,
          employeeType: "OFFICER",
          rank: "CONSTABLE",
          level: guidePeople[who].level,
          lineManagerId: lineManagerOf[who] ? personId(lineManagerOf[who]!) : null,
        },
      });
    }
    for (const target of ["conversation", "formerConversation", "withdrawnConversation"] as const) {
      const spec = guideRecords[target];
      await prisma.conversationRecord.create({
        data: {
          id: spec.id,
          employeeId: personId(spec.employee),
          managerId: personId(spec.manager),
          heldOn: new Date("2026-11-28T00:00:00Z"),
          pointsCovered: ["always"],
          supportOffered: "Fictional",
          agreed: "Fictional",
          withdrawnAt: spec.withdrawn ? NOW : null,
        },
      });
    }
    await prisma.incidentEntry.create({
      data: { id: guideRecords.incident.id, personId: personId("employee"), occurredAt: NOW, kind: "CALL", whatHappened: "Fictional", witnesses: "" },
    });
    await prisma.incidentAnnotation.create({
      data: { id: guideRecords.annotation.id, entryId: guideRecords.incident.id, authorId: personId("employee"), body: "Fictional" },
    });

    const count = (who: GuidePersona, action: Action, target: Exclude<GuideTarget, "newConversation">) => {
      const ability = abilityOf(who);
      const id = guideRecords[target].id;
      switch (guideRecords[target].kind) {
        case "ConversationRecord":
          return prisma.conversationRecord.count({ where: { AND: [accessScope(ability, action, "ConversationRecord"), { id }] } });
        case "GuideSection":
          return prisma.guideSection.count({ where: { AND: [accessScope(ability, action, "GuideSection"), { id }] } });
        case "IncidentEntry":
          return prisma.incidentEntry.count({ where: { AND: [accessScope(ability, action, "IncidentEntry"), { id }] } });
        case "IncidentAnnotation":
          return prisma.incidentAnnotation.count({ where: { AND: [accessScope(ability, action, "IncidentAnnotation"), { id }] } });
      }
    };
    const unexpected: string[] = [];
    for (const who of personas) {
      for (const target of targets) {
        if (target === "newConversation") continue; // not a row yet: judged record by record above, and in the model tests
        for (const action of TARGET_ACTIONS[target]) {
          const visible = (await count(who, action, target)) > 0;
          if (visible !== expectedAllowed(who, target).includes(action))
            unexpected.push(`${who} ${action} ${target}: database says ${visible ? "allowed" : "refused"}`);
        }
      }
    }
    expect(unexpected).toEqual([]);

    // Nobody but the employee finds any trace of these records in any list the portal draws from.
    for (const who of personas.filter((person) => person !== "employee")) {
      const ability = abilityOf(who);
      const seen = await prisma.conversationRecord.count({
        where: { OR: (["read", "list"] as const).map((action) => accessScope(ability, action, "ConversationRecord")) },
      });
      const entries = await prisma.incidentEntry.count({
        where: { OR: (["read", "list", "export"] as const).map((action) => accessScope(ability, action, "IncidentEntry")) },
      });
      expect({ who, seen, entries }).toEqual({ who, seen: who === "lineManager" ? 1 : 0, entries: 0 });
    }
  });
});
