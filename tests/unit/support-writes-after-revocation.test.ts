// Support-request writes decide, act and audit in one transaction: a supporter (or safeguarding lead) whose access was
// withdrawn after their page loaded and before they post gets "not found", the request is unchanged, no mail goes
// out, and the attempt is in the audit trail. Each write is shown to work for the same person first, so that the
// refusal is the revocation's doing. Posted to the routes' actions, which call the domain modules' functions.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "react-router";
import { expect, it } from "vitest";
import type { Role } from "~/generated/prisma/enums";
import { startSession } from "~/auth/sign-in.server";
import { setDatabase } from "~/db.server";
import { withdrawConsent } from "~/models/support-request/consent.server";
import { checkRequestForm } from "~/models/support-request/request-form";
import { saveRequest } from "~/models/support-request/request.server";
import { action as requestAction, loader as requestLoader } from "~/routes/support.requests.$requestId._index";
import { action as overrideAction, loader as overrideLoader } from "~/routes/support.requests.$requestId.safeguarding";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { contextForPerson } from "../support/people";
import { routerArgs } from "../support/router";
import { sessionCookieName } from "~/auth/cookie.server";

type Handler = (args: ActionFunctionArgs & LoaderFunctionArgs) => Promise<unknown>;

describeEachDatabase("support requests: writes after access is withdrawn", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  async function setUp() {
    const database = use();
    setDatabase(database);
    seed ??= await seedDemoOrganisation(database.prisma, { passwordHash: "$argon2id$not-a-real-hash" });
  }

  /** A request the employee sent to the service of `kind`, sharing everything, with their work email safe. */
  async function sentRequest(employeeKey: string, kind: string): Promise<string> {
    const { prisma } = use();
    const services = await prisma.supportService.findMany({ select: { id: true, kind: true } });
    const serviceId = services.find((service) => service.kind === kind)!.id;
    const checked = checkRequestForm(
      {
        serviceId,
        message: "Fictional: please contact me.",
        shareWithService: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"],
        safeChannels: ["WORK_EMAIL"],
        termsAccepted: "on",
      },
      "send",
      new Set(services.map((service) => service.id)),
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    return (await saveRequest(await contextForPerson(prisma, person(employeeKey)), { form: checked.form, send: true })).id;
  }

  const cookieOf = async (key: string) =>
    `${sessionCookieName()}=${await use().prisma.$transaction((tx) => startSession(tx, person(key), "password", { ipAddress: "198.51.100.7", userAgent: "vitest" }))}`;

  /** The router's arguments for a GET or POST of the request's page (or a sub-page): the session is resolved here. */
  async function argsFor(cookie: string, requestId: string, fields?: Record<string, string>, path = "") {
    const url = `http://localhost/support/requests/${requestId}${path}`;
    const request = fields
      ? new Request(url, { method: "POST", headers: { cookie }, body: new URLSearchParams(fields) })
      : new Request(url, { headers: { cookie } });
    return (await routerArgs(request, { requestId })) as ActionFunctionArgs & LoaderFunctionArgs;
  }

  /** The HTTP status a loader or action answers (a redirect, or data, is a success). */
  async function statusOf(handler: Handler, args: ActionFunctionArgs & LoaderFunctionArgs): Promise<number> {
    try {
      await handler(args);
      return 200;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status >= 300 && thrown.status < 400 ? 200 : thrown.status;
      throw thrown;
    }
  }

  async function expectRefusalAudited(key: string, requestId: string, auditAction: string) {
    const refusal = await use().prisma.auditEvent.findFirstOrThrow({
      where: { actorId: person(key), subjectId: requestId, action: auditAction },
      orderBy: { id: "desc" },
    });
    expect(refusal).toMatchObject({ subjectType: "SupportRequest", outcome: "REFUSED", reason: "outside access scope" });
  }

  /** Everything a write could have changed on the request, and the mail queued anywhere. */
  async function stateOf(requestId: string) {
    const { prisma } = use();
    const request = await prisma.supportRequest.findUniqueOrThrow({
      where: { id: requestId },
      select: { status: true, assignedToId: true, version: true, closedAt: true },
    });
    return {
      request,
      messages: await prisma.supportMessage.count({ where: { requestId } }),
      events: await prisma.supportEvent.count({ where: { requestId } }),
      risks: await prisma.riskAssessment.count({ where: { requestId } }),
      overrides: await prisma.safeguardingOverride.count({ where: { requestId } }),
      mail: await prisma.outboxMessage.count(),
    };
  }

  async function removeRole(key: string, role: Role) {
    await use().prisma.roleAssignment.delete({ where: { personId_role: { personId: person(key), role } } });
  }

  async function restoreRole(key: string, role: Role) {
    await use().prisma.roleAssignment.create({ data: { personId: person(key), role } });
  }

  const riskAnswers = async () =>
    Object.fromEntries([
      ["intent", "risk"],
      ...(await use().prisma.riskQuestion.findMany({ where: { active: true } })).map((question) => [`q-${question.id}`, "no"]),
    ]);

  it("a message and a risk assessment by a supporter, after the employee withdrew their consent between the form's load and its post", async () => {
    await setUp();
    const cookie = await cookieOf("idvaLiaison");
    const message = { intent: "message", body: "Fictional: when is a good time?" };

    const allowed = await sentRequest("pcPenhallow", "STAFF_IDVA");
    expect(await statusOf(requestAction, await argsFor(cookie, allowed, message))).toBe(200);
    expect(await statusOf(requestAction, await argsFor(cookie, allowed, await riskAnswers()))).toBe(200);
    expect(await stateOf(allowed)).toMatchObject({ messages: 1, risks: 1 });

    const withdrawn = await sentRequest("pcPenhallow", "STAFF_IDVA");
    expect(await statusOf(requestLoader, await argsFor(cookie, withdrawn))).toBe(200);
    // The supporter's posts are already on their way (their session and ability resolved) when the withdrawal commits.
    const messagePost = await argsFor(cookie, withdrawn, message);
    const riskPost = await argsFor(cookie, withdrawn, await riskAnswers());
    const employee = await contextForPerson(use().prisma, person("pcPenhallow"));
    const [consent] = await use().prisma.supportConsent.findMany({ where: { requestId: withdrawn } });
    await withdrawConsent(employee, withdrawn, consent!.id);
    const before = await stateOf(withdrawn);
    expect(await statusOf(requestAction, messagePost)).toBe(404);
    expect(await statusOf(requestAction, riskPost)).toBe(404);
    expect(await stateOf(withdrawn)).toEqual(before);
    expect(before).toMatchObject({ messages: 0, risks: 0 });
    await expectRefusalAudited("idvaLiaison", withdrawn, "support.message");
    await expectRefusalAudited("idvaLiaison", withdrawn, "support.risk");
  });

  it("an action note, a hand-over and closing, by a supporter who left the service between the page's load and the post", async () => {
    await setUp();
    const cookie = await cookieOf("pcsoCrowhurst");
    const posts: Record<string, string>[] = [
      { intent: "record-action", note: "Fictional: called back as agreed." },
      { intent: "handover", toPersonId: person("callHandler") },
      { intent: "close" },
    ];

    const allowed = await sentRequest("pcMistryOake", "DA_CHAMPION");
    for (const fields of posts) expect(await statusOf(requestAction, await argsFor(cookie, allowed, fields)), fields.intent).toBe(200);
    expect(await stateOf(allowed)).toMatchObject({ request: { status: "CLOSED", assignedToId: person("callHandler") } });

    const withdrawn = await sentRequest("pcMistryOake", "DA_CHAMPION");
    expect(await statusOf(requestLoader, await argsFor(cookie, withdrawn))).toBe(200);
    await removeRole("pcsoCrowhurst", "DA_CHAMPION");
    try {
      const before = await stateOf(withdrawn);
      for (const fields of posts) expect(await statusOf(requestAction, await argsFor(cookie, withdrawn, fields)), fields.intent).toBe(404);
      expect(await stateOf(withdrawn)).toEqual(before);
      expect(before.request).toMatchObject({ status: "SUBMITTED", assignedToId: null, closedAt: null });
      for (const auditAction of ["support.action", "support.handover", "support.close"]) await expectRefusalAudited("pcsoCrowhurst", withdrawn, auditAction);
    } finally {
      await restoreRole("pcsoCrowhurst", "DA_CHAMPION");
    }
  });

  it("a safeguarding override, by a lead whose role was removed between the override page's load and the post", async () => {
    await setUp();
    const { prisma } = use();
    const cookie = await cookieOf("daCoordinatorOfficer");
    const override = { ground: "HIGH_RISK_OF_HARM", reason: "Fictional: high risk assessed.", tellEmployee: "yes" };
    const assessedHigh = async (requestId: string) => {
      await prisma.riskAssessment.create({
        data: {
          requestId,
          assessorId: person("idvaLiaison"),
          answers: {},
          yesCount: 0,
          scoredLevel: "STANDARD",
          level: "HIGH",
          rationale: "Fictional: professional judgement.",
        },
      });
    };

    const allowed = await sentRequest("kelStaff", "STAFF_IDVA");
    await assessedHigh(allowed);
    expect(await statusOf(overrideAction, await argsFor(cookie, allowed, override, "/safeguarding"))).toBe(200);
    expect(await stateOf(allowed)).toMatchObject({ overrides: 1 });

    const withdrawn = await sentRequest("kelStaff", "STAFF_IDVA");
    await assessedHigh(withdrawn);
    expect(await statusOf(overrideLoader, await argsFor(cookie, withdrawn, undefined, "/safeguarding"))).toBe(200);
    await removeRole("daCoordinatorOfficer", "DA_COORDINATOR");
    try {
      const before = await stateOf(withdrawn);
      expect(await statusOf(overrideAction, await argsFor(cookie, withdrawn, override, "/safeguarding"))).toBe(404);
      expect(await stateOf(withdrawn)).toEqual(before);
      expect(before.overrides).toBe(0);
      // The override page's action asks the guard first (requireOverridePage), so that is where it is refused.
      const refusal = await prisma.auditEvent.findFirstOrThrow({
        where: { actorId: person("daCoordinatorOfficer"), subjectId: withdrawn },
        orderBy: { id: "desc" },
      });
      expect(refusal).toMatchObject({ action: "access.overrideConsent", outcome: "REFUSED", reason: "outside access scope" });
    } finally {
      await restoreRole("daCoordinatorOfficer", "DA_COORDINATOR");
    }
  });
});
