// No GET changes state (THREATS.md, promise 4; ADR 007): a link from anywhere can make a colleague's browser send a
// GET, so a GET must never sign anyone out, acknowledge, hand work on or change data. Recording that something was read
// or attempted is not a change: the audit trail, PSD's alerts on attempts (and their content-free mail), first-opened
// marks and the session's own "last used" may move. This test finds every route module with a loader, requests it as
// people in every part of the organisation (the reporter, the suspect, their manager, PSD, a referral's recipient, a
// DA coordinator, a supporter, an administrator), and fails if any other row of any table changed.
import type { LoaderFunctionArgs, Params } from "react-router";
import { expect, it } from "vitest";
import { recordBreakGlass } from "~/access/guard.server";
import { setDatabase } from "~/db.server";
import { recordConversation } from "~/models/manager-guide/conversations.server";
import { addIncident } from "~/models/manager-guide/incident-log.server";
import { incidentFormSchema } from "~/models/manager-guide/incident-log.server";
import { OrderNoticeSchema, sendOrderNotice } from "~/models/manager-guide/order-notices.server";
import { addMeasure } from "~/models/safety-plan/measures.server";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase, type TestDatabase } from "../support/database";
import { makeCase, makeSupportRequest } from "../support/factories";
import { contextForPerson } from "../support/people";
import { sessionCookie } from "../support/requests";
import { routerArgs } from "../support/router";
import { fictionalMeasure } from "../support/safety-plan";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown> | unknown;

/** Every route module, found by the bundler: a new route is requested without anyone adding it here. */
const ROUTE_MODULES = import.meta.glob<{ loader?: Loader }>("../../app/routes/*.{ts,tsx}");

/** Tables that record what was read or attempted, never a change: they may grow on a GET. */
const RECORDS_OF_READS = /^(audit_|access_alert$|outbox_message$|_prisma_migrations$|schema_migrations$)/;

/**
 * What of a table may move on a GET, and so is left out of its fingerprint: the session's idle timer, and the first
 * time a referral was opened (a pure read record: nothing in the chain's workflow looks at it).
 */
const READ_COLUMNS: Record<string, string[]> = {
  session: ["lastUsedAt", "idleExpiresAt"],
  referral_step: ["openedAt"],
};
/** Rows that are read records in a table that also holds changes. */
const READ_ROWS: Record<string, string> = {
  referral_event: `"kind"::text <> 'OPENED'`,
  // A PSD officer's read of a case about PSD is listed for review as it happens; a review is a change (a POST).
  quiet_read: `"kind"::text <> 'PSD_READ' OR "reviewedAt" IS NOT NULL`,
};

/** The URL of a route module's file name (React Router's flat routes), with its parameters filled in. */
function urlOf(file: string, values: Record<string, string>): { path: string; params: Params } {
  const params: Record<string, string> = {};
  const segments = file
    .replace(/\.tsx?$/, "")
    .replace(/\[\.\]/g, "~dot~")
    .split(".")
    .map((segment) => segment.replaceAll("~dot~", "."))
    .filter((segment) => segment !== "_index")
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => {
      if (!segment.startsWith("$")) return segment;
      const name = segment.slice(1);
      const value = values[name];
      if (!value) throw new Error(`no value for the parameter ${name} of ${file}`);
      params[name] = value;
      return value;
    });
  return { path: `/${segments.join("/")}`, params };
}

