// Who may open and answer a referral, and who sees an employee's notice of a court order: checked on each record
// and through the database filter, with the refusals (the suspect, a colleague, an administrator) alongside.
import { subject } from "@casl/ability";
import { expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { defineAbilityFor } from "./ability";
import type { PolicyPerson } from "./subjects";

const id = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, "0")}`;
const people = {
  recipient: { id: id(1), forceId: "f", unitId: null, level: 3, roles: ["DUTY_INSPECTOR"] },
  suspect: { id: id(2), forceId: "f", unitId: null, level: 1, roles: ["DA_COORDINATOR"] },
  colleague: { id: id(3), forceId: "f", unitId: null, level: 1, roles: [] },
  administrator: { id: id(4), forceId: "f", unitId: null, level: 3, roles: ["ADMINISTRATOR"] },
  psdOfficer: { id: id(5), forceId: "f", unitId: null, level: 3, roles: ["PSD_OFFICER"] },
  employee: { id: id(6), forceId: "f", unitId: null, level: 1, roles: [] },
  commander: { id: id(7), forceId: "f", unitId: null, level: 6, roles: [] },
  psdOfficerWithNotice: { id: id(8), forceId: "f", unitId: null, level: 3, roles: ["PSD_OFFICER"] },
  recipientNowConflicted: { id: id(9), forceId: "f", unitId: null, level: 3, roles: [] },
} satisfies Record<string, PolicyPerson>;
type Who = keyof typeof people;
/** The suspect's commander, in the suspect's chain (conflicted): the commander's notice is theirs all the same. */
const NOTICE_TO: Who = "recipientNowConflicted";

const CASE_ID = "00000000-0000-4000-8000-00000000c001";
const conflicts = [{ personId: people.suspect.id }, { personId: people.recipientNowConflicted.id }];
const step = (recipient: Who, role = "SUPERVISING_OFFICER") => ({
  id: `step-${recipient}`,
  role,
  recipientPersonId: people[recipient].id,
  caseId: CASE_ID,
  case: { id: CASE_ID, conflicts, suspectPersonId: people.suspect.id },
});
const notice = (author: Who) => ({ id: `notice-${author}`, personId: people[author].id, commanderId: people.commander.id });

/** Who may do what, row by row: [person, action, record, allowed, because]. */
const TABLE: [Who, string, "step" | "commanderNotice" | "notice", Who, boolean, string][] = [
  [NOTICE_TO, "read", "commanderNotice", NOTICE_TO, true, "the suspect's commander reads the notice that an allegation exists, though conflicted on the case"],
  [NOTICE_TO, "acknowledge", "commanderNotice", NOTICE_TO, false, "a notice is not a referral: it gives no access to acknowledge into"],
  ["suspect", "read", "commanderNotice", "suspect", false, "a notice never reaches the suspect, even one wrongly addressed to them"],
  ["recipient", "read", "step", "recipient", true, "a referral is its recipient's to open"],
  ["recipient", "acknowledge", "step", "recipient", true, "and to acknowledge"],
  ["colleague", "read", "step", "recipient", false, "nobody else sees someone's referral"],
  ["administrator", "read", "step", "recipient", false, "administration gives no access to referrals"],
  ["psdOfficer", "acknowledge", "step", "recipient", false, "nobody acknowledges for someone else"],
  ["recipientNowConflicted", "read", "step", "recipientNowConflicted", false, "someone now conflicted on the case loses even their own referral"],
  ["suspect", "read", "step", "suspect", false, "the suspect never sees a referral, even one wrongly addressed to them"],
  ["employee", "read", "notice", "employee", true, "the employee sees the notice they sent"],
  ["commander", "read", "notice", "employee", true, "the commander it was sent to sees it"],
  ["psdOfficer", "read", "notice", "employee", true, "PSD sees every notice"],
  ["psdOfficer", "review", "notice", "employee", true, "and records that it has been seen"],
  ["psdOfficerWithNotice", "review", "notice", "psdOfficerWithNotice", false, "a PSD officer does not handle their own notice"],
  ["psdOfficerWithNotice", "read", "notice", "psdOfficerWithNotice", true, "but sees it as its author"],
  ["colleague", "read", "notice", "employee", false, "colleagues see nothing"],
  ["administrator", "read", "notice", "employee", false, "administrators see nothing"],
];

it.each(TABLE)("%s may %s a %s of %s: %s (%s)", (who, action, kind, owner, allowed) => {
  const ability = defineAbilityFor(people[who]);
  const record =
    kind === "notice"
      ? subject("PersonalOrderNotice", notice(owner) as never)
      : subject("ReferralStep", step(owner, kind === "commanderNotice" ? "SUSPECT_COMMANDER" : "SUPERVISING_OFFICER") as never);
  expect(ability.can(action as never, record)).toBe(allowed);
});

describeEachDatabase("referral and notice rules filter the database as the table says", (use) => {
  it("returns each person exactly the rows the table allows, and nothing else", async () => {
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Referral Policy Test Force (fictional)", shortName: "RPT", isHome: true } });
    for (const [key, person] of Object.entries(people)) {
      await prisma.person.create({
        data: {
          id: person.id,
          forceId: force.id,
          firstName: "Fictional",
          lastName: key,
          workEmail: `${key}@rpt.invalid`,
          employeeType: "OFFICER",
          level: person.level,
        },
      });
    }
    await prisma.policeSuspectCase.create({
      data: {
        id: CASE_ID,
        reference: "BBBB-2222",
        reportedById: people.colleague.id,
        receivedHow: "IN_PERSON",
        receivedAt: new Date(),
        suspectPersonId: people.suspect.id,
        suspectForceId: force.id,
        victimKind: "MEMBER_OF_PUBLIC",
        victimName: "Fictional Person",
        childrenInvolved: false,
        immediateDanger: false,
        account: "Fictional.",
        conflicts: { create: conflicts.map((c) => ({ personId: c.personId, reason: "test" })) },
      },
    });
    for (const recipient of ["recipient", "suspect", "recipientNowConflicted"] as Who[]) {
      await prisma.referralStep.create({
        data: { caseId: CASE_ID, stage: 1, role: "SUPERVISING_OFFICER", state: "AWAITING", recipientPersonId: people[recipient].id },
      });
      await prisma.referralStep.create({
        data: { caseId: CASE_ID, stage: 2, role: "SUSPECT_COMMANDER", state: "DELIVERED", recipientPersonId: people[recipient].id },
      });
    }
    for (const author of ["employee", "psdOfficerWithNotice"] as Who[]) {
      await prisma.personalOrderNotice.create({
        data: {
          personId: people[author].id,
          kind: "CIVIL_ORDER",
          madeOn: new Date("2026-11-01"),
          details: "Fictional order.",
          commanderId: people.commander.id,
        },
      });
    }
    for (const [who, action, kind, owner, allowed] of TABLE) {
      const ability = defineAbilityFor(people[who]);
      const found =
        kind !== "notice"
          ? await prisma.referralStep.count({
              where: {
                AND: [
                  accessScope(ability, action as never, "ReferralStep"),
                  { recipientPersonId: people[owner].id, role: kind === "step" ? "SUPERVISING_OFFICER" : "SUSPECT_COMMANDER" },
                ],
              },
            })
          : await prisma.personalOrderNotice.count({
              where: { AND: [accessScope(ability, action as never, "PersonalOrderNotice"), { personId: people[owner].id }] },
            });
      expect(found, `${who} ${action} ${kind} of ${owner}`).toBe(allowed ? 1 : 0);
    }
  });
});
