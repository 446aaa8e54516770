import { beforeAll, expect, it } from "vitest";
import { OUTSIDE_CASE_FILES } from "#policies/rules/police-suspect-cases";
import type { RequestContext } from "~/access/request-context.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { makePerson, makeSupportService } from "../../../tests/support/factories";
import { ReferralFormSchema, referToService } from "./service-referral.server";
import { checkRequestForm } from "../support-request/request-form";
import { myRequests, openRequest, saveRequest, sharedWithMe } from "../support-request/request.server";

describeEachDatabase("a line manager's referral to a support service", (use) => {
  // A sergeant (Tom) with their own manager and one report (Jordan), a staff IDVA liaison, and the service they work for.
  const ids: Record<string, string> = {};
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, ids[key]!);

  beforeAll(async () => {
    const { prisma } = use();
    ids.ashDutyInspector = (await makePerson(prisma, { rank: "INSPECTOR" })).id;
    ids.ashSergeant = (
      await makePerson(prisma, { firstName: "Thomas", preferredName: "Tom", lastName: "Brightwater", rank: "SERGEANT", lineManagerId: ids.ashDutyInspector })
    ).id;
    ids.pcMistryOake = (await makePerson(prisma, { lineManagerId: ids.ashSergeant })).id;
    ids.idvaLiaison = (await makePerson(prisma, { employeeType: "STAFF", roles: ["STAFF_IDVA_LIAISON"] })).id;
    await makeSupportService(prisma, "STAFF_IDVA");
  });

  it("needs a service and the employee's agreement", () => {
    const empty = ReferralFormSchema.safeParse({});
    expect(empty.error!.issues.map((issue) => String(issue.path[0])).sort()).toEqual(["consent", "serviceId"]);
  });

  it("starts a draft only the employee sees, for a direct report only; the employee confirms it by sending it", async () => {
    const { prisma } = use();
    const tom = await contextFor("ashSergeant");
    const jordan = await contextFor("pcMistryOake");
    const lucy = await contextFor("idvaLiaison");
    const tomsManager = await contextFor("ashDutyInspector");
    const services = Object.fromEntries((await prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    const form = { serviceId: services.STAFF_IDVA!, note: "Fictional: we talked about the staff IDVA.", consent: "on" as const };

    // Not their direct report (their manager's manager, or themselves): not found, audited out of the general trail.
    for (const [who, employeeId] of [
      [tomsManager, jordan.actor.id],
      [tom, tom.actor.id],
      [jordan, tom.actor.id],
    ] as const) {
      expect(await statusOf(referToService(who, employeeId, form))).toBe(404);
    }
    expect(await prisma.supportRequest.count()).toBe(0);
    // A service outside the list is refused beside the field; nothing written.
    await expect(referToService(tom, jordan.actor.id, { ...form, serviceId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({
      errors: { serviceId: expect.any(String) },
    });

    await referToService(tom, jordan.actor.id, form);
    const draft = await prisma.supportRequest.findFirstOrThrow();
    expect(draft).toMatchObject({ employeeId: jordan.actor.id, referredById: tom.actor.id, status: "DRAFT", serviceId: services.STAFF_IDVA });
    // Nobody but the employee reaches it: not the manager who started it, not the service.
    expect(await statusOf(openRequest(tom, draft.id))).toBe(404);
    expect(await statusOf(openRequest(lucy, draft.id))).toBe(404);
    expect(await sharedWithMe(lucy)).toEqual([]);
    expect(await prisma.supportConsent.count()).toBe(0);
    expect((await myRequests(jordan)).map((row) => [row.id, row.suggestedBy])).toEqual([[draft.id, "Tom Brightwater"]]);

    // The employee confirms it by sending it with their own choices.
    const checked = checkRequestForm(
      { serviceId: services.STAFF_IDVA, supportWanted: draft.supportWanted, shareWithService: ["IDENTITY"], safeChannels: ["WORK_EMAIL"], termsAccepted: "on" },
      "send",
      new Set(Object.values(services)),
    );
    if (!checked.ok) throw new Error("form");
    await saveRequest(jordan, { id: draft.id, form: checked.form, send: true });
    expect((await sharedWithMe(lucy)).map((row) => row.id)).toEqual([draft.id]);
    expect(await statusOf(openRequest(tom, draft.id))).toBe(404);

    expect(await prisma.auditEvent.count({ where: { action: "support.referral" } })).toBe(4);
    expect(await prisma.auditEvent.count({ where: { AND: [OUTSIDE_CASE_FILES, { action: "support.referral" }] } })).toBe(0);
  });
});
