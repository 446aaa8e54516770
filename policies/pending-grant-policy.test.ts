// The policy table's row for a pending role grant (THREATS.md promise 2): an account for which an administrator has
// proposed every privileged role, not yet approved, is refused every case action, on the record and through the
// database filter, with its rights read from the database as every request reads them. Approval by a second
// administrator, and only that, gives the role's rights at the next request.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { accessScope, can } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { addPerson, decideProposal, loadProposals } from "~/models/people/person-changes.server";
import { PersonFormSchema } from "~/models/people/person-form";
import { PRIVILEGED_ROLES } from "~/models/people/proposal-rules";
import { seedDemoOrganisation } from "../prisma/seed";
import { describeEachDatabase } from "../tests/support/database";
import { makeCase } from "../tests/support/factories";
import { contextForPerson } from "../tests/support/people";
import { CASE_ACTIONS } from "./case-policy-table";

describeEachDatabase("a pending role grant gives nothing until a second administrator approves it", (use) => {
  it("every privileged role proposed, none approved: 0 unexpected allows on every case action, on the record and in the database", async () => {
    const { prisma } = use();
    const seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const ids = seed.ids.people as Record<string, string>;
    const created = await makeCase(prisma, ids.pcPenhallow!, ids.pcDuxbury!);
    const adminA = await contextForPerson(prisma, ids.admin!);
    const adminB = await contextForPerson(prisma, ids.admin2!);
    const id = randomUUID();
    const form = PersonFormSchema.parse({
      firstName: "Yolanda",
      lastName: "Notarealperson",
      workEmail: "yolanda.notarealperson@northshire.police.invalid",
      employeeType: "OFFICER",
      rank: "CHIEF_SUPERINTENDENT",
      forceId: seed.ids.forces.northshire,
      active: "on",
      roles: [...PRIVILEGED_ROLES],
    });
    await addPerson(adminA, id, form);

    const record = await prisma.policeSuspectCase.findUniqueOrThrow({
      where: { id: created.id },
      include: { conflicts: true, access: true, breakGlass: true },
    });
    const allowedFor = async (context: RequestContext) => {
      const allowed: string[] = [];
      for (const action of CASE_ACTIONS) {
        if (can(context.ability, action, "PoliceSuspectCase", record)) allowed.push(`${action} (record)`);
        const visible = await prisma.policeSuspectCase.count({
          where: { AND: [accessScope(context.ability, action, "PoliceSuspectCase"), { id: created.id }] },
        });
        if (visible > 0) allowed.push(`${action} (database)`);
      }
      for (const area of ["AdminArea", "SecurityOverview", "CaseOversight"] as const) if (can(context.ability, "read", area)) allowed.push(`read ${area}`);
      if (can(context.ability, "read", "AuditEvent")) allowed.push("read AuditEvent");
      return allowed;
    };

    const pending = await contextForPerson(prisma, id);
    expect(pending.actor.roles).toEqual([]);
    expect(await allowedFor(pending)).toEqual([]);

    // The same rows fail when the role is really held: approve PSD only, and the next request has PSD's rights.
    const psdProposal = (await loadProposals(adminB, { personId: id, decidedLimit: 0 })).find(
      (row) => row.change === "Give the role Professional standards officer",
    );
    expect(await decideProposal(adminB, psdProposal!.id, "approve", null)).toBe("approved");
    // (PSD lists every case and may break the glass: exactly what the issue found one administrator could take alone.)
    const approved = await allowedFor(await contextForPerson(prisma, id));
    expect(approved).toEqual(expect.arrayContaining(["list (record)", "list (database)", "breakGlass (record)", "breakGlass (database)", "read AuditEvent"]));
    expect(approved).not.toContain("read (database)");
  });
});
