import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/database";
import { homeForce, makeCase, makeForce, makePerson, makeSupportRequest, makeSupportService, makeUnit } from "../support/factories";

// The factories database tests use instead of the demo seed: just the rows asked for, valid, and fictional.
describeEachDatabase("data factories for database tests", (use) => {
  it("makes a constable of the home force by default, and as many distinct people as asked", async () => {
    const { prisma } = use();
    const first = await makePerson(prisma);
    const second = await makePerson(prisma);
    const home = await homeForce(prisma);
    expect(first).toMatchObject({ forceId: home.id, employeeType: "OFFICER", rank: "CONSTABLE", level: 1, unitId: null, lineManagerId: null, active: true });
    expect(second.forceId).toBe(home.id);
    expect(second.workEmail).not.toBe(first.workEmail);
    expect(first.workEmail).toMatch(/\.invalid$/);
    expect(await prisma.force.count({ where: { isHome: true } })).toBe(1);
  });

  it("takes overrides: rank and level, unit, line manager, roles, staff without a rank, another force", async () => {
    const { prisma } = use();
    const inspector = await makePerson(prisma, { rank: "INSPECTOR", roles: ["DUTY_INSPECTOR"] });
    const unit = await makeUnit(prisma, { kind: "BCU", commanderId: inspector.id });
    const constable = await makePerson(prisma, { unitId: unit.id, lineManagerId: inspector.id, firstName: "Quinn", preferredName: "Q" });
    const staff = await makePerson(prisma, { employeeType: "STAFF", level: 2 });
    const other = await makeForce(prisma, { isHome: false });
    const visitor = await makePerson(prisma, { forceId: other.id });
    expect(inspector.level).toBe(3);
    expect(await prisma.roleAssignment.findMany({ where: { personId: inspector.id }, select: { role: true } })).toEqual([{ role: "DUTY_INSPECTOR" }]);
    expect(constable).toMatchObject({ unitId: unit.id, lineManagerId: inspector.id, firstName: "Quinn", preferredName: "Q" });
    expect(await prisma.unit.findUniqueOrThrow({ where: { id: unit.id } })).toMatchObject({ commanderId: inspector.id, forceId: (await homeForce(prisma)).id });
    expect(staff).toMatchObject({ employeeType: "STAFF", rank: null, level: 2 });
    expect(visitor.forceId).toBe(other.id);
  });

  it("sends a support request through the model, shared with the service, or keeps it as a draft", async () => {
    const { prisma } = use();
    const service = await makeSupportService(prisma);
    expect(service).toMatchObject({ kind: "STAFF_IDVA", queueRole: "STAFF_IDVA_LIAISON", active: true });
    const employee = await makePerson(prisma);
    const sent = await makeSupportRequest(prisma, employee.id, service.id);
    const draft = await makeSupportRequest(prisma, employee.id, service.id, { send: false });
    expect(await prisma.supportRequest.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({
      employeeId: employee.id,
      serviceId: service.id,
      status: "SUBMITTED",
    });
    expect(await prisma.supportConsent.count({ where: { requestId: sent.id } })).toBeGreaterThan(0);
    expect(await prisma.supportRequest.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ status: "DRAFT" });
    expect(await prisma.supportConsent.count({ where: { requestId: draft.id } })).toBe(0);
    // A form the portal would refuse is refused here too, rather than written behind its back.
    await expect(makeSupportRequest(prisma, employee.id, service.id, { fields: { safeChannels: [] } })).rejects.toThrow(/refused/);
  });

  it("records a police-suspect case through the model: restricted, with PSD on its access list and never the suspect", async () => {
    const { prisma } = use();
    const psd = await makePerson(prisma, { rank: "INSPECTOR", roles: ["PSD_OFFICER"] });
    const reporter = await makePerson(prisma);
    const suspect = await makePerson(prisma);
    const created = await makeCase(prisma, reporter.id, suspect.id, { form: { account: "Fictional account for the factory test." } });
    expect(created.reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      reportedById: reporter.id,
      suspectPersonId: suspect.id,
      account: "Fictional account for the factory test.",
    });
    const listed = (await prisma.caseAccess.findMany({ where: { caseId: created.id }, select: { personId: true } })).map((row) => row.personId);
    expect(listed).toContain(psd.id);
    expect(listed).not.toContain(suspect.id);
  });
});
