// From the adversary's side: an employee names the colleague harming them on their support request. That colleague is
// themselves a staff IDVA liaison and a DA coordinator; their line manager is a DA coordinator too. Neither finds any
// trace of the request: not in their queue, not by its id, not to pick up, message or override, and no notice of it
// reaches them. Every attempt is refused as "not found" and audited as the guard audits refusals. The chain is read
// as it is now: someone made the colleague's manager later loses the request at their next request. Fictional people.
import { expect, it } from "vitest";
import { OverrideSchema, recordOverride, requireOverridePage } from "~/models/support-request/consent.server";
import { sendMessage } from "~/models/support-request/messages.server";
import { findNamedColleague } from "~/models/support-request/named-colleague.server";
import { openRequest, sharedWithMe } from "~/models/support-request/request.server";
import { recordRiskAssessment } from "~/models/support-request/risk.server";
import { acknowledgeRequest } from "~/models/support-request/work.server";
import { describeEachDatabase } from "../support/database";
import { makeSupportRequest, makeSupportService } from "../support/factories";
import { testPeople } from "../support/people";
import { statusOf } from "../support/responses";

const override = OverrideSchema.parse({
  ground: "HIGH_RISK_OF_HARM",
  reason: "Fictional: high risk assessed.",
  tellEmployee: "no",
  withheldReason: "Fictional.",
});

