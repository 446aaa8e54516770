// A line manager's writes about someone who reports to them (a conversation record, a referral to a support service)
// are decided in the transaction that writes them. When the employee is moved to another manager after the page
// loaded and before the manager posts, the post is "not found", nothing is written, and the refusal is audited. Each
// write is shown to work for the same manager first, so that the refusal is the move's doing. The post is tried with
// the request context resolved before the move was committed (the same moment) and after it (the next request).
import { expect, it } from "vitest";
import type { RequestContext } from "~/access/request-context.server";
import { conversationFormSchema, conversationPoints, readDirectReport, recordConversation } from "~/models/manager-guide/conversations.server";
import { referableServices, referToService } from "~/models/manager-guide/service-referral.server";
import { dayInputValue, ukToday } from "~/utils/dates";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { contextForPerson } from "../support/people";
import { statusOf } from "../support/responses";

describeEachDatabase("a line manager's writes after the employee was moved to another manager", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));

  // The fictional sergeant manages the constable; the duty inspector manages the sergeant.
  const MANAGER = "ashSergeant";
  const EMPLOYEE = "pcMistryOake";

  async function setUp() {
    seed ??= await seedDemoOrganisation(use().prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    await use().prisma.person.update({ where: { id: person(EMPLOYEE) }, data: { lineManagerId: person(MANAGER) } });
  }

  /** Another manager takes the employee over, committed as the administration pages would commit it. */
  async function moveEmployeeAway() {
    await use().prisma.person.update({ where: { id: person(EMPLOYEE) }, data: { lineManagerId: person("ashDutyInspector"), version: { increment: 1 } } });
  }

  async function refusals(action: string) {
    return use().prisma.auditEvent.count({ where: { actorId: person(MANAGER), action, outcome: "REFUSED", reason: "not their direct report" } });
  }

  it("recording a conversation", async () => {
    const { prisma } = use();
    await setUp();
    const manager = await contextFor(MANAGER);
    const points = await conversationPoints(manager);
    const form = conversationFormSchema(Object.keys(points)).parse({
      heldOn: dayInputValue(ukToday()),
      pointsCovered: Object.keys(points).slice(0, 1),
      supportOffered: "Fictional: the staff IDVA service.",
      agreed: "Fictional: to talk again next week.",
      nothingAboutAbuse: "on",
    });
    const records = () => prisma.conversationRecord.count({ where: { employeeId: person(EMPLOYEE) } });

    // Allowed: the page loads, and the post writes the record.
    await readDirectReport(manager, person(EMPLOYEE));
    await recordConversation(manager, person(EMPLOYEE), form);
    expect(await records()).toBe(1);

    // The page loads; the employee is moved; the post comes.
    await readDirectReport(manager, person(EMPLOYEE));
    const postedBeforeTheMove = await contextFor(MANAGER);
    const refusedBefore = await refusals("conversation.record");
    await moveEmployeeAway();
    expect(await statusOf(recordConversation(postedBeforeTheMove, person(EMPLOYEE), form))).toBe(404);
    expect(await statusOf(recordConversation(await contextFor(MANAGER), person(EMPLOYEE), form))).toBe(404);
    expect(await records()).toBe(1);
    expect(await refusals("conversation.record")).toBe(refusedBefore + 2);
    // The form's page is "not found" too now.
    expect(await statusOf(readDirectReport(await contextFor(MANAGER), person(EMPLOYEE)))).toBe(404);
  });

  it("referring the employee to a support service", async () => {
    const { prisma } = use();
    await setUp();
    const manager = await contextFor(MANAGER);
    const [service] = await referableServices(manager);
    const form = { serviceId: service!.id, note: "Fictional: we talked about the service.", consent: "on" as const };
    const drafts = () => prisma.supportRequest.count({ where: { employeeId: person(EMPLOYEE), referredById: person(MANAGER) } });

    await readDirectReport(manager, person(EMPLOYEE));
    await referToService(manager, person(EMPLOYEE), form);
    expect(await drafts()).toBe(1);

    await readDirectReport(manager, person(EMPLOYEE));
    const postedBeforeTheMove = await contextFor(MANAGER);
    const refusedBefore = await refusals("support.referral");
    await moveEmployeeAway();
    expect(await statusOf(referToService(postedBeforeTheMove, person(EMPLOYEE), form))).toBe(404);
    expect(await statusOf(referToService(await contextFor(MANAGER), person(EMPLOYEE), form))).toBe(404);
    expect(await drafts()).toBe(1);
    expect(await refusals("support.referral")).toBe(refusedBefore + 2);
  });
});
