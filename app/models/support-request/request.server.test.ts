import { expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { ChangeRejected } from "~/utils/forms";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { consentLedger, grantConsent, withdrawConsent } from "./consent.server";
import { exportMyData } from "./export.server";
import { requestHistory, sendMessage } from "./messages.server";
import { checkRequestForm, type RequestForm } from "./request-form";
import { myRequests, openRequest, purgeExpiredDrafts, saveRequest, sharedWithMe } from "./request.server";
import { acknowledgeRequest, closeRequest, handOver } from "./work.server";
import { SUPPORT_DIRECTORY } from "../../../prisma/support-directory";

describeEachDatabase("the confidential support route", (use) => {
  let seed: SeedSummary;
  let services: Record<string, string>;
  const person = (key: string) => {
    const id = seed.ids.people[key];
    if (!id) throw new Error(`no seed person ${key}`);
    return id;
  };

  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));

  function form(overrides: Record<string, unknown> = {}, intent: "save" | "send" = "send"): RequestForm {
    const checked = checkRequestForm(
      {
        serviceId: services.STAFF_IDVA,
        message: "Fictional: please contact me about work.",
        shareWithService: ["MESSAGE", "SAFE_CONTACT"],
        safeChannels: ["WORK_EMAIL"],
        unsafeChannels: ["PERSONAL_MOBILE"],
        safeTimes: "Weekdays 9 to 3",
        termsAccepted: "on",
        ...overrides,
      },
      intent,
      new Set(Object.values(services)),
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    return checked.form;
  }

  const mailTo = async (key: string) => {
    const { prisma } = use();
    const address = (await prisma.person.findUniqueOrThrow({ where: { id: person(key) } })).workEmail;
    return prisma.outboxMessage.findMany({ where: { toAddress: address }, orderBy: { createdAt: "asc" } });
  };

  it("checks the form: nothing is needed for a draft; sending needs a service, a safe contact that is not also marked unsafe, and the terms", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    services = Object.fromEntries((await prisma.supportService.findMany()).map((service) => [service.kind, service.id]));
    expect(Object.keys(services)).toHaveLength(SUPPORT_DIRECTORY.length); // one entry of each kind
    const ids = new Set(Object.values(services));
    expect(checkRequestForm({}, "save", ids)).toMatchObject({ ok: true });
    const empty = checkRequestForm({}, "send", ids);
    expect(empty.ok ? {} : empty.errors).toMatchObject({ serviceId: expect.any(String), safeChannels: expect.any(String), termsAccepted: expect.any(String) });
    // "Please contact me" with nothing more is a valid request.
    expect(checkRequestForm({ serviceId: services.WELFARE, safeChannels: ["PORTAL_ONLY"], termsAccepted: "on" }, "send", ids)).toMatchObject({ ok: true });
    // The only safe channel picked is one they marked unsafe: refused with a clear message beside the field.
    const unsafe = checkRequestForm(
      { serviceId: services.WELFARE, safeChannels: ["PERSONAL_MOBILE"], unsafeChannels: ["PERSONAL_MOBILE"], termsAccepted: "on" },
      "send",
      ids,
    );
    expect(unsafe.ok ? "" : unsafe.errors.safeChannels).toMatch(/also marked your personal mobile phone as not safe/);
    // A service without a portal queue, or one that does not exist, is refused when sending.
    const unknown = checkRequestForm({ serviceId: "not-a-service", safeChannels: ["WORK_EMAIL"], termsAccepted: "on" }, "send", ids);
    expect(unknown.ok ? "" : unknown.errors.serviceId).toBeTruthy();
    const unshared = checkRequestForm({ serviceId: services.WELFARE, message: "Fictional.", safeChannels: ["WORK_EMAIL"], termsAccepted: "on" }, "send", ids);
    expect(unshared.ok ? "" : unshared.errors.shareWithService).toMatch(/chose not to share/);
  });

  it("keeps a draft for its author alone, deletes it after its date, and sends nothing until they choose", async () => {
    const { prisma } = use();
    const employee = await contextFor("pcPenhallow");
    const outboxBefore = await prisma.outboxMessage.count();
    const draft = await saveRequest(employee, { form: form({}, "save"), send: false });
    expect(await prisma.outboxMessage.count()).toBe(outboxBefore);
    const row = await prisma.supportRequest.findUniqueOrThrow({ where: { id: draft.id } });
    expect(row.status).toBe("DRAFT");
    expect(row.draftExpiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    for (const key of ["idvaLiaison", "ashSergeant", "daCoordinatorOfficer", "admin"]) {
      expect(await statusOf(openRequest(await contextFor(key), draft.id)), key).toBe(404);
    }
    expect((await myRequests(employee)).map((request) => request.id)).toContain(draft.id);
    // Another person cannot save over it.
    expect(await statusOf(saveRequest(await contextFor("pcMistryOake"), { id: draft.id, form: form({}, "save"), send: false }))).toBe(404);
    // Not yet expired: kept. Past its date: deleted (and only drafts are).
    expect(await purgeExpiredDrafts({ prisma }, new Date())).toBe(0);
    expect(await purgeExpiredDrafts({ prisma }, new Date(Date.now() + 31 * 24 * 3600 * 1000))).toBe(1);
    expect(await prisma.supportRequest.count({ where: { id: draft.id } })).toBe(0);
  });

  it("shows the chosen service only what was shared, tells the employee of a message by the safe route only, without content, and refuses a message to a closed request", async () => {
    const { prisma } = use();
    const employee = await contextFor("pcPenhallow");
    const sent = await saveRequest(employee, { form: form(), send: true });
    // The service is told, without content.
    const liaisonMail = await mailTo("idvaLiaison");
    expect(liaisonMail.at(-1)?.text).not.toMatch(/Fictional/);

    const liaison = await contextFor("idvaLiaison");
    const seen = await openRequest(liaison, sent.id);
    expect(seen.identity).toBeNull(); // who they are was not shared
    expect(seen.wanted?.message).toBe("Fictional: please contact me about work.");
    expect(seen.safeContact?.safeChannels).toEqual(["WORK_EMAIL"]);
    expect((await sharedWithMe(liaison)).map((row) => row.id)).toContain(sent.id);

    // Nobody else finds it: not the line manager, a colleague, an administrator, PSD, or another service.
    for (const key of ["ashSergeant", "pcMistryOake", "admin", "psdHead", "welfare", "pcsoCrowhurst"]) {
      const context = await contextFor(key);
      expect(await statusOf(openRequest(context, sent.id)), key).toBe(404);
      expect(await sharedWithMe(context), key).toEqual([]);
      expect(await statusOf(sendMessage(context, sent.id, "Fictional.")), key).toBe(404);
    }
    // Every decision was audited, the refusals included.
    const refused = await prisma.auditEvent.count({ where: { subjectType: "SupportRequest", subjectId: sent.id, outcome: "REFUSED" } });
    expect(refused).toBeGreaterThanOrEqual(12);

    await acknowledgeRequest(liaison, sent.id);
    const employeeMailBefore = (await mailTo("pcPenhallow")).length;
    await sendMessage(liaison, sent.id, "Fictional reply: when is a good time?");
    const employeeMail = await mailTo("pcPenhallow");
    expect(employeeMail).toHaveLength(employeeMailBefore + 1);
    expect(employeeMail.at(-1)!.template).toBe("new-message");
    expect(employeeMail.at(-1)!.text).not.toMatch(/good time|Fictional/);

    // A request whose safe route is not work email: the notification is shown in the portal only.
    const portalOnly = await saveRequest(employee, { form: form({ safeChannels: ["PORTAL_ONLY"], unsafeChannels: ["WORK_EMAIL"] }), send: true });
    await sendMessage(liaison, portalOnly.id, "Fictional reply.");
    expect(await mailTo("pcPenhallow")).toHaveLength(employeeMailBefore + 1);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: portalOnly.id, action: "support.message" } });
    expect(audit.details).toContain("in-portal only");

    await closeRequest(liaison, sent.id);
    await expect(sendMessage(employee, sent.id, "Fictional.")).rejects.toBeInstanceOf(ChangeRejected);
    await expect(sendMessage(liaison, sent.id, "Fictional.")).rejects.toThrow(ChangeRejected);
  });

  it("lets the employee share more and withdraw: a supporter reading when consent is withdrawn gets 'not found' next; the ledger shows who opened it", async () => {
    const employee = await contextFor("pcPenhallow");
    const sent = await saveRequest(employee, { form: form(), send: true });
    const liaison = await contextFor("idvaLiaison");
    await openRequest(liaison, sent.id);

    const manager = await contextFor("ashSergeant");
    expect(await statusOf(openRequest(manager, sent.id))).toBe(404);
    await grantConsent(employee, sent.id, { to: "LINE_MANAGER", shares: ["IDENTITY"], reason: "" });
    const managerView = await openRequest(manager, sent.id);
    expect(managerView.identity?.name).toBe("Ally Penhallow");
    expect(managerView.wanted).toBeNull();
    expect(managerView.safeContact).toBeNull();
    expect(managerView.may.message).toBe(false);
    // The history carries supporters' notes: not for someone shared only who the employee is.
    expect(await requestHistory(manager, sent.id)).toEqual([]);
    expect((await requestHistory(liaison, sent.id)).length).toBeGreaterThan(0);

    const ledger = await consentLedger(employee, sent.id);
    expect(ledger.consents.map((row) => row.to)).toEqual(["Staff IDVA service", "Tom Brightwater"]);
    expect(ledger.opened.map((row) => row.who)).toEqual(expect.arrayContaining(["Lucy Harrowden", "Tom Brightwater"]));
    // Only the employee reads the ledger.
    expect(await statusOf(consentLedger(liaison, sent.id))).toBe(404);
    expect(await statusOf(withdrawConsent(liaison, sent.id, ledger.consents[0]!.id))).toBe(403);

    for (const consent of ledger.consents) await withdrawConsent(employee, sent.id, consent.id);
    expect(await statusOf(openRequest(liaison, sent.id))).toBe(404);
    expect(await statusOf(openRequest(manager, sent.id))).toBe(404);
    expect((await sharedWithMe(liaison)).map((row) => row.id)).not.toContain(sent.id);
    await expect(withdrawConsent(employee, sent.id, ledger.consents[0]!.id)).rejects.toBeInstanceOf(ChangeRejected);
  });

  it("hands over within the service (the employee is told); a supporter who leaves the service loses access and the request returns to the queue", async () => {
    const { prisma } = use();
    const employee = await contextFor("pcMistryOake");
    const sent = await saveRequest(employee, {
      form: form({ serviceId: services.DA_CHAMPION, shareWithService: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] }),
      send: true,
    });
    const champion = await contextFor("pcsoCrowhurst");
    const colleague = await contextFor("callHandler");
    await acknowledgeRequest(champion, sent.id);
    // Not to someone outside the service.
    await expect(handOver(champion, sent.id, person("welfare"))).rejects.toBeInstanceOf(ChangeRejected);
    const before = (await mailTo("pcMistryOake")).length;
    await handOver(champion, sent.id, person("callHandler"));
    expect((await mailTo("pcMistryOake")).length).toBe(before + 1);
    expect((await openRequest(colleague, sent.id)).assignedTo).toBe("Harriet Summerby");

    // Harriet leaves the champions: her next request is "not found", and the request is back in the queue.
    await prisma.roleAssignment.delete({ where: { personId_role: { personId: person("callHandler"), role: "DA_CHAMPION" } } });
    expect(await statusOf(openRequest(await contextFor("callHandler"), sent.id))).toBe(404);
    const queue = await sharedWithMe(champion);
    expect(queue.find((row) => row.id === sent.id)?.holder).toBeNull();
  });

  it("refuses changes to the record of what happened: messages and consents are append-only in the database", async () => {
    const { prisma } = use();
    const message = await prisma.supportMessage.findFirstOrThrow();
    await expect(prisma.supportMessage.update({ where: { id: message.id }, data: { body: "Rewritten" } })).rejects.toThrow();
    await expect(prisma.supportMessage.delete({ where: { id: message.id } })).rejects.toThrow();
    const consent = await prisma.supportConsent.findFirstOrThrow({ where: { withdrawnAt: { not: null } } });
    await expect(prisma.supportConsent.update({ where: { id: consent.id }, data: { shares: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] } })).rejects.toThrow();
    await expect(prisma.supportConsent.delete({ where: { id: consent.id } })).rejects.toThrow();
  });

  it("keeps support rows out of the general audit trail, and exports the employee's own data without case files", async () => {
    const { prisma } = use();
    const admin = await contextFor("admin");
    const { accessScope } = await import("~/access/guard.server");
    const visible = await prisma.auditEvent.count({ where: { AND: [accessScope(admin.ability, "list", "AuditEvent"), { subjectType: "SupportRequest" }] } });
    expect(visible).toBe(0);
    const psd = await contextFor("psdHead");
    expect(await prisma.auditEvent.count({ where: { AND: [accessScope(psd.ability, "list", "AuditEvent"), { subjectType: "SupportRequest" }] } })).toBe(0);

    const exported = await exportMyData(await contextFor("pcPenhallow"));
    expect(exported.person?.workEmail).toBe("alys.penhallow@northshire.police.invalid");
    expect(exported.supportRequests.length).toBeGreaterThanOrEqual(3);
    expect(exported.supportRequests.some((request) => request.messages.length > 0)).toBe(true);
    expect(JSON.stringify(exported)).not.toContain("PoliceSuspectCase");
  });
});