describeEachDatabase("no GET changes anything", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  /** One fingerprint per table (and, for the tables above, without their read records), in one statement. */
  async function fingerprint(database: TestDatabase): Promise<Record<string, string>> {
    const tables = await database.prisma.$queryRaw<{ name: string; columns: string[] }[]>`
      SELECT t."table_name" AS "name", array_agg(c."column_name"::text ORDER BY c."ordinal_position") AS "columns"
      FROM information_schema.tables t JOIN information_schema.columns c ON c."table_schema" = t."table_schema" AND c."table_name" = t."table_name"
      WHERE t."table_schema" = current_schema() AND t."table_type" = 'BASE TABLE'
      GROUP BY t."table_name" ORDER BY t."table_name"`;
    const parts = tables
      .filter((table) => !RECORDS_OF_READS.test(table.name))
      .map((table) => {
        const columns = table.columns.filter((column) => !(READ_COLUMNS[table.name] ?? []).includes(column)).map((column) => `"${column}"`);
        const where = READ_ROWS[table.name] ? `WHERE ${READ_ROWS[table.name]}` : "";
        return `SELECT '${table.name}' AS "name", count(*)::text || ':' || coalesce(md5(string_agg(row(${columns.join(", ")})::text, '|' ORDER BY row(${columns.join(", ")})::text)), '') AS "print" FROM "${table.name}" ${where}`;
      });
    const rows = await database.prisma.$queryRawUnsafe<{ name: string; print: string }[]>(parts.join(" UNION ALL "));
    return Object.fromEntries(rows.map((row) => [row.name, row.print]));
  }

  /** Something of every kind that a page can show, so that every page has something to change if it would. */
  async function populate(database: TestDatabase) {
    const { prisma } = database;
    const created = await makeCase(prisma, person("pcPenhallow"), person("pcDuxbury"));
    const idva = await prisma.supportService.findFirstOrThrow({ where: { kind: "STAFF_IDVA" } });
    const request = await makeSupportRequest(prisma, person("pcMistryOake"), idva.id);
    const measure = await addMeasure(await contextForPerson(prisma, person("pcMistryOake")), fictionalMeasure());
    const conversation = await recordConversation(await contextForPerson(prisma, person("ashSergeant")), person("pcMistryOake"), {
      heldOn: new Date("2026-11-27T00:00:00Z"),
      pointsCovered: ["always", "support"],
      supportOffered: "Fictional: staff IDVA service.",
      agreed: "Fictional: flexible start times.",
      followUpOn: null,
      nothingAboutAbuse: "on",
    });
    const entry = await addIncident(
      await contextForPerson(prisma, person("pcMistryOake")),
      incidentFormSchema(new Date()).parse({
        occurredOn: "2026-11-28",
        occurredTime: "08:15",
        kind: "CALL",
        whatHappened: "Fictional: three calls.",
        witnesses: "",
      }),
    );
    await sendOrderNotice(
      await contextForPerson(prisma, person("pcDuxbury")),
      OrderNoticeSchema.parse({ kind: "CHILD_CONTACT_RESTRICTION", madeOn: "2026-10-01", details: "Fictional: supervised contact only." }),
    );
    // A draft past its date (deleted by the server's timer, never by a page) and a referral whose recipient has since
    // come into the suspect's line chain (passed on by the scheduler, never by opening it).
    const draft = await makeSupportRequest(prisma, person("pcPenhallow"), idva.id, { send: false });
    await prisma.supportRequest.update({ where: { id: draft.id }, data: { draftExpiresAt: new Date(Date.now() - 86_400_000) } });
    const step = await prisma.referralStep.findFirstOrThrow({ where: { caseId: created.id, state: "AWAITING" }, orderBy: { createdAt: "asc" } });
    await prisma.person.update({ where: { id: person("pcDuxbury") }, data: { lineManagerId: step.recipientPersonId } });
    // An attempt on the case by someone not on its list, so that PSD has an alert to open.
    const cookie = await sessionCookie(prisma, person("pcsoCrowhurst"));
    const { loader } = (await import("~/routes/records.$reference._index")) as { loader: Loader };
    await Promise.resolve(
      loader(await routerArgs(new Request(`http://localhost/records/${created.reference}`, { headers: { cookie } }), { reference: created.reference })),
    ).catch(() => null);
    const alert = await prisma.accessAlert.findFirstOrThrow({ where: { caseId: created.id } });
    // A break-glass, so that PSD has a quiet read to review.
    const coordinator = await contextForPerson(prisma, person("daCoordinatorOfficer"));
    await prisma.$transaction((tx) => recordBreakGlass(coordinator, tx, created.id, "Fictional: a child at risk tonight.", 4));
    const quietRead = await prisma.quietRead.findFirstOrThrow({ where: { caseId: created.id } });
    // A dip sample holding the case, assigned to a PSD officer, so that the samples' and the review's pages show it.
    const now = new Date();
    const sample = await prisma.dipSample.create({
      data: {
        drawnById: person("acc"),
        drawnAt: now,
        windowFrom: now,
        windowTo: now,
        requestedSize: 1,
        seed: "00",
        populationSize: 1,
        populationDigest: "00",
        items: { create: { caseId: created.id, position: 1, drawKey: "00", reviewerId: person("psdInspector"), assignedAt: now } },
      },
    });
    const unit = await prisma.unit.findFirstOrThrow();
    const force = await prisma.force.findFirstOrThrow({ where: { isHome: false } });
    const section = await prisma.guideSection.findFirstOrThrow();
    return {
      reference: created.reference,
      alertId: String(alert.id),
      stepId: step.id,
      stepRecipient: step.recipientPersonId!,
      recordId: conversation,
      entryId: entry,
      measureId: measure.id,
      requestId: request.id,
      personId: person("pcMistryOake"),
      unitId: unit.id,
      forceId: force.id,
      sectionId: section.id,
      serviceId: idva.id,
      readId: quietRead.id,
      sampleId: sample.id,
      // The set-up page only reads whatever the link (an unknown one here: a real one is used by POST only).
      token: "Fictional-unknown-set-up-link",
    };
  }

  it("every page, as everyone: only reads and attempts are recorded", { timeout: 600_000 }, async () => {
    const database = use();
    setDatabase(database);
    seed = await seedDemoOrganisation(database.prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const values = await populate(database);
    const pages: { label: string; loader: Loader; path: string; params: Params }[] = [];
    const root = (await import("~/root")) as { loader?: Loader };
    if (root.loader) pages.push({ label: "root", loader: root.loader, path: "/", params: {} });
    for (const [source, load] of Object.entries(ROUTE_MODULES)) {
      const file = source.split("/").pop()!;
      if (/\.test\.tsx?$/.test(file)) continue;
      const module = await load();
      if (!module.loader) continue;
      const { path, params } = urlOf(file, values);
      pages.push({ label: file, loader: module.loader, path, params });
    }
    // Searches and lists by query: the same loaders with what a link could add to the address.
    const records = pages.find((page) => page.label === "records._index.tsx")!;
    pages.push({ ...records, label: "records search (a case)", path: `/records?reference=${values.reference}` });
    pages.push({ ...records, label: "records search (none)", path: "/records?reference=ZZZZ-2222" });
    expect(pages.length).toBeGreaterThan(60);

    const visitors = [
      "pcPenhallow",
      "pcDuxbury",
      "pcMistryOake",
      "ashSergeant",
      "ashCommander",
      "psdInspector",
      "psdHead",
      "acc",
      "daCoordinatorOfficer",
      "idvaLiaison",
      "admin",
    ];
    // Each page gets a session of its own, made before the fingerprint: a page that signs out cannot hide what the
    // pages after it would do.
    const visit = async (page: (typeof pages)[number], cookie: string, who: string) => {
      const request = new Request(`http://localhost${page.path}`, { headers: { cookie } });
      try {
        await page.loader(await routerArgs(request, page.params));
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw new Error(`${page.label} as ${who}: ${String(thrown)}`);
      }
    };
    const differences = (was: Record<string, string>, now: Record<string, string>) => Object.keys(now).filter((table) => was[table] !== now[table]);
    const changed: string[] = [];
    for (const who of [...visitors.map((key) => ({ key, id: person(key) })), { key: "the referral's recipient", id: values.stepRecipient }]) {
      const cookies = await Promise.all(pages.map(() => sessionCookie(database.prisma, who.id)));
      const before = await fingerprint(database);
      for (const [index, page] of pages.entries()) await visit(page, cookies[index]!, who.key);
      const tables = differences(before, await fingerprint(database));
      if (!tables.length) continue;
      changed.push(`a page as ${who.key} changed ${tables.join(", ")}`);
      // Page by page, to name it (a change that happened once, such as a deletion, may not happen again).
      for (const page of pages) {
        const cookie = await sessionCookie(database.prisma, who.id);
        const was = await fingerprint(database);
        await visit(page, cookie, who.key);
        for (const table of differences(was, await fingerprint(database))) changed.push(`${page.label} as ${who.key} changed ${table}`);
      }
    }
    expect(changed).toEqual([]);
  });

  it("the fingerprint sees a change (the test can fail)", async () => {
    const database = use();
    const before = await fingerprint(database);
    await database.prisma.person.updateMany({ where: { id: person("pcMistryOake") }, data: { pronouns: "they/them (changed)" } });
    const after = await fingerprint(database);
    expect(after.person).not.toBe(before.person);
    const session = await sessionCookie(database.prisma, person("pcMistryOake"));
    expect(session).toBeTruthy();
    expect((await fingerprint(database)).session).not.toBe(after.session);
  });
});
