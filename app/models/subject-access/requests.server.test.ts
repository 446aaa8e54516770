import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../../tests/support/database";
import { makeCase, makePerson } from "../../../tests/support/factories";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import {
  assembleSubjectAccessRequest,
  decideItem,
  deliverSubjectAccessRequest,
  listSubjectAccessRequests,
  readSubjectAccessRequest,
  recordSubjectAccessRequest,
} from "./requests.server";

describeEachDatabase("subject access: recorded, assembled with exemptions item by item, delivered", (use) => {
  const ids: Record<string, string> = {};
  const email: Record<string, string> = {};
  let caseReference = "";
  const context = (who: string) => contextForPerson(use().prisma, ids[who]!);

  beforeAll(async () => {
    const { prisma } = use();
    for (const key of ["reporter", "manager", "psd", "constable"]) {
      const person = await makePerson(prisma, { firstName: key, roles: key === "psd" || key === "manager" ? ["PSD_OFFICER"] : [] });
      [ids[key], email[key]] = [person.id, person.workEmail];
    }
    const suspect = await makePerson(prisma, { firstName: "suspect", lineManagerId: ids.manager });
    [ids.suspect, email.suspect] = [suspect.id, suspect.workEmail];
    caseReference = (await makeCase(prisma, ids.reporter!, ids.suspect!)).reference;
  }, 60_000);

  it("gives the suspect's request its items with the victim's account withheld, and is marked delivered", async () => {
    const { prisma } = use();
    const psd = await context("psd");
    const { id } = await recordSubjectAccessRequest(psd, { intent: "record", workEmail: email.suspect!, receivedOn: "2026-11-30" });
    const recorded = await prisma.subjectAccessRequest.findUniqueOrThrow({ where: { id } });
    expect(recorded.dueAt.toISOString().slice(0, 10)).toBe("2026-12-30");
    // Nothing to deliver before it is assembled.
    expect(await statusOf(deliverSubjectAccessRequest(psd, id, new Date()))).toBe(404);

    await assembleSubjectAccessRequest(psd, id, new Date());
    const assembled = await readSubjectAccessRequest(psd, id);
    expect(assembled.status).toBe("ASSEMBLED");
    const account = assembled.items.find((item) => item.part === "ACCOUNT")!;
    expect(account).toMatchObject({ disclosed: false, exemption: "THIRD_PARTY" });
    expect(account.label).toContain(caseReference);
    expect(assembled.items.find((item) => item.part === "DETAILS")).toMatchObject({ disclosed: true });
    expect(JSON.stringify(assembled.items)).not.toContain("Fictional");
    // PSD records its own decision on an item: the case's status withheld while the investigation is open.
    const status = assembled.items.find((item) => item.part === "STATUS")!;
    await decideItem(psd, id, status.id, { decision: "CRIME", note: "" }, new Date());
    expect((await prisma.subjectAccessItem.findUniqueOrThrow({ where: { id: status.id } })).exemption).toBe("CRIME");

    await deliverSubjectAccessRequest(psd, id, new Date());
    expect((await prisma.subjectAccessRequest.findUniqueOrThrow({ where: { id } })).status).toBe("DELIVERED");
    expect(await statusOf(assembleSubjectAccessRequest(psd, id, new Date()))).toBe(404);
    const audited = await prisma.auditEvent.findMany({ where: { subjectId: id, outcome: "SUCCESS" }, select: { action: true } });
    expect(audited.map((row) => row.action).sort()).toEqual([
      "subject_access.assemble",
      "subject_access.deliver",
      "subject_access.item",
      "subject_access.record",
    ]);
  });

  it("gives the victim their own account, and the suspect's details withheld", async () => {
    const psd = await context("psd");
    const { id } = await recordSubjectAccessRequest(psd, { intent: "record", workEmail: email.reporter!, receivedOn: "2026-12-01" });
    await assembleSubjectAccessRequest(psd, id, new Date());
    const items = (await readSubjectAccessRequest(psd, id)).items;
    expect(items.find((item) => item.part === "ACCOUNT")).toMatchObject({ disclosed: true });
    expect(items.find((item) => item.part === "SUSPECT")).toMatchObject({ disclosed: false, exemption: "THIRD_PARTY" });
  });

  it("assembled again, keeps PSD's decisions and notes on items still held, adds new ones undecided and marks the gone", async () => {
    const { prisma } = use();
    const psd = await context("psd");
    const subject = await makePerson(prisma, { firstName: "subject" });
    const first = await makeCase(prisma, ids.reporter!, subject.id);
    const { id } = await recordSubjectAccessRequest(psd, { intent: "record", workEmail: subject.workEmail, receivedOn: "2026-12-01" });
    await assembleSubjectAccessRequest(psd, id, new Date());
    const before = (await readSubjectAccessRequest(psd, id)).items;
    expect(before.every((item) => item.decidedAt === null)).toBe(true);
    const details = before.find((item) => item.part === "DETAILS")!;
    const firstStatus = before.find((item) => item.sourceId === first.id && item.part === "STATUS")!;
    await decideItem(psd, id, details.id, { decision: "SERIOUS_HARM", note: "Fictional: withheld pending a review." }, new Date());
    await decideItem(psd, id, firstStatus.id, { decision: "DISCLOSE", note: "Fictional: the investigation is public." }, new Date());

    // A second case about them; the first is no longer theirs (its suspect was corrected).
    const second = await makeCase(prisma, ids.reporter!, subject.id);
    await prisma.policeSuspectCase.update({ where: { id: first.id }, data: { suspectPersonId: ids.constable! } });
    await assembleSubjectAccessRequest(psd, id, new Date());
    const after = (await readSubjectAccessRequest(psd, id)).items;
    expect(after.find((item) => item.id === details.id)).toMatchObject({
      disclosed: false,
      exemption: "SERIOUS_HARM",
      note: "Fictional: withheld pending a review.",
      decidedById: ids.psd,
      goneAt: null,
    });
    expect(after.find((item) => item.id === firstStatus.id)).toMatchObject({ disclosed: true, note: "Fictional: the investigation is public." });
    expect(after.find((item) => item.id === firstStatus.id)!.goneAt).not.toBeNull();
    const parts = (items: typeof after, caseId: string) => items.filter((item) => item.sourceId === caseId).map((item) => item.part);
    const added = after.filter((item) => item.sourceId === second.id);
    const gone = parts(before, first.id).length;
    expect(gone).toBeGreaterThanOrEqual(3);
    expect(parts(after, second.id).sort()).toEqual(parts(before, first.id).sort());
    expect(added.every((item) => item.decidedAt === null && item.goneAt === null)).toBe(true);
    expect(added.find((item) => item.part === "ACCOUNT")).toMatchObject({ disclosed: false, exemption: "THIRD_PARTY" });
    // Every item is still there once: nothing PSD decided was deleted, nothing doubled.
    expect(after).toHaveLength(before.length + added.length);
    const audited = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: id, action: "subject_access.assemble" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audited.details!)).toMatchObject({ kept: before.length - gone, added: added.length, gone });
    expect(audited.details).not.toContain("Fictional");
  });

  it("refuses, as if nothing were there, anyone without the right or concerned by the request, and audits it", async () => {
    const { prisma } = use();
    const psd = await context("psd");
    const { id } = await prisma.subjectAccessRequest.findFirstOrThrow({ where: { personId: ids.suspect }, select: { id: true } });
    const form = { intent: "record" as const, workEmail: email.reporter!, receivedOn: "2026-12-01" };
    expect(await statusOf(recordSubjectAccessRequest(await context("constable"), form))).toBe(404);
    // The suspect's manager holds a PSD role: the suspect's request does not exist for them, nor in their list.
    const manager = await context("manager");
    expect(await statusOf(readSubjectAccessRequest(manager, id))).toBe(404);
    expect(await statusOf(recordSubjectAccessRequest(manager, { ...form, workEmail: email.suspect! }))).toBe(404);
    expect((await listSubjectAccessRequests(manager)).map((row) => row.id)).not.toContain(id);
    expect(await statusOf(readSubjectAccessRequest(await context("constable"), id))).toBe(404);
    expect(await statusOf(listSubjectAccessRequests(await context("constable")))).toBe(404);
    // Nobody handles a request about themselves.
    const own = await recordSubjectAccessRequest(psd, { ...form, workEmail: email.manager! });
    expect(await statusOf(readSubjectAccessRequest(manager, own.id))).toBe(404);
    const refusals = await prisma.auditEvent.count({ where: { outcome: "REFUSED", actorId: { in: [ids.manager!, ids.constable!] } } });
    expect(refusals).toBeGreaterThanOrEqual(6);
  });
});
