import { expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { consentLedger, withdrawConsent } from "~/models/support-request/consent.server";
import { checkRequestForm } from "~/models/support-request/request-form";
import { saveRequest } from "~/models/support-request/request.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { fictionalMeasure, NS, rejected } from "../../../tests/support/safety-plan";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { measuresOnRequest } from "./ledger.server";
import { addMeasure, agreeMeasure, openMeasure, updateMeasure } from "./measures.server";
import { grantSight } from "./sight.server";

describeEachDatabase("the workplace safety plan: proposing, suggesting, changing and agreeing measures", (use) => {
  let seed: SeedSummary | undefined;

  const contextFor = async (key: string): Promise<RequestContext> => {
    seed ??= await seedDemoOrganisation(use().prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    return contextForPerson(use().prisma, seed.ids.people[key]!);
  };

  it("a supporter of the chosen service proposes and changes measures; the employee agrees; an unagreed change hides it from grantees; withdrawn consent ends the supporter's sight", async () => {
    const { prisma } = use();
    const jordan = await contextFor("pcMistryOake");
    const tom = await contextFor("ashSergeant");
    const lucy = await contextFor("idvaLiaison");
    const welfare = await contextFor("welfare");
    const services = Object.fromEntries((await prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    const checked = checkRequestForm(
      { serviceId: services.STAFF_IDVA, shareWithService: ["IDENTITY"], safeChannels: ["WORK_EMAIL"], termsAccepted: "on" },
      "send",
      new Set(Object.values(services)),
    );
    if (!checked.ok) throw new Error("form");
    const { id: requestId } = await saveRequest(jordan, { form: checked.form, send: true });

    // Another service cannot propose on it.
    expect(await statusOf(addMeasure(welfare, fictionalMeasure(), requestId))).toBe(404);
    const { id: proposed } = await addMeasure(
      lucy,
      fictionalMeasure({ kind: "ACCESS_CODES", instructions: "Fictional: change the rear door code.", ownerEmail: `lucy.harrowden@${NS}` }),
      requestId,
    );
    const row = await prisma.safetyMeasure.findUniqueOrThrow({ where: { id: proposed } });
    expect(row).toMatchObject({ employeeId: jordan.actor.id, requestId, agreedAt: null });
    expect((await measuresOnRequest(lucy, requestId)).map((m) => m.id)).toEqual([proposed]);
    expect(await statusOf(openMeasure(welfare, proposed))).toBe(404);
    // A supporter cannot agree for the employee or share it.
    expect(await statusOf(agreeMeasure(lucy, proposed))).toBe(404);
    // Not agreed: the employee cannot share it yet.
    expect(await rejected(grantSight(jordan, proposed, { to: "LINE_MANAGER", email: "", reason: "" }))).toMatchObject({
      to: expect.stringMatching(/Agree this measure first/),
    });
    await agreeMeasure(jordan, proposed);
    await grantSight(jordan, proposed, { to: "LINE_MANAGER", email: "", reason: "" });
    expect((await openMeasure(tom, proposed)).instructions).toBe("Fictional: change the rear door code.");
    // The supporter changes it: the line manager loses sight until Jordan agrees again.
    const current = await prisma.safetyMeasure.findUniqueOrThrow({ where: { id: proposed } });
    await updateMeasure(
      lucy,
      proposed,
      fictionalMeasure({
        kind: "ACCESS_CODES",
        instructions: "Fictional: change the front and rear door codes.",
        ownerEmail: `lucy.harrowden@${NS}`,
        version: current.version,
      }),
    );
    expect(await statusOf(openMeasure(tom, proposed))).toBe(404);
    // A stale form is refused, not applied.
    expect(
      await rejected(updateMeasure(jordan, proposed, fictionalMeasure({ kind: "ACCESS_CODES", ownerEmail: `lucy.harrowden@${NS}`, version: current.version }))),
    ).toMatchObject({ form: expect.any(String) });
    await agreeMeasure(jordan, proposed);
    expect((await openMeasure(tom, proposed)).instructions).toBe("Fictional: change the front and rear door codes.");
    expect((await openMeasure(tom, proposed)).requestId).toBeNull();

    // Jordan withdraws consent from the service: Lucy's next look at the measure is not found.
    const consent = (await consentLedger(jordan, requestId)).consents[0]!;
    await withdrawConsent(jordan, requestId, consent.id);
    expect(await statusOf(openMeasure(lucy, proposed))).toBe(404);
    expect(await statusOf(updateMeasure(lucy, proposed, fictionalMeasure()))).toBe(404);
  });

  it("a line manager suggests a measure to their direct report, who agrees it or not; the suggestion gives the manager no sight of it", async () => {
    const { prisma } = use();
    const jordan = await contextFor("pcMistryOake");
    const tom = await contextFor("ashSergeant");
    const roz = await contextFor("ashDutyInspector");
    const { id } = await addMeasure(
      tom,
      fictionalMeasure({ kind: "FLEXIBLE_WORK", instructions: "Fictional: start and finish times agreed day by day." }),
      undefined,
      jordan.actor.id,
    );
    const stored = await prisma.safetyMeasure.findUniqueOrThrow({ where: { id } });
    expect([stored.employeeId, stored.proposedById, stored.agreedAt]).toEqual([jordan.actor.id, tom.actor.id, null]);
    // The manager cannot open it, change it or agree it for them; the employee can agree it.
    expect(await statusOf(openMeasure(tom, id))).toBe(404);
    expect(await statusOf(agreeMeasure(tom, id))).toBe(404);
    await agreeMeasure(jordan, id);
    expect((await prisma.safetyMeasure.findUniqueOrThrow({ where: { id } })).agreedAt).not.toBeNull();
    // Only for someone who reports to them now: the manager's manager, and a manager for themselves, are refused.
    const before = await prisma.safetyMeasure.count();
    expect(await statusOf(addMeasure(roz, fictionalMeasure(), undefined, jordan.actor.id))).toBe(404);
    expect(await statusOf(addMeasure(tom, fictionalMeasure(), undefined, tom.actor.id))).toBe(404);
    expect(await prisma.safetyMeasure.count()).toBe(before);
  });
});
