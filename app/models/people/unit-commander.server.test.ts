// A unit's commander receives referral notices about its staff: one administrator cannot choose them alone (THREATS.md,
// A3; docs/decisions/023).
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import type { Db } from "~/db.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { decideProposal, loadProposals, OWN_PROPOSAL_MESSAGE } from "./person-changes.server";
import { addUnit, OWN_COMMAND_MESSAGE, saveUnit } from "./unit-changes.server";
import { EditUnitFormSchema, findUnitRecord, NewUnitFormSchema } from "./unit.server";

describeEachDatabase("a unit's commander waits for a second administrator", (use) => {
  let prisma: Db;
  let seed: SeedSummary;
  let adminA: RequestContext;
  let adminB: RequestContext;
  const seeded = (kind: "units" | "people" | "forces", key: string) => {
    const value = seed.ids[kind][key];
    if (!value) throw new Error(`no seed ${kind} ${key}`);
    return value;
  };
  const unit = async (id: string) => {
    const found = await findUnitRecord(prisma, { id });
    if (!found) throw new Error("no unit");
    return found;
  };
  const editForm = async (id: string, changes: Record<string, string>) => {
    const current = await unit(id);
    return EditUnitFormSchema.parse({
      name: current.name,
      kind: current.kind,
      commanderId: current.commanderId ?? "",
      version: String(current.version),
      ...changes,
    });
  };
  const pendingFor = async (context: RequestContext, personId: string) =>
    (await loadProposals(context, { personId, decidedLimit: 0 })).filter((row) => row.status === "PENDING");

  beforeAll(async () => {
    prisma = use().prisma;
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    adminA = await contextForPerson(prisma, seeded("people", "admin"));
    adminB = await contextForPerson(prisma, seeded("people", "admin2"));
  });

  it("keeps the old commander until a second administrator approves; the proposer cannot; audited and PSD told", async () => {
    const ops = seeded("units", "ops");
    const before = await unit(ops);
    const newCommander = seeded("people", "ashCommander");
    const mailsBefore = await prisma.outboxMessage.count();

    expect(await saveUnit(adminA, before, await editForm(ops, { name: "Operations OCU (North)", commanderId: newCommander }))).toEqual({ proposed: 1 });
    // The name changed at once; the commander did not.
    expect(await unit(ops)).toMatchObject({ name: "Operations OCU (North)", commanderId: before.commanderId });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "unit.update", subjectId: ops }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", actorId: seeded("people", "admin") });
    expect(JSON.parse(String(audit.details))).toMatchObject({ changed: ["name"], proposals: [expect.any(String)] });
    // PSD and the other administrator are told, content-free.
    const mails = await prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" }, skip: mailsBefore });
    const told = mails.filter((mail) => mail.template === "access-change").map((mail) => mail.toAddress);
    expect(told).toEqual(expect.arrayContaining(["callum.ferrisby@northshire.police.invalid", "odessa.quillfeather@northshire.police.invalid"]));
    for (const mail of mails) expect(`${mail.subject} ${mail.text}`).not.toMatch(/Operations|commander/i);

    const [proposal] = await pendingFor(adminA, newCommander);
    expect(proposal).toMatchObject({ change: expect.stringMatching(/^Change the commander of Operations OCU \(North\) from .+ to .+/), mayDecide: false });
    await expect(decideProposal(adminA, proposal!.id, "approve", null)).rejects.toMatchObject({ errors: { form: OWN_PROPOSAL_MESSAGE } });
    expect((await unit(ops)).commanderId).toBe(before.commanderId);

    expect(await decideProposal(adminB, proposal!.id, "approve", null)).toBe("approved");
    expect((await unit(ops)).commanderId).toBe(newCommander);
    expect(
      await prisma.auditEvent.findFirstOrThrow({ where: { action: "privilege.approve", subjectId: proposal!.id }, orderBy: { id: "desc" } }),
    ).toMatchObject({
      outcome: "SUCCESS",
      actorId: seeded("people", "admin2"),
    });
  });

  it("applies an approval only if the commander is still the one the proposer saw", async () => {
    const ashbridge = seeded("units", "ashbridge");
    const first = seeded("people", "opsCommander");
    await saveUnit(adminA, await unit(ashbridge), await editForm(ashbridge, { commanderId: first }));
    const [proposal] = await pendingFor(adminB, first);
    await prisma.unit.update({ where: { id: ashbridge }, data: { commanderId: null } });
    expect(await decideProposal(adminB, proposal!.id, "approve", null)).toBe("stale");
    expect((await unit(ashbridge)).commanderId).toBeNull();
  });

  it("refuses an administrator making themselves a commander, with a message and a REFUSED audit row", async () => {
    const ops = seeded("units", "ops");
    const admin = seeded("people", "admin");
    const proposals = await prisma.personChangeProposal.count();
    await expect(saveUnit(adminA, await unit(ops), await editForm(ops, { commanderId: admin }))).rejects.toMatchObject({
      errors: { commanderId: OWN_COMMAND_MESSAGE },
    });
    expect(await prisma.personChangeProposal.count()).toBe(proposals);
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { actorId: admin }, orderBy: { id: "desc" } })).toMatchObject({
      action: "unit.update",
      outcome: "REFUSED",
      subjectId: ops,
    });
  });

  it("adds a new unit without its commander, who waits; a constable can propose nothing", async () => {
    const form = NewUnitFormSchema.parse({
      name: "Dog Section",
      kind: "OCU",
      forceId: seeded("forces", "northshire"),
      commanderId: seeded("people", "opsCommander"),
    });
    const added = await addUnit(adminA, form);
    expect(added.proposed).toBe(1);
    expect((await unit(added.id)).commanderId).toBeNull();

    const constable = await contextForPerson(prisma, seeded("people", "pcPenhallow"));
    const current = await unit(added.id);
    const proposals = await prisma.personChangeProposal.count();
    expect(await statusOf(saveUnit(constable, current, await editForm(added.id, { commanderId: seeded("people", "pcDuxbury") })))).toBe(403);
    expect(await prisma.personChangeProposal.count()).toBe(proposals);
  });
});
