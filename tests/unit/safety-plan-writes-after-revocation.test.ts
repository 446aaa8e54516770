// Safety-plan writes decide, act and audit in one transaction: someone whose access to a plan is withdrawn after
// their page loaded and before they post gets "not found", nothing changes, and the refusal is audited. Each write
// is shown to work for the same person first, so that the refusal is the withdrawal's doing. The withdrawals are
// the ones that end a right to write: the employee withdrawing their consent from the service a supporter works
// for, and the employee moving to another line manager. (Someone the employee lets see a measure never may write.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "react-router";
import { expect, it } from "vitest";
import { startSession } from "~/auth/sign-in.server";
import { setDatabase } from "~/db.server";
import { addMeasure, agreeMeasure } from "~/models/safety-plan/measures.server";
import { checkRequestForm } from "~/models/support-request/request-form";
import { saveRequest } from "~/models/support-request/request.server";
import { action as measureAction, loader as measureLoader } from "~/routes/support.plan.$measureId";
import { action as newMeasureAction, loader as newMeasureLoader } from "~/routes/support.plan.new";
import { action as suggestAction, loader as suggestLoader } from "~/routes/team_.$personId_.measure";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { contextForPerson } from "../support/people";
import { statusOf } from "../support/responses";
import { routerArgs } from "../support/router";
import { fictionalMeasure, NS } from "../support/safety-plan";
import { sessionCookieName } from "~/auth/cookie.server";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

