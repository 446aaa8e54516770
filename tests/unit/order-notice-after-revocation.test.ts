// Marking a notice of a court order as seen is decided in the transaction that marks it: a PSD officer whose role is
// removed after the notices page loaded and before they post is answered "not found", the notice stays unseen by
// PSD, and the refusal is audited. The same post is shown to work for the same officer first. Through the route, as
// the browser posts it, so that the test holds whichever domain function the page uses.
import { expect, it } from "vitest";
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import { setDatabase } from "~/db.server";
import { action as noticesAction, loader as noticesLoader } from "~/routes/notices._index";
import { action as newNoticeAction } from "~/routes/notices.new";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { loadPage, postForm, sessionCookie } from "../support/requests";

describeEachDatabase("a notice of a court order, marked as seen after the PSD role was removed", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  it("marking it as seen", async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const employee = await sessionCookie(prisma, person("pcPenhallow"));
    const notice = { kind: "CIVIL_ORDER", madeOn: "2026-11-02", details: "Fictional: a non-molestation order made at a fictional court." };
    for (let n = 0; n < 2; n++) expect(await postForm(newNoticeAction, "/notices/new", employee, notice)).toMatchObject({ status: 302 });
    const [first, second] = await prisma.personalOrderNotice.findMany({ where: { personId: person("pcPenhallow") }, orderBy: { submittedAt: "asc" } });

    const psd = await sessionCookie(prisma, person("psdInspector"));
    const page = await loadPage(noticesLoader, "/notices", psd);
    expect(
      page.notices
        .filter((shown) => shown.mayMarkSeen)
        .map((shown) => shown.id)
        .sort(),
    ).toEqual([first!.id, second!.id].sort());
    expect(await postForm(noticesAction, "/notices", psd, { noticeId: first!.id })).toMatchObject({ status: 302, location: "/notices" });
    expect((await prisma.personalOrderNotice.findUniqueOrThrow({ where: { id: first!.id } })).seenByPsdAt).not.toBeNull();

    // The page still offers the second; the role is removed; the post comes.
    await prisma.roleAssignment.deleteMany({ where: { personId: person("psdInspector"), role: { in: [...PSD_ROLES] } } });
    expect(await postForm(noticesAction, "/notices", psd, { noticeId: second!.id })).toMatchObject({ status: 404 });
    expect(await prisma.personalOrderNotice.findUniqueOrThrow({ where: { id: second!.id } })).toMatchObject({ seenByPsdAt: null, seenByPsdId: null });
    const refusal = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: person("psdInspector"), subjectId: second!.id }, orderBy: { id: "desc" } });
    expect(refusal).toMatchObject({ action: "order-notice.seen", outcome: "REFUSED" });
  });
});
