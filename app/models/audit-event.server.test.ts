import { beforeAll, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { describeEachDatabase } from "../../tests/support/database";
import { makePerson } from "../../tests/support/factories";
import { listAuditEvents } from "./audit-event.server";

describeEachDatabase("reading the audit trail", (use) => {
  let prisma: Db;

  beforeAll(async () => {
    prisma = use().prisma;
    const admin = (await makePerson(prisma, { firstName: "Ivo", lastName: "Brennand", employeeType: "STAFF", roles: ["ADMINISTRATOR"] })).id;
    const constable = (await makePerson(prisma, { firstName: "Alys", preferredName: "Ally", lastName: "Penhallow" })).id;
    for (let i = 0; i < 7; i++) {
      await prisma.$transaction((tx) =>
        appendAudit(tx, { actorId: i % 2 ? admin : null, action: i % 2 ? "access.read" : "auth.sign_in", subjectType: "Person", subjectId: constable, outcome: i % 3 ? "SUCCESS" : "FAILURE" }),
      );
    }
  });

  it("gives the newest first, with the names of the actor and of the person concerned", async () => {
    const rows = await listAuditEvents(prisma, {}, { take: 3 });
    expect(rows.map((row) => row.id)).toEqual([7n, 6n, 5n]);
    expect(rows[1]).toMatchObject({ actorName: "Ivo Brennand", subjectName: "Ally Penhallow" });
    expect(rows[0]).toMatchObject({ actorId: null, actorName: null, subjectName: "Ally Penhallow" });
  });

  it("pages backwards and forwards by sequence number, and filters", async () => {
    expect((await listAuditEvents(prisma, {}, { before: 5n, take: 2 })).map((row) => row.id)).toEqual([4n, 3n]);
    expect((await listAuditEvents(prisma, {}, { after: 2n, take: 2 })).map((row) => row.id)).toEqual([4n, 3n]);
    const signIns = await listAuditEvents(prisma, {}, { where: { action: { startsWith: "auth." }, outcome: "FAILURE" }, take: 50 });
    expect(signIns.map((row) => row.id)).toEqual([7n, 1n]);
  });

  it("stays within the caller's scope", async () => {
    expect(await listAuditEvents(prisma, { AND: [{ id: { in: [] } }] }, { take: 50 })).toEqual([]);
  });
});
