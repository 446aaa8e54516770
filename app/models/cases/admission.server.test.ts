import { expect, it } from "vitest";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { fictionalIntake } from "../../../tests/support/cases";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { seedPerson } from "../../../prisma/seed-data";
import { openCase } from "~/access/guard.server";
import { AdmissionSchema, perpetratorServices, submitAdmission } from "./admission.server";
import { casesPage } from "./list.server";
import { createPoliceSuspectCase } from "./case.server";
import { parseForm } from "~/utils/forms";

const formOf = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

const ADMISSION = {
  understood: "on",
  account: "Fictional: I have been shouting at and pushing my partner, and I want it to stop.",
  harmedPerson: "Fictional Partner",
  childrenInvolved: "no",
  immediateDanger: "no",
};

describeEachDatabase("the admission route: an employee's own admission becomes a case they cannot see", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  it("refuses an empty account, or one sent without reading that it is not confidential, with a message by the field", () => {
    const empty = parseForm(AdmissionSchema, formOf({ ...ADMISSION, account: "   " }));
    expect(empty.ok).toBe(false);
    expect(!empty.ok && empty.errors.account).toMatch(/Write what you want to tell professional standards/);
    const unread = parseForm(AdmissionSchema, formOf({ ...ADMISSION, understood: "" }));
    expect(!unread.ok && unread.errors.understood).toMatch(/not confidential/);
  });

  it("creates a police-suspect case with the sender as suspect, starts the chain, and gives the sender nothing of it", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const admitter = await contextForPerson(prisma, person("pcDuxbury"));
    expect((await perpetratorServices(admitter)).map((service) => service.kind).sort()).toEqual(["BEHAVIOUR_CHANGE_LINE", "PERPETRATOR_PROGRAMME"]);

    const parsed = parseForm(AdmissionSchema, formOf(ADMISSION));
    if (!parsed.ok) throw new Error("the fictional admission should parse");
    const receipt = await submitAdmission(admitter, parsed.data);
    expect(receipt).toEqual({ sentAt: expect.any(String) }); // no reference, nothing of the case

    const made = await prisma.policeSuspectCase.findFirstOrThrow({
      where: { suspectPersonId: person("pcDuxbury") },
      select: {
        id: true,
        reference: true,
        origin: true,
        reportedById: true,
        conflicts: { select: { personId: true } },
        access: { select: { personId: true, capacity: true } },
      },
    });
    expect(made.origin).toBe("ADMISSION_BY_EMPLOYEE");
    expect(made.reportedById).toBe(person("pcDuxbury"));
    expect(made.conflicts.map((row) => row.personId)).toContain(person("pcDuxbury"));
    expect(made.access.filter((row) => row.capacity === "PROFESSIONAL_STANDARDS").map((row) => row.personId)).toContain(person("psdInspector"));
    // The chain runs as for any report: its first step is sent to a supervising officer outside the suspect's chain.
    const steps = await prisma.referralStep.findMany({ where: { caseId: made.id }, select: { recipientPersonId: true, state: true } });
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.map((step) => step.recipientPersonId)).not.toContain(person("pcDuxbury"));
    expect(await prisma.outboxMessage.count({ where: { toAddress: seedPerson("psdInspector").workEmail } })).toBeGreaterThan(0);
    expect(await prisma.auditEvent.count({ where: { action: "case.create", subjectId: made.id, actorId: person("pcDuxbury") } })).toBe(1);

    // The sender: "not found" on the case, and it is in none of their lists.
    await expect(openCase(admitter, made.reference)).rejects.toMatchObject({ status: 404 });
    const lists = await casesPage(admitter, { page: 1, filter: undefined });
    expect([...lists.cases, ...lists.submitted, ...lists.updates].map((row) => row.reference)).not.toContain(made.reference);
    expect(lists.referrals).toEqual([]);
    // PSD is alerted to the attempt, as to anyone's.
    expect(await prisma.accessAlert.count({ where: { caseId: made.id, personId: person("pcDuxbury"), kind: "UNLISTED_ATTEMPT" } })).toBe(1);

    // PSD opens it once declared: the listed officer sees it in their list.
    const psd = await contextForPerson(prisma, person("psdInspector"));
    expect((await casesPage(psd, { page: 1, filter: undefined })).cases.map((row) => row.reference)).toContain(made.reference);
  });

  it("records an admission a colleague heard through the report form as such, and a plain report as a report", async () => {
    const { prisma } = use();
    const heard = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("ashSergeant"), form: fictionalIntake(person("pcPenhallow"), { admitted: "yes" }) }),
    );
    const plain = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("ashSergeant"), form: fictionalIntake(person("pcPenhallow"), { admitted: "no" }) }),
    );
    const origins = await prisma.policeSuspectCase.findMany({ where: { id: { in: [heard.id, plain.id] } }, select: { id: true, origin: true } });
    expect(Object.fromEntries(origins.map((row) => [row.id, row.origin]))).toEqual({ [heard.id]: "ADMISSION_HEARD", [plain.id]: "REPORT" });
  });
});
