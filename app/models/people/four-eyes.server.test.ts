// Four eyes on privilege, from the insider's side (THREATS.md, A3): one administrator tries to widen access alone.
import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { accessScope, can } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { completeSetup, issueSetupLink, SETUP_LINK_HOURS, usableSetupLink } from "~/auth/account-setup.server";
import type { Db } from "~/db.server";
import { ChangeRejected } from "~/utils/forms";
import { describeEachDatabase } from "../../../tests/support/database";
import { makeCase } from "../../../tests/support/factories";
import { contextForPerson } from "../../../tests/support/people";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { addPerson, decideProposal, loadProposals, OWN_PRIVILEGE_MESSAGE, OWN_PROPOSAL_MESSAGE, savePerson, sendSetupLink } from "./person-changes.server";
import { findPersonRecord } from "./person.server";
import { EditPersonFormSchema, PersonFormSchema } from "./person-form";
import { proposedChanges } from "./proposal-rules";

const CLIENT = { ipAddress: "198.51.100.7", userAgent: "vitest" };

describe("proposedChanges", () => {
  const current = {
    employeeType: "OFFICER" as const,
    rank: "CONSTABLE" as const,
    staffGradeCode: null,
    unitId: "u1",
    lineManagerId: "m1",
    workEmail: "a@x.invalid",
  };
  it("proposes each privileged field that changes and each role given, and nothing else", () => {
    expect(proposedChanges(current, current, [])).toEqual([]);
    expect(proposedChanges(current, { ...current, rank: "INSPECTOR", lineManagerId: "m2" }, ["PSD_OFFICER"]).map((change) => change.kind)).toEqual([
      "ROLE_GRANT",
      "EMPLOYMENT",
      "LINE_MANAGER",
    ]);
    expect(proposedChanges(current, { ...current, unitId: null, workEmail: "b@x.invalid" }, [])).toEqual([
      { kind: "UNIT", from: "u1", to: null },
      { kind: "WORK_EMAIL", from: "a@x.invalid", to: "b@x.invalid" },
    ]);
  });
});

