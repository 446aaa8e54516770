// Refused looks exactly like absent (THREATS.md, promise 4), on every page under /records/<reference>/ and the
// report's receipt, loaders and actions alike: someone who may not reach a case that exists gets the same status and
// the same page as for a reference no case has, and the attempt is audited either way (alerted to PSD when the case
// exists). The adversaries: an unlisted officer, the suspect, a DA coordinator recorded as conflicted on the case, and
// a DA coordinator who may break the glass (the emergency access form must not tell them whether the case exists).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "react-router";
import { expect, it } from "vitest";
import { setDatabase } from "~/db.server";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { makeCase } from "../support/factories";
import { sessionCookie } from "../support/requests";
import { routerArgs } from "../support/router";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown> | unknown;
const CASE_PAGES = import.meta.glob<{ loader?: Handler; action?: Handler }>("../../app/routes/records.{$reference.*,submitted.$reference}.tsx");
/** A well-formed reference that no case has. */
const MISSING = "ZZZZ-2222";

/** Status and what the page got, with the reference written out of it. */
async function answer(handler: Handler, path: string, reference: string, cookie: string, body?: Record<string, string>) {
  const request = new Request(
    `http://localhost${path}`,
    body ? { method: "POST", headers: { cookie }, body: new URLSearchParams(body) } : { headers: { cookie } },
  );
  try {
    const data = await handler(await routerArgs(request, { reference }));
    return { status: 200, data: JSON.stringify(data ?? null).replaceAll(reference, "REF") };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return {
      status: thrown.status,
      data: (await thrown.text()).replaceAll(reference, "REF"),
      location: thrown.headers.get("Location")?.replaceAll(reference, "REF"),
    };
  }
}

describeEachDatabase("case pages: a refused reference answers as a missing one", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  it("every case page and action, for four kinds of adversary: same status, same page, the attempt audited and alerted", { timeout: 300_000 }, async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const created = await makeCase(prisma, person("pcPenhallow"), person("pcDuxbury"));
    await prisma.caseConflict.create({ data: { caseId: created.id, personId: person("daCoordinatorStaff"), reason: "Fictional: recorded connection" } });
    // Emergency access last: once the DA coordinator has broken the glass, the case is theirs to know about.
    const pages = Object.entries(CASE_PAGES).sort(([a], [b]) => Number(a.includes("break-glass")) - Number(b.includes("break-glass")) || a.localeCompare(b));
    expect(pages.length).toBeGreaterThanOrEqual(14);

    const adversaries = ["pcsoCrowhurst", "pcDuxbury", "daCoordinatorStaff", "daCoordinatorOfficer"];
    const differences: string[] = [];
    for (const key of adversaries) {
      const cookie = await sessionCookie(prisma, person(key));
      for (const [source, load] of pages) {
        const module = await load();
        const sub = source.replace(/^.*records\./, "").replace(/\.tsx$/, "");
        const pathOf = (reference: string) =>
          `/records/${sub.replace("$reference", reference).replace("._index", "").replaceAll(".", "/").replace("[/]", ".")}`;
        const handlers: [string, Handler, Record<string, string> | undefined][] = [];
        if (module.loader) handlers.push(["GET", module.loader, undefined]);
        if (module.action) handlers.push(["POST", module.action, { intent: "declare", reason: "Fictional: someone is at risk now." }]);
        for (const [method, handler, body] of handlers) {
          const label = `${method} ${sub} as ${key}`;
          const count = async () => ({
            audit: await prisma.auditEvent.count({ where: { actorId: person(key) } }),
            alerts: await prisma.accessAlert.count({ where: { personId: person(key), caseId: created.id } }),
            breakGlass: await prisma.breakGlassAccess.count({ where: { personId: person(key) } }),
          });
          const before = await count();
          const refused = await answer(handler, pathOf(created.reference), created.reference, cookie, body);
          const afterRefused = await count();
          const missing = await answer(handler, pathOf(MISSING), MISSING, cookie, body);
          const afterMissing = await count();
          // The DA coordinator who may break the glass does so on a case that exists: that is not a refusal.
          if (key === "daCoordinatorOfficer" && sub.endsWith("break-glass") && method === "POST") {
            expect(refused.status, label).toBe(302);
            expect(afterRefused.breakGlass - before.breakGlass, label).toBe(1);
            expect(missing.status, label).toBe(404);
            expect(afterMissing.audit - afterRefused.audit, `${label}: the missing reference is audited`).toBe(1);
            continue;
          }
          if (refused.status !== missing.status || refused.data !== missing.data || refused.location !== missing.location) {
            differences.push(`${label}: ${refused.status} ${refused.data.slice(0, 80)} / missing ${missing.status} ${missing.data.slice(0, 80)}`);
          }
          const refusedAudit = afterRefused.audit - before.audit;
          const missingAudit = afterMissing.audit - afterRefused.audit;
          if (refusedAudit < 1 || refusedAudit !== missingAudit) differences.push(`${label}: audit rows ${refusedAudit} / missing ${missingAudit}`);
          if (afterRefused.alerts - before.alerts < 1) differences.push(`${label}: PSD was not alerted`);
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it("the emergency access form, for someone who may break the glass: the same page for any reference, audited and alerted", async () => {
    const { prisma } = use();
    const created = await makeCase(prisma, person("pcPenhallow"), person("pcDuxbury"));
    const { loader, action } = await import("~/routes/records.$reference.break-glass");
    const cookie = await sessionCookie(prisma, person("daCoordinatorOfficer"));
    const existing = await answer(loader as Handler, `/records/${created.reference}/break-glass`, created.reference, cookie);
    const missing = await answer(loader as Handler, `/records/${MISSING}/break-glass`, MISSING, cookie);
    expect(existing).toEqual({ status: 200, data: JSON.stringify({ reference: "REF", hours: 4 }) });
    expect(missing).toEqual(existing);
    const rows = await prisma.auditEvent.findMany({
      where: { actorId: person("daCoordinatorOfficer"), action: "case.breakGlass.form" },
      orderBy: { id: "asc" },
    });
    expect(rows.slice(-2).map((row) => [row.subjectId, row.outcome])).toEqual([
      [created.id, "REFUSED"],
      [null, "FAILURE"],
    ]);
    expect(await prisma.accessAlert.count({ where: { auditEventId: rows.at(-2)!.id, kind: "UNLISTED_ATTEMPT" } })).toBe(1);
    // A form sent without a reason: the same errors, whether or not the case exists, and nothing recorded.
    const emptyExisting = await answer(action as Handler, `/records/${created.reference}/break-glass`, created.reference, cookie, { reason: "" });
    const emptyMissing = await answer(action as Handler, `/records/${MISSING}/break-glass`, MISSING, cookie, { reason: "" });
    expect(emptyExisting.status).toBe(200);
    expect(emptyExisting.data).toContain("Say who is at risk");
    expect(emptyMissing).toEqual(emptyExisting);
    expect(await prisma.breakGlassAccess.count({ where: { caseId: created.id } })).toBe(0);
  });
});