describeEachDatabase("safety-plan pages through the guard: writes after access is withdrawn", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  async function setUp() {
    const database = use();
    setDatabase(database);
    seed ??= await seedDemoOrganisation(database.prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    // Jordan's line manager may have been changed by an earlier test.
    await database.prisma.person.update({ where: { id: person("pcMistryOake") }, data: { lineManagerId: person("ashSergeant") } });
  }

  async function cookieOf(key: string): Promise<string> {
    const token = await use().prisma.$transaction((tx) => startSession(tx, person(key), "password", { ipAddress: "198.51.100.7", userAgent: "vitest" }));
    return `${sessionCookieName()}=${token}`;
  }

  /** Jordan's request to the staff IDVA service, sent, with Lucy's proposed measure on it that Jordan agreed. */
  async function requestWithMeasure() {
    const { prisma } = use();
    const jordan = await contextForPerson(prisma, person("pcMistryOake"));
    const lucy = await contextForPerson(prisma, person("idvaLiaison"));
    const service = await prisma.supportService.findFirstOrThrow({ where: { kind: "STAFF_IDVA" } });
    const checked = checkRequestForm(
      { serviceId: service.id, shareWithService: ["IDENTITY"], safeChannels: ["WORK_EMAIL"], termsAccepted: "on" },
      "send",
      new Set([service.id]),
    );
    if (!checked.ok) throw new Error("the request form was refused");
    const { id: requestId } = await saveRequest(jordan, { form: checked.form, send: true });
    const { id: measureId } = await addMeasure(
      lucy,
      fictionalMeasure({ kind: "ACCESS_CODES", instructions: "Fictional: change the rear door code.", ownerEmail: `lucy.harrowden@${NS}` }),
      requestId,
    );
    await agreeMeasure(jordan, measureId);
    return { requestId, measureId };
  }

  /** The employee withdraws every consent they gave the service on this request. */
  async function withdrawConsentFromService(requestId: string) {
    const { count } = await use().prisma.supportConsent.updateMany({ where: { requestId, withdrawnAt: null }, data: { withdrawnAt: new Date() } });
    expect(count).toBeGreaterThan(0);
  }

  /** Opens the page as the browser would: the HTTP status its loader answers. */
  async function load(loader: Loader, path: string, cookie: string, params: Record<string, string> = {}): Promise<number> {
    const request = new Request(`http://localhost${path}`, { headers: { cookie } });
    return statusOf(loader(await routerArgs(request, params)));
  }

  /** Posts the form to the action as the browser would: its status (a redirect is a success) and what it answered. */
  async function post(action: Action, path: string, cookie: string, fields: Record<string, string>, params: Record<string, string> = {}) {
    const request = new Request(`http://localhost${path}`, { method: "POST", headers: { cookie }, body: new URLSearchParams(fields) });
    try {
      return { status: 200, answer: await action(await routerArgs(request, params)) };
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, answer: null };
      throw thrown;
    }
  }

  const measureFields = (instructions: string, version: number) => ({
    intent: "save",
    kind: "ACCESS_CODES",
    instructions,
    ownerEmail: `lucy.harrowden@${NS}`,
    status: "IN_PLACE",
    reviewOn: "2027-03-31",
    version: String(version),
  });

  const lastAuditBy = (key: string, action: string) =>
    use().prisma.auditEvent.findFirstOrThrow({ where: { actorId: person(key), action }, orderBy: { id: "desc" } });

  it("a supporter's change to a measure, after the employee withdrew consent from their service", async () => {
    const { prisma } = use();
    await setUp();
    const { requestId, measureId } = await requestWithMeasure();
    const lucy = await cookieOf("idvaLiaison");
    const path = `/support/plan/${measureId}`;

    // Allowed while the consent stands: the change is made (and waits for Jordan to agree again).
    expect(await load(measureLoader, path, lucy, { measureId })).toBe(200);
    const before = await prisma.safetyMeasure.findUniqueOrThrow({ where: { id: measureId } });
    const allowed = await post(measureAction, path, lucy, measureFields("Fictional: change the front and rear door codes.", before.version), { measureId });
    expect(allowed).toMatchObject({ status: 200, answer: { done: "The measure was changed." } });
    const changed = await prisma.safetyMeasure.findUniqueOrThrow({ where: { id: measureId } });
    expect(changed).toMatchObject({ instructions: "Fictional: change the front and rear door codes.", version: before.version + 1, agreedAt: null });

    // The page loads; Jordan withdraws consent; Lucy posts the form she has in front of her.
    expect(await load(measureLoader, path, lucy, { measureId })).toBe(200);
    await withdrawConsentFromService(requestId);
    const refused = await post(measureAction, path, lucy, measureFields("Fictional: give the codes to the front desk.", changed.version), { measureId });
    expect(refused.status).toBe(404);
    expect(await prisma.safetyMeasure.findUniqueOrThrow({ where: { id: measureId } })).toEqual(changed);
    expect(await lastAuditBy("idvaLiaison", "safety.measure.update")).toMatchObject({
      subjectType: "SafetyMeasure",
      subjectId: measureId,
      outcome: "REFUSED",
      reason: "outside access scope",
    });
  });

  it("a supporter's proposal of a new measure, after the employee withdrew consent from their service", async () => {
    const { prisma } = use();
    await setUp();
    const { requestId } = await requestWithMeasure();
    const lucy = await cookieOf("idvaLiaison");
    const path = `/support/plan/new?request=${requestId}`;
    const fields = {
      kind: "RECEPTION",
      instructions: "Fictional: a photo for reception.",
      ownerEmail: `lucy.harrowden@${NS}`,
      status: "PLANNED",
      reviewOn: "2027-03-31",
    };

    expect(await load(newMeasureLoader, path, lucy)).toBe(200);
    expect((await post(newMeasureAction, path, lucy, fields)).status).toBe(302);
    const measuresBefore = await prisma.safetyMeasure.findMany({ where: { requestId }, orderBy: { createdAt: "asc" } });
    expect(measuresBefore).toHaveLength(2);

    expect(await load(newMeasureLoader, path, lucy)).toBe(200);
    await withdrawConsentFromService(requestId);
    expect((await post(newMeasureAction, path, lucy, fields)).status).toBe(404);
    expect(await prisma.safetyMeasure.findMany({ where: { requestId }, orderBy: { createdAt: "asc" } })).toEqual(measuresBefore);
    expect(await lastAuditBy("idvaLiaison", "safety.measure.propose")).toMatchObject({
      subjectType: "SafetyMeasure",
      subjectId: null,
      outcome: "REFUSED",
      reason: "outside access scope",
    });
  });

  it("a line manager's suggestion, after the employee moved to another line manager", async () => {
    const { prisma } = use();
    await setUp();
    const jordan = person("pcMistryOake");
    const tom = await cookieOf("ashSergeant");
    const path = `/team/${jordan}/measure`;
    const fields = {
      kind: "FLEXIBLE_WORK",
      instructions: "Fictional: start and finish times agreed day by day.",
      ownerEmail: `thomas.brightwater@${NS}`,
      status: "PLANNED",
      reviewOn: "2027-03-31",
    };
    const jordansPlan = () => prisma.safetyMeasure.findMany({ where: { employeeId: jordan }, orderBy: { createdAt: "asc" } });

    expect(await load(suggestLoader, path, tom, { personId: jordan })).toBe(200);
    expect((await post(suggestAction, path, tom, fields, { personId: jordan })).status).toBe(302);
    const planBefore = await jordansPlan();
    expect(planBefore.filter((measure) => measure.proposedById === person("ashSergeant"))).toHaveLength(1);

    // The page loads; Jordan moves to the duty inspector; Tom posts.
    expect(await load(suggestLoader, path, tom, { personId: jordan })).toBe(200);
    await prisma.person.update({ where: { id: jordan }, data: { lineManagerId: person("ashDutyInspector") } });
    expect((await post(suggestAction, path, tom, fields, { personId: jordan })).status).toBe(404);
    expect(await jordansPlan()).toEqual(planBefore);

    // The write's own decision, taken in its transaction, refuses too (the move could commit after the page's
    // check of the direct report and before the write): nothing added, the refusal audited.
    const tomAsHeIsNow = await contextForPerson(prisma, person("ashSergeant"));
    expect(await statusOf(addMeasure(tomAsHeIsNow, fictionalMeasure({ kind: "FLEXIBLE_WORK" }), undefined, jordan))).toBe(404);
    expect(await jordansPlan()).toEqual(planBefore);
    expect(await lastAuditBy("ashSergeant", "safety.measure.suggest")).toMatchObject({
      subjectType: "SafetyMeasure",
      subjectId: null,
      outcome: "REFUSED",
      reason: "outside access scope",
    });
  });
});