describeEachDatabase("a support request naming a colleague, tried by that colleague and their chain", (use) => {
  it("shows the named colleague and their manager nothing, tells them nothing, audits every attempt, and follows a later change of manager", async () => {
    const { prisma } = use();
    const people = await testPeople(prisma, "Named Colleague Force");
    await people.add("managerAbove", { roles: ["DA_COORDINATOR"] });
    await people.add("namedColleague", { lineManager: "managerAbove", roles: ["STAFF_IDVA_LIAISON", "DA_COORDINATOR"] });
    await people.add("employee");
    await people.add("liaison", { roles: ["STAFF_IDVA_LIAISON"] });
    await people.add("coordinator", { roles: ["DA_COORDINATOR"] });
    const emailOf = async (key: string) => (await prisma.person.findUniqueOrThrow({ where: { id: people.ids[key]! } })).workEmail;
    const mailedTo = async () => new Set((await prisma.outboxMessage.findMany({ select: { toAddress: true } })).map((row) => row.toAddress));
    const service = await makeSupportService(prisma);

    const sent = await makeSupportRequest(prisma, people.ids.employee!, service.id, {
      fields: { abuserWorksHere: "yes", abuserPersonId: people.ids.namedColleague, shareWithService: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] },
    });
    expect((await prisma.supportRequest.findUniqueOrThrow({ where: { id: sent.id } })).abuserPersonId).toBe(people.ids.namedColleague);
    // The service is told, without the named colleague, who holds its queue role too.
    let mail = await mailedTo();
    expect(mail.has(await emailOf("liaison"))).toBe(true);
    expect(mail.has(await emailOf("namedColleague"))).toBe(false);

    // A supporter outside the chain assesses the risk as high: the safeguarding leads are told, but not the chain.
    const liaison = await people.contextFor("liaison");
    await recordRiskAssessment(liaison, sent.id, { answers: {}, yesCount: 9, scored: "HIGH", level: "HIGH", rationale: "" });
    mail = await mailedTo();
    expect(mail.has(await emailOf("coordinator"))).toBe(true);
    expect(mail.has(await emailOf("namedColleague"))).toBe(false);
    expect(mail.has(await emailOf("managerAbove"))).toBe(false);

    // The named colleague (IDVA liaison and DA coordinator) and their manager (DA coordinator): nothing, every way.
    for (const key of ["namedColleague", "managerAbove"]) {
      const adversary = await people.contextFor(key);
      expect(
        (await sharedWithMe(adversary)).map((row) => row.id),
        key,
      ).not.toContain(sent.id);
      expect(await statusOf(openRequest(adversary, sent.id)), key).toBe(404);
      expect(await statusOf(acknowledgeRequest(adversary, sent.id)), key).toBe(404);
      expect(await statusOf(sendMessage(adversary, sent.id, "Fictional: hello.")), key).toBe(404);
      expect(await statusOf(requireOverridePage(adversary, sent.id)), key).toBe(404);
      expect(await statusOf(recordOverride(adversary, sent.id, override)), key).toBe(404);
      const refusals = await prisma.auditEvent.findMany({
        where: { actorId: people.ids[key]!, subjectId: sent.id },
        select: { action: true, outcome: true, reason: true, subjectType: true },
        orderBy: { id: "asc" },
      });
      expect(
        refusals.map((row) => row.action),
        key,
      ).toEqual(["access.read", "support.acknowledge", "support.message", "access.overrideConsent", "support.override"]);
      for (const row of refusals) expect(row, key).toMatchObject({ subjectType: "SupportRequest", outcome: "REFUSED", reason: "outside access scope" });
    }
    const untouched = await prisma.supportRequest.findUniqueOrThrow({ where: { id: sent.id }, select: { assignedToId: true, status: true } });
    expect(untouched).toEqual({ assignedToId: null, status: "SUBMITTED" });
    expect(await prisma.safeguardingOverride.count({ where: { requestId: sent.id } })).toBe(0);
    expect(await prisma.supportMessage.count({ where: { requestId: sent.id } })).toBe(0);

    // Those outside the chain work it as usual: the liaison picks it up, the coordinator records an override.
    expect((await sharedWithMe(liaison)).map((row) => row.id)).toContain(sent.id);
    await acknowledgeRequest(liaison, sent.id);
    const coordinator = await people.contextFor("coordinator");
    await recordOverride(coordinator, sent.id, override);
    expect((await openRequest(coordinator, sent.id)).identity?.name).toBe("employee Fictional");

    // Live: the coordinator is made the named colleague's manager. At their next request the request is gone, even
    // with their override still running.
    await prisma.person.update({ where: { id: people.ids.namedColleague! }, data: { lineManagerId: people.ids.coordinator! } });
    const reorganised = await people.contextFor("coordinator");
    expect(await statusOf(openRequest(reorganised, sent.id))).toBe(404);
    expect((await sharedWithMe(reorganised)).map((row) => row.id)).not.toContain(sent.id);
    const lastRefusal = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: people.ids.coordinator!, subjectId: sent.id }, orderBy: { id: "desc" } });
    expect(lastRefusal).toMatchObject({ action: "access.read", outcome: "REFUSED", reason: "outside access scope" });
  });

  it("searches for the colleague only with two letters or more: a shorter search is explained, keeps what was typed, and looks nothing up", async () => {
    const { prisma } = use();
    const people = await testPeople(prisma, "Colleague Search Force");
    await people.add("employee");
    await people.add("colleague");
    const employee = await people.contextFor("employee");
    const searchesAudited = () => prisma.auditEvent.count({ where: { actorId: people.ids.employee!, action: "support.directory.search" } });
    const form = (q: string) => {
      const data = new FormData();
      data.set("abuserQuery", q);
      data.set("supportWanted", "Fictional: typed before the search");
      return data;
    };

    const short = await findNamedColleague(employee, form("c"));
    expect(short.found).toEqual([]);
    expect(short.reply.error?.abuserQuery).toEqual(["Type at least two letters of their name or work email"]);
    expect(short.reply.initialValue).toMatchObject({ abuserQuery: "c", supportWanted: "Fictional: typed before the search" });
    expect(await searchesAudited()).toBe(0);

    const found = await findNamedColleague(employee, form("colleague"));
    const foundIds = found.found.map((match) => match.id);
    expect(foundIds).toContain(people.ids.colleague);
    expect(foundIds).not.toContain(people.ids.employee);
    expect(found.reply.error?.abuserQuery).toBeUndefined();
    expect(await searchesAudited()).toBe(1);
  });
});
