// Experiment: CPU instructions per request of one page, counted by valgrind's callgrind, which counts the same on a
// quiet machine and a loaded one (these machines have no hardware counters, and time per request varies by ±30 % when
// other work runs). Run it twice under callgrind, with --iterations=0 and with --iterations=N, and take the difference:
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file \
//     node --import tsx bench/experiments/page-instructions.ts --page=/bench/bare --iterations=200
// bench/experiments/instructions-ab.sh does that for two builds, taking turns.
// Same set-up as profile-pages.ts: BENCH_DATABASE_URL (a database set up by `profile-pages.ts --setup --cases`) and
// BUILD_DIR (a bench-flavour build). --as=psd|unlisted|admin signs in first; otherwise the request has no session.
import "../lib/production-env.ts";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "react-router";
import { startSession } from "../../app/auth/sign-in.server.ts";
import { sessionCookieName } from "../../app/auth/cookie.server.ts";
import { setDatabase } from "../../app/db.server.ts";
import { openCountingDatabase } from "../lib/inprocess.ts";
import { withClient } from "../lib/db.ts";

const emails = {
  admin: "ivo.brennand@northshire.police.invalid",
  psd: "callum.ferrisby@northshire.police.invalid",
  unlisted: "jordan.mistry-oake@northshire.police.invalid",
} as const;
const option = (name: string) =>
  process.argv
    .slice(2)
    .find((a) => a.startsWith(`--${name}=`))
    ?.split("=")[1];
const iterations = Number(option("iterations") ?? 200);
const warmup = Number(option("warmup") ?? 300);
const as = option("as") as keyof typeof emails | undefined;

const database = openCountingDatabase(process.env.BENCH_DATABASE_URL!);
setDatabase(database);
const build = (await import(pathToFileURL(`${process.env.BUILD_DIR ?? "build-perf"}/server/index.js`).href)) as ServerBuild;
const handler = createRequestHandler(build, "production");
const headers: Record<string, string> = { "x-portal-client-address": "127.0.0.1" };
if (as) {
  const person = await database.prisma.person.findFirstOrThrow({ where: { workEmail: emails[as] } });
  const token = await database.prisma.$transaction((tx) => startSession(tx, person.id, "password", { ipAddress: "127.0.0.1", userAgent: "instructions" }));
  headers.cookie = `${sessionCookieName()}=${token}`;
}
let page = option("page") ?? "/bench/bare";
if (page === "case") {
  const reference = await withClient(process.env.BENCH_DATABASE_URL!, async (client) => {
    const { rows } = await client.query<{ reference: string }>(
      `SELECT c."reference" FROM "police_suspect_case" c JOIN "case_access" a ON a."caseId" = c."id" JOIN "person" p ON p."id" = a."personId" WHERE p."workEmail" = $1 ORDER BY c."reference" LIMIT 1`,
      [emails.psd],
    );
    return rows[0]!.reference;
  });
  page = `/records/${reference}`;
}
async function call() {
  const response = await handler(new Request(`http://localhost${page}`, { headers }));
  await response.arrayBuffer();
  return response.status;
}
// Warm up in both runs alike, so that the difference between them is requests by code already optimised.
let status = 0;
for (let i = 0; i < warmup; i++) status = await call();
for (let i = 0; i < iterations; i++) await call();
console.log(`${page} ${status} after ${warmup} warm-up and ${iterations} measured requests`);
await database.close();
