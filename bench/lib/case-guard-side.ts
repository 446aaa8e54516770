// One side's round of the case guard's in-process cost for bench/experiments/in-process-sides.ts --measure=case-guard (issue 14: "a case
// page's guard must still cost no more than 1.2× today's in-process figure"). Run in each revision's directory with
// its own tsx against that side's own database, so each side runs its own guard; copied into an older revision's
// worktree first, so it may use only what both revisions have (openCase, resolveRequestContext, startSession,
// openDatabase/setDatabase and sessionCookie as of f978333).
//
//   tsx bench/lib/case-guard-side.ts <database URL> prepare '<JSON: psdEmail, unlistedEmail>'
//     gives the generated people line managers (constables under a sergeant, sergeants under an inspector, inspectors
//     under a demo duty inspector), so that suspects have line chains of several managers, and opens two sessions
//   tsx bench/lib/case-guard-side.ts <database URL> measure '<JSON: iterations, reference, psdToken, unlistedToken>'
//     one round: the parts taken in turn, each `iterations` times after a warm-up; prints one line of JSON (per part,
//     the mean CPU of this process per call and every call's wall time)
import "./production-env.ts";
import { performance } from "node:perf_hooks";
import { openDatabase, setDatabase } from "../../app/db.server.ts";
import { startSession } from "../../app/auth/sign-in.server.ts";
import { sessionCookie } from "../../app/auth/cookie.server.ts";
import { resolveRequestContext } from "../../app/access/request-context.server.ts";
import { openCase } from "../../app/access/guard.server.ts";

const [url, mode, json] = process.argv.slice(2);
if (!url || !mode || !json) throw new Error("usage: tsx bench/lib/case-guard-side.ts <database URL> prepare|measure <settings as JSON>");
const settings = JSON.parse(json) as Record<string, unknown>;
const database = openDatabase({ kind: "postgres", url });
setDatabase(database);
const { prisma } = database;

async function prepare(): Promise<void> {
  const { psdEmail, unlistedEmail } = settings as { psdEmail: string; unlistedEmail: string };
  // Generated people (Bench Person …) numbered in creation order: every 8th a sergeant over the 7 before it, every
  // 64th an inspector over the 7 sergeants before it, inspectors under the demo organisation's first duty inspector.
  await prisma.$executeRawUnsafe(`
    WITH numbered AS (
      SELECT "id", row_number() OVER (ORDER BY "workEmail") - 1 AS n FROM "person" WHERE "workEmail" LIKE '%@bench.police.invalid'
    ), duty AS (
      SELECT ra."personId" AS "id" FROM "role_assignment" ra WHERE ra."role" = 'DUTY_INSPECTOR' ORDER BY ra."personId" LIMIT 1
    ), boss AS (
      SELECT p."id", CASE WHEN p.n % 64 = 63 THEN (SELECT "id" FROM duty) ELSE q."id" END AS "managerId"
      FROM numbered p LEFT JOIN numbered q ON q.n = CASE WHEN p.n % 8 = 7 THEN (p.n / 64) * 64 + 63 ELSE (p.n / 8) * 8 + 7 END
    )
    UPDATE "person" t SET "lineManagerId" = b."managerId" FROM boss b WHERE t."id" = b."id" AND b."managerId" IS NOT NULL AND b."managerId" <> t."id"`);
  await prisma.$executeRawUnsafe(`ANALYZE`);
  const client = { ipAddress: "127.0.0.1", userAgent: "portal-bench/1 (case guard)" };
  const token = async (email: string) => {
    const person = await prisma.person.findUniqueOrThrow({ where: { workEmail: email }, select: { id: true } });
    return prisma.$transaction((tx) => startSession(tx, person.id, "password", client));
  };
  console.log(JSON.stringify({ psdToken: await token(psdEmail), unlistedToken: await token(unlistedEmail) }));
}

async function measure(): Promise<void> {
  const { iterations, reference, psdToken, unlistedToken } = settings as { iterations: number; reference: string; psdToken: string; unlistedToken: string };
  const request = (token: string) =>
    new Request(`http://localhost/records/${reference}`, {
      headers: { cookie: sessionCookie(token).split(";")[0]!, "user-agent": "portal-bench/1 (case guard)", "x-portal-client-address": "127.0.0.1" },
    });
  const psd = await resolveRequestContext(request(psdToken));
  const unlisted = await resolveRequestContext(request(unlistedToken));
  if (!psd || !unlisted) throw new Error("the sessions are not valid in-process");
  const parts: Record<string, () => Promise<unknown>> = {
    // The case's row alone, unguarded: a yardstick of the database's speed on this side.
    bare: () => prisma.policeSuspectCase.findUnique({ where: { reference }, select: { id: true, reference: true, reportedById: true } }),
    // What every case page does first: the session and the ability (the root middleware).
    session: () => resolveRequestContext(request(psdToken)),
    // The case guard: openCase as the page's loader calls it (scoped find, details, audit row; refused: audit and alert).
    allowed: async () => {
      const opened = await openCase(psd, reference);
      if (opened.stance.kind !== "read") throw new Error(`the PSD officer's stance is ${opened.stance.kind}, not read`);
    },
    refused: async () => {
      try {
        await openCase(unlisted, reference);
      } catch (thrown) {
        if (thrown instanceof Response && thrown.status === 404) return;
        throw thrown;
      }
      throw new Error("the unlisted officer was let in");
    },
  };
  for (const run of Object.values(parts)) for (let i = 0; i < 30; i++) await run();
  const wall: Record<string, number[]> = Object.fromEntries(Object.keys(parts).map((name) => [name, []]));
  const cpu: Record<string, number> = Object.fromEntries(Object.keys(parts).map((name) => [name, 0]));
  for (let i = 0; i < iterations; i++) {
    for (const [name, run] of Object.entries(parts)) {
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      await run();
      wall[name]!.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      cpu[name]! += (used.user + used.system) / 1000;
    }
  }
  const out = Object.fromEntries(Object.keys(parts).map((name) => [name, { cpuMs: cpu[name]! / iterations, wall: wall[name]! }]));
  console.log(JSON.stringify(out));
}

try {
  if (mode === "prepare") await prepare();
  else if (mode === "measure") await measure();
  else throw new Error(`unknown mode ${mode}`);
} finally {
  await database.close();
}
// The outbox worker may have been woken by a refused attempt (kickOutbox): do not wait for it.
process.exit(0);