describeEachDatabase("four eyes on privilege", (use) => {
  let prisma: Db;
  let seed: SeedSummary;
  let adminA: RequestContext;
  let adminB: RequestContext;
  const person = (key: string) => {
    const id = seed.ids.people[key];
    if (!id) throw new Error(`no person ${key}`);
    return id;
  };
  const record = async (id: string) => {
    const found = await findPersonRecord(prisma, { id });
    if (!found) throw new Error("no record");
    return found;
  };
  const editForm = async (id: string, changes: Record<string, string | string[]>) => {
    const current = await record(id);
    return EditPersonFormSchema.parse({
      firstName: current.firstName,
      lastName: current.lastName,
      workEmail: current.workEmail,
      employeeType: current.employeeType,
      rank: current.rank ?? undefined,
      staffGradeCode: current.staffGradeCode ?? undefined,
      forceId: current.forceId,
      unitId: current.unitId ?? "",
      lineManagerId: current.lineManagerId ?? "",
      active: "on",
      version: String(current.version),
      roles: current.roles.map((assignment) => assignment.role),
      rolesEditable: "1",
      ...changes,
    });
  };
  const newAccountForm = (name: { first: string; last: string }, details: Record<string, string | string[]>) =>
    PersonFormSchema.parse({
      firstName: name.first,
      lastName: name.last,
      workEmail: `${name.first}.${name.last}@northshire.police.invalid`.toLowerCase(),
      employeeType: "OFFICER",
      forceId: seed.ids.forces.northshire,
      active: "on",
      ...details,
    });
  const lastAudit = () => prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
  const casesVisibleTo = async (context: RequestContext) =>
    prisma.policeSuspectCase.count({ where: accessScope(context.ability, "list", "PoliceSuspectCase") });

  beforeAll(async () => {
    prisma = use().prisma;
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    adminA = await contextForPerson(prisma, person("admin"));
    adminB = await contextForPerson(prisma, person("admin2"));
    await makeCase(prisma, person("pcPenhallow"), person("pcDuxbury"));
  });

  it("a role given to a new account waits: no PSD access until a second administrator approves, and never by the proposer", async () => {
    const id = randomUUID();
    const form = newAccountForm({ first: "Zebedee", last: "Fictionalsson" }, { rank: "CONSTABLE", roles: ["PSD_OFFICER"] });
    const mailsBefore = await prisma.outboxMessage.count();
    expect(await addPerson(adminA, id, form)).toEqual({ proposed: 1 });

    // The account exists with no role and no password; a set-up link went to its own work address.
    expect(await prisma.roleAssignment.count({ where: { personId: id } })).toBe(0);
    expect(await prisma.credential.count({ where: { personId: id } })).toBe(0);
    const mails = await prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" }, skip: mailsBefore });
    expect(mails.filter((mail) => mail.template === "account-setup").map((mail) => mail.toAddress)).toEqual([form.workEmail]);
    // PSD and the other administrator are told, content-free; the proposer is not mailed about their own proposal.
    const told = mails.filter((mail) => mail.template === "access-change").map((mail) => mail.toAddress);
    expect(told).toEqual(expect.arrayContaining(["callum.ferrisby@northshire.police.invalid", "odessa.quillfeather@northshire.police.invalid"]));
    expect(told).not.toContain("ivo.brennand@northshire.police.invalid");
    // Whole words: the set-up link's random token may hold any letters (once it held "psd").
    for (const mail of mails) expect(`${mail.subject} ${mail.text}`).not.toMatch(/\b(Zebedee|Fictionalsson|professional standards|PSD)\b/i);

    // Signed in as the new account (its roles as requireUser reads them), it reaches no case.
    const newcomer = await contextForPerson(prisma, id);
    expect(await casesVisibleTo(newcomer)).toBe(0);
    expect(can(newcomer.ability, "read", "AuditEvent")).toBe(false);

    const [proposal] = (await loadProposals(adminA, { personId: id, decidedLimit: 0 })).filter((row) => row.status === "PENDING");
    expect(proposal).toMatchObject({ change: "Give the role Professional standards officer", mayDecide: false, mayWithdraw: true });

    // The proposer cannot approve it: refused with a message, audited, nothing granted.
    await expect(decideProposal(adminA, proposal!.id, "approve", null)).rejects.toMatchObject({ errors: { form: OWN_PROPOSAL_MESSAGE } });
    expect(await lastAudit()).toMatchObject({ action: "privilege.approve", outcome: "REFUSED", actorId: person("admin"), subjectId: proposal!.id });
    expect(await prisma.roleAssignment.count({ where: { personId: id } })).toBe(0);

    // The second administrator approves: it takes effect at the account's next request, audited and alerted.
    expect(await decideProposal(adminB, proposal!.id, "approve", "Joins PSD on Monday")).toBe("approved");
    expect(await lastAudit()).toMatchObject({ action: "privilege.approve", outcome: "SUCCESS", actorId: person("admin2"), subjectId: proposal!.id });
    expect(await prisma.personChangeProposal.findUniqueOrThrow({ where: { id: proposal!.id } })).toMatchObject({
      status: "APPROVED",
      decidedById: person("admin2"),
      reason: "Joins PSD on Monday",
    });
    const psd = await contextForPerson(prisma, person("psdInspector"));
    const nextRequest = await contextForPerson(prisma, id);
    expect(await casesVisibleTo(nextRequest)).toBe(await casesVisibleTo(psd));
    expect(await casesVisibleTo(nextRequest)).toBeGreaterThan(0);

    // Decided once only: a second decision finds nothing to decide.
    await expect(decideProposal(adminB, proposal!.id, "refuse", null)).rejects.toMatchObject({ status: 404 });
  });

  it("a new account's senior rank, unit and line manager wait: it starts as a constable in no unit, managed by nobody", async () => {
    const id = randomUUID();
    const form = newAccountForm(
      { first: "Ottoline", last: "Fictionalworth" },
      { rank: "CHIEF_SUPERINTENDENT", unitId: seed.ids.units.ashbridge!, lineManagerId: person("ashCommander") },
    );
    expect(await addPerson(adminA, id, form)).toEqual({ proposed: 3 });
    expect(await record(id)).toMatchObject({ rank: "CONSTABLE", level: 1, unitId: null, lineManagerId: null });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "person.create", subjectId: id } });
    expect(JSON.parse(String(audit.details))).toMatchObject({ proposals: [expect.any(String), expect.any(String), expect.any(String)] });

    // Proposals made in one request can share their instant (CI once listed these in their ids' random order): they
    // are listed in the order they were proposed, whatever the clock says.
    await prisma.personChangeProposal.updateMany({ where: { personId: id }, data: { proposedAt: new Date("2026-01-05T09:00:00Z") } });
    const pending = (await loadProposals(adminB, { personId: id, decidedLimit: 0 })).filter((row) => row.status === "PENDING");
    expect(pending.map((row) => row.change)).toEqual([
      "Change rank or grade from Constable to Chief superintendent",
      "Move from no unit to Ashbridge BCU",
      expect.stringMatching(/^Change line manager from nobody to /),
    ]);
    for (const proposal of pending) {
      await expect(decideProposal(adminA, proposal.id, "approve", null)).rejects.toMatchObject({ errors: { form: OWN_PROPOSAL_MESSAGE } });
    }
    expect(await record(id)).toMatchObject({ rank: "CONSTABLE", unitId: null, lineManagerId: null });
    for (const proposal of pending) expect(await decideProposal(adminB, proposal.id, "approve", null)).toBe("approved");
    expect(await record(id)).toMatchObject({
      rank: "CHIEF_SUPERINTENDENT",
      level: 6,
      unitId: seed.ids.units.ashbridge,
      lineManagerId: person("ashCommander"),
    });
  });

  it("a new constable's rank applies at once: below inspector nothing waits", async () => {
    const id = randomUUID();
    const form = newAccountForm({ first: "Percival", last: "Fictionalby" }, { rank: "SERGEANT" });
    expect(await addPerson(adminA, id, form)).toEqual({ proposed: 0 });
    expect(await record(id)).toMatchObject({ rank: "SERGEANT", level: 2 });
  });

  it("nobody changes their own roles, rank, unit, line manager or work email: refused server-side with a message, and audited", async () => {
    const before = await record(person("admin"));
    const attempts: Record<string, string | string[]>[] = [
      { lineManagerId: person("admin2") },
      { roles: ["ADMINISTRATOR", "PSD_OFFICER"] },
      { rank: "CHIEF_SUPERINTENDENT", employeeType: "OFFICER", staffGradeCode: "" },
      { unitId: seed.ids.units.psd! },
      { workEmail: "ivo.elsewhere@northshire.police.invalid" },
    ];
    for (const change of attempts) {
      const form = await editForm(person("admin"), change);
      await expect(savePerson(adminA, await record(person("admin")), form)).rejects.toMatchObject({ errors: { form: OWN_PRIVILEGE_MESSAGE } });
      expect(await lastAudit()).toMatchObject({ action: "person.update", outcome: "REFUSED", actorId: person("admin"), subjectId: person("admin") });
    }
    const after = await record(person("admin"));
    expect(after).toEqual(before);
    expect(await prisma.personChangeProposal.count({ where: { personId: person("admin") } })).toBe(0);
    // Their own name they may still correct.
    await savePerson(adminA, after, await editForm(person("admin"), { pronouns: "he/him" }));
    expect((await record(person("admin"))).pronouns).toBe("he/him");
  });

  it("a rank and a line manager change wait; the change applies on approval, and a stale proposal never applies", async () => {
    const target = person("pcPenhallow");
    const before = await record(target);
    await savePerson(adminA, before, await editForm(target, { rank: "INSPECTOR", lineManagerId: person("kelDutyInspector"), pronouns: "she/her" }));
    const waiting = await record(target);
    // What narrows nothing (pronouns) applied at once; rank, level and line manager did not.
    expect(waiting).toMatchObject({ pronouns: "she/her", rank: before.rank, level: before.level, lineManagerId: before.lineManagerId });
    const pending = (await loadProposals(adminB, { personId: target, decidedLimit: 0 })).filter((row) => row.status === "PENDING");
    expect(pending.map((row) => row.mayDecide)).toEqual([true, true]);
    const rank = pending.find((row) => row.change.startsWith("Change rank"))!;
    const manager = pending.find((row) => row.change.startsWith("Change line manager"))!;

    expect(await decideProposal(adminB, rank.id, "approve", null)).toBe("approved");
    expect(await record(target)).toMatchObject({ rank: "INSPECTOR", level: 3 });

    // Meanwhile the line manager changed another way: the proposal is stale, so it is superseded and changes nothing.
    await prisma.person.update({ where: { id: target }, data: { lineManagerId: person("ashDutyInspector") } });
    expect(await decideProposal(adminB, manager.id, "approve", null)).toBe("stale");
    expect((await record(target)).lineManagerId).toBe(person("ashDutyInspector"));
    expect((await prisma.personChangeProposal.findUniqueOrThrow({ where: { id: manager.id } })).status).toBe("SUPERSEDED");
  });

  it("a refused proposal changes nothing; the person a change is about cannot decide it", async () => {
    const target = person("admin2");
    await savePerson(adminA, await record(target), await editForm(target, { roles: ["ADMINISTRATOR", "HEAD_OF_PSD"] }));
    const [proposal] = (await loadProposals(adminB, { personId: target, decidedLimit: 0 })).filter((row) => row.status === "PENDING");
    expect(proposal?.mayDecide).toBe(false);
    await expect(decideProposal(adminB, proposal!.id, "approve", null)).rejects.toBeInstanceOf(ChangeRejected);
    expect(await lastAudit()).toMatchObject({ action: "privilege.approve", outcome: "REFUSED", actorId: target });
    const third = await contextForPerson(prisma, person("psdInspector"));
    await expect(decideProposal(third, proposal!.id, "approve", null)).rejects.toMatchObject({ status: 403 });
    expect(await prisma.roleAssignment.count({ where: { personId: target, role: "HEAD_OF_PSD" } })).toBe(0);
    expect(await decideProposal(adminA, proposal!.id, "withdraw", null)).toBe("withdrawn");
    expect((await prisma.personChangeProposal.findUniqueOrThrow({ where: { id: proposal!.id } })).status).toBe("WITHDRAWN");
  });

  it("the set-up link works once, expires, is replaced by a newer one, and its use is audited", async () => {
    const target = person("wvConstable");
    const secretOf = async () => {
      const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { template: "account-setup" }, orderBy: { createdAt: "desc" } });
      return /\/set-up\/([a-z2-7]{32})/.exec(mail.text)![1]!;
    };
    await sendSetupLink(adminA, await record(target));
    const first = await secretOf();
    expect(await usableSetupLink(first, prisma)).toMatchObject({ workEmail: expect.any(String) });

    // A newer link replaces it.
    await sendSetupLink(adminA, await record(target));
    const second = await secretOf();
    expect(await usableSetupLink(first, prisma)).toBeNull();
    expect(await completeSetup({ secret: first, password: "a fictional passphrase", client: CLIENT }, prisma)).toEqual({ ok: false });
    expect(await lastAudit()).toMatchObject({ action: "account.setup", outcome: "FAILURE", reason: "set-up link replaced", subjectId: target });

    // It works once.
    expect(await completeSetup({ secret: second, password: "a fictional passphrase", client: CLIENT }, prisma)).toMatchObject({ ok: true });
    expect(await lastAudit()).toMatchObject({ action: "account.setup", outcome: "SUCCESS", actorId: target, subjectId: target });
    expect(await prisma.credential.count({ where: { personId: target } })).toBe(1);
    expect(await completeSetup({ secret: second, password: "another fictional passphrase", client: CLIENT }, prisma)).toEqual({ ok: false });
    expect(await lastAudit()).toMatchObject({ action: "account.setup", outcome: "FAILURE", reason: "set-up link used" });
    // Someone with a password gets no new link.
    await expect(sendSetupLink(adminA, await record(target))).rejects.toBeInstanceOf(ChangeRejected);

    // It expires.
    const later = person("wvCommander");
    const issuedAt = new Date(Date.now() - (SETUP_LINK_HOURS * 3_600_000 + 60_000));
    await prisma.$transaction((tx) => issueSetupLink(tx, later, person("admin"), issuedAt));
    const expired = await secretOf();
    expect(await usableSetupLink(expired, prisma)).toBeNull();
    expect(await completeSetup({ secret: expired, password: "a fictional passphrase", client: CLIENT }, prisma)).toEqual({ ok: false });
    expect(await lastAudit()).toMatchObject({ action: "account.setup", outcome: "FAILURE", reason: "set-up link expired", subjectId: later });
    expect(await prisma.credential.count({ where: { personId: later } })).toBe(0);
    // The database holds only the link's hash.
    const stored = await prisma.accountSetupLink.findMany({ where: { personId: { in: [target, later] } } });
    for (const row of stored) expect(Buffer.from(row.secretHash).toString("utf8")).not.toContain(expired);
  });
});
