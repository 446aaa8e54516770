import { expect, it } from "vitest";
import { OUTSIDE_CASE_FILES } from "#policies/rules/police-suspect-cases";
import type { RequestContext } from "~/access/request-context.server";
import { describeEachDatabase } from "../../tests/support/database";
import { contextForPerson } from "../../tests/support/people";
import { statusOf } from "../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { addMeasure, agreeMeasure, ChangeRejected, grantSight, MeasureFormSchema, parseMeasureForm, measuresOnRequest, measuresSharedWithMe, myPlan, openMeasure, planLedger, updateMeasure, withdrawSight, type MeasureForm } from "./safety-plan.server";
import { consentLedger, withdrawConsent } from "./support-request/consent.server";
import { exportMyData } from "./support-request/export.server";
import { checkRequestForm } from "./support-request/request-form";
import { saveRequest } from "./support-request/request.server";

const NS = "northshire.police.invalid";

describeEachDatabase("the workplace safety plan", (use) => {
  let seed: SeedSummary;

  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, seed.ids.people[key]!);

  function measure(overrides: Record<string, unknown> = {}): MeasureForm {
    const parsed = MeasureFormSchema.safeParse({ kind: "RECEPTION", instructions: "Fictional: tall, red hatchback AB12 CDE. Do not let them in; call the duty sergeant.", ownerEmail: `jordan.mistry-oake@${NS}`, status: "PLANNED", reviewOn: "2027-01-31", ...overrides });
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
    return parsed.data;
  }

  const rejected = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ChangeRejected) return error.errors;
      throw error;
    }
    throw new Error("expected the change to be rejected");
  };

  it("checks the form: a measure, an owner and a review date are needed; their own measure needs their words", async () => {
    const formData = (values: Record<string, string>) => {
      const data = new FormData();
      for (const [key, value] of Object.entries(values)) data.set(key, value);
      return data;
    };
    const empty = parseMeasureForm(formData({}));
    expect(empty.ok ? [] : Object.keys(empty.errors).sort()).toEqual(["kind", "ownerEmail", "reviewOn", "status"]);
    const own = parseMeasureForm(formData({ kind: "OWN", instructions: "Kept", ownerEmail: "a@b.invalid", status: "PLANNED", reviewOn: "2027-02-30" }));
    expect(own.ok ? [] : Object.keys(own.errors).sort()).toEqual(["reviewOn", "title"]);
    // What was typed comes back to the form.
    expect(own.ok ? {} : own.values).toMatchObject({ instructions: "Kept", reviewOn: "2027-02-30" });
    expect(parseMeasureForm(formData({ kind: "OWN", title: "Fictional: park in the secure yard", ownerEmail: "a@b.invalid", status: "IN_PLACE", reviewOn: "2027-02-28" })).ok).toBe(true);
  });

  it("the employee adds measures, grants one to their line manager, who sees that measure only; withdrawal ends it at once; the ledger shows everything", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const jordan = await contextFor("pcMistryOake");
    const tom = await contextFor("ashSergeant");
    const reception = await contextFor("kelStaff");
    const alys = await contextFor("pcPenhallow");
    const admin = await contextFor("admin");
    const psd = await contextFor("psdHead");

    const { id: desk } = await addMeasure(jordan, measure());
    const { id: journeys } = await addMeasure(jordan, measure({ kind: "JOURNEYS", instructions: "Fictional: pair on every outside enquiry.", ownerEmail: `thomas.brightwater@${NS}` }));
    expect((await myPlan(jordan)).map((row) => row.name)).toEqual(["Give reception a photo and vehicle details of the person", "A colleague on journeys outside the office"]);
    // An unknown owner is refused beside the field; nothing is written.
    expect(await rejected(addMeasure(jordan, measure({ ownerEmail: "nobody@nowhere.invalid" })))).toEqual({ ownerEmail: "No one in the portal has that work email" });
    expect(await prisma.safetyMeasure.count()).toBe(2);

    // Nobody but the employee reaches either measure before a grant.
    for (const other of [tom, reception, alys, admin, psd]) {
      expect(await statusOf(openMeasure(other, desk)), other.actor.firstName).toBe(404);
      expect(await measuresSharedWithMe(other)).toEqual([]);
    }

    await grantSight(jordan, journeys, { to: "LINE_MANAGER", email: "", reason: "" });
    await grantSight(jordan, desk, { to: "PERSON", email: `ffion.gwilliam@${NS}`, reason: "reception" });
    expect(await rejected(grantSight(jordan, journeys, { to: "LINE_MANAGER", email: "", reason: "" }))).toEqual({ to: "They can already see this measure." });
    expect(await rejected(grantSight(jordan, desk, { to: "PERSON", email: `jordan.mistry-oake@${NS}`, reason: "" }))).toMatchObject({ email: expect.any(String) });

    // The line manager: the journeys measure and nothing else (not the reception measure, not Jordan's other records).
    const seen = await openMeasure(tom, journeys);
    expect(seen).toMatchObject({ name: "A colleague on journeys outside the office", instructions: "Fictional: pair on every outside enquiry.", sharedBy: "Jordan Mistry-Oake", requestId: null, grants: [], may: { update: false, agree: false, manageConsent: false } });
    expect(await statusOf(openMeasure(tom, desk))).toBe(404);
    expect((await measuresSharedWithMe(tom)).map((row) => row.id)).toEqual([journeys]);
    // Reception: the description, not why; not the other measure.
    expect((await openMeasure(reception, desk)).instructions).toMatch(/red hatchback/);
    expect(await statusOf(openMeasure(reception, journeys))).toBe(404);
    // A grantee cannot change, agree or share it.
    expect(await statusOf(updateMeasure(tom, journeys, measure()))).toBe(404);
    expect(await statusOf(grantSight(tom, journeys, { to: "PERSON", email: `alys.penhallow@${NS}`, reason: "" }))).toBe(404);

    // Withdrawal: the next request is not found.
    const grant = await prisma.safetyMeasureGrant.findFirstOrThrow({ where: { measureId: journeys } });
    await withdrawSight(jordan, journeys, grant.id);
    expect(await statusOf(openMeasure(tom, journeys))).toBe(404);
    expect(await measuresSharedWithMe(tom)).toEqual([]);
    expect(await rejected(withdrawSight(jordan, journeys, grant.id))).toEqual({ form: "That was already withdrawn." });

    // The ledger: both grants, the withdrawal, and each open by someone else.
    const ledger = await planLedger(jordan);
    expect(ledger.grants.map((row) => [row.measure, row.to, row.withdrawnAt !== null])).toEqual([
      ["A colleague on journeys outside the office", "Tom Brightwater", true],
      ["Give reception a photo and vehicle details of the person", "Ffion Gwilliam", false],
    ]);
    expect(ledger.opened.map((row) => row.who).sort()).toEqual(["Ffion Gwilliam", "Tom Brightwater"]);

    // Every decision is audited, refusals included, and none reaches the general audit trail.
    const rows = await prisma.auditEvent.findMany({ where: { subjectType: "SafetyMeasure" } });
    expect(rows.some((row) => row.actorId === tom.actor.id && row.outcome === "REFUSED")).toBe(true);
    expect(rows.some((row) => row.action === "safety.grant.withdraw" && row.outcome === "SUCCESS")).toBe(true);
    expect(await prisma.auditEvent.count({ where: { AND: [OUTSIDE_CASE_FILES, { subjectType: "SafetyMeasure" }] } })).toBe(0);

    // Their own data export holds the plan, its grants and who opened it.
    const exported = await exportMyData(jordan);
    expect(exported.safetyPlan.map((row) => row.grants.length)).toEqual([1, 1]);
    expect(exported.activity.some((row) => row.by === "Tom Brightwater" && row.action === "access.read")).toBe(true);

    // The database keeps a grant as it was given: it can be withdrawn once, never changed or deleted.
    await expect(prisma.safetyMeasureGrant.update({ where: { id: grant.id }, data: { personId: alys.actor.id } })).rejects.toThrow();
    await expect(prisma.safetyMeasureGrant.delete({ where: { id: grant.id } })).rejects.toThrow();
  });

  it("a supporter of the chosen service proposes and changes measures; the employee agrees; an unagreed change hides it from grantees; withdrawn consent ends the supporter's sight", async () => {
    const { prisma } = use();
    const jordan = await contextFor("pcMistryOake");
    const tom = await contextFor("ashSergeant");
    const lucy = await contextFor("idvaLiaison");
    const welfare = await contextFor("welfare");
    const services = Object.fromEntries((await prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    const checked = checkRequestForm({ serviceId: services.STAFF_IDVA, shareWithService: ["IDENTITY"], safeChannels: ["WORK_EMAIL"], termsAccepted: "on" }, "send", new Set(Object.values(services)));
    if (!checked.ok) throw new Error("form");
    const { id: requestId } = await saveRequest(jordan, { form: checked.form, send: true });

    // Another service cannot propose on it.
    expect(await statusOf(addMeasure(welfare, measure(), requestId))).toBe(404);
    const { id: proposed } = await addMeasure(lucy, measure({ kind: "ACCESS_CODES", instructions: "Fictional: change the rear door code.", ownerEmail: `lucy.harrowden@${NS}` }), requestId);
    const row = await prisma.safetyMeasure.findUniqueOrThrow({ where: { id: proposed } });
    expect(row).toMatchObject({ employeeId: jordan.actor.id, requestId, agreedAt: null });
    expect((await measuresOnRequest(lucy, requestId)).map((m) => m.id)).toEqual([proposed]);
    expect(await statusOf(openMeasure(welfare, proposed))).toBe(404);
    // A supporter cannot agree for the employee or share it.
    expect(await statusOf(agreeMeasure(lucy, proposed))).toBe(404);
    // Not agreed: the employee cannot share it yet.
    expect(await rejected(grantSight(jordan, proposed, { to: "LINE_MANAGER", email: "", reason: "" }))).toMatchObject({ to: expect.stringMatching(/Agree this measure first/) });
    await agreeMeasure(jordan, proposed);
    await grantSight(jordan, proposed, { to: "LINE_MANAGER", email: "", reason: "" });
    expect((await openMeasure(tom, proposed)).instructions).toBe("Fictional: change the rear door code.");
    // The supporter changes it: the line manager loses sight until Jordan agrees again.
    const current = await prisma.safetyMeasure.findUniqueOrThrow({ where: { id: proposed } });
    await updateMeasure(lucy, proposed, measure({ kind: "ACCESS_CODES", instructions: "Fictional: change the front and rear door codes.", ownerEmail: `lucy.harrowden@${NS}`, version: current.version }));
    expect(await statusOf(openMeasure(tom, proposed))).toBe(404);
    // A stale form is refused, not applied.
    expect(await rejected(updateMeasure(jordan, proposed, measure({ kind: "ACCESS_CODES", ownerEmail: `lucy.harrowden@${NS}`, version: current.version })))).toMatchObject({ form: expect.any(String) });
    await agreeMeasure(jordan, proposed);
    expect((await openMeasure(tom, proposed)).instructions).toBe("Fictional: change the front and rear door codes.");
    expect((await openMeasure(tom, proposed)).requestId).toBeNull();

    // Jordan withdraws consent from the service: Lucy's next look at the measure is not found.
    const consent = (await consentLedger(jordan, requestId)).consents[0]!;
    await withdrawConsent(jordan, requestId, consent.id);
    expect(await statusOf(openMeasure(lucy, proposed))).toBe(404);
    expect(await statusOf(updateMeasure(lucy, proposed, measure()))).toBe(404);
  });

  it("a line manager suggests a measure to their direct report, who agrees it or not; the suggestion gives the manager no sight of it", async () => {
    const { prisma } = use();
    const jordan = await contextFor("pcMistryOake");
    const tom = await contextFor("ashSergeant");
    const roz = await contextFor("ashDutyInspector");
    const { id } = await addMeasure(tom, measure({ kind: "FLEXIBLE_WORK", instructions: "Fictional: start and finish times agreed day by day." }), undefined, jordan.actor.id);
    const stored = await prisma.safetyMeasure.findUniqueOrThrow({ where: { id } });
    expect([stored.employeeId, stored.proposedById, stored.agreedAt]).toEqual([jordan.actor.id, tom.actor.id, null]);
    // The manager cannot open it, change it or agree it for them; the employee can agree it.
    expect(await statusOf(openMeasure(tom, id))).toBe(404);
    expect(await statusOf(agreeMeasure(tom, id))).toBe(404);
    await agreeMeasure(jordan, id);
    expect((await prisma.safetyMeasure.findUniqueOrThrow({ where: { id } })).agreedAt).not.toBeNull();
    // Only for someone who reports to them now: the manager's manager, and a manager for themselves, are refused.
    const before = await prisma.safetyMeasure.count();
    expect(await statusOf(addMeasure(roz, measure(), undefined, jordan.actor.id))).toBe(404);
    expect(await statusOf(addMeasure(tom, measure(), undefined, tom.actor.id))).toBe(404);
    expect(await prisma.safetyMeasure.count()).toBe(before);
  });
});
