// Experiment (not part of `npm run bench`): audit:verify's two parts before and after the tags were read with the
// driver itself, side by side in one run, taking turns, on a generated keyed trail in PostgreSQL.
//
//   npx tsx bench/experiments/verify-old-new.ts [rows, default 500000] [rounds, default 2]
//
// Uses BENCH_DATABASE_URL (filled up to `rows` if short) or a throwaway database. Times, each round:
//   screen before   PostgreSQL's content hash as a to_json a field (as at b85f1df), with the link pass
//   screen now      screenAuditChain (one array_to_json)
//   tags before     every row's tag, read as at b85f1df: a batch of 20,000 positions as one text value through
//                   Prisma's $queryRaw (the planner hash-joins each batch against the whole event table)
//   tags now        checkTags: pg itself, ordered pages by position, read ahead, two ranges
import { openDatabase } from "../../app/db.server.ts";
import { Prisma } from "../../app/generated/prisma/client.ts";
import { auditRowTagOf, sameHex } from "../../app/utils/audit-key.server.ts";
import { checkTags } from "../../app/utils/audit-tags.server.ts";
import { screenAuditChain } from "../../app/utils/audit-verify.server.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { BENCH_AUDIT_KEYS, createBenchDatabase, fillAuditTrail, settle } from "../lib/db.ts";
import { EARLIER_CONTENT_HASH_SQL } from "./earlier-content-hash.ts";

const [rows = 500_000, rounds = 2] = process.argv.slice(2).map(Number);
const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
const { prisma, close } = openDatabase({ kind: "postgres", url: database.url });

const OLD_CONTENT_HASH = Prisma.raw(EARLIER_CONTENT_HASH_SQL);

/** The screen's row query and link pass as they were, over the whole chain on one connection. */
async function oldScreen(): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ bad: bigint | null; link: bigint | null }[]>`
    SELECT (SELECT min(s."seq") FROM "audit_seal" s LEFT JOIN "audit_event" e ON e."id" = s."eventId"
             WHERE e."id" IS NULL OR ${OLD_CONTENT_HASH} <> e."contentHash"
                OR s."hash" <> encode(sha256(convert_to(s."prevHash" || ':' || s."seq" || ':' || e."contentHash", 'UTF8')), 'hex')) AS "bad",
           (SELECT min(t."seq") FROM (SELECT s."seq", s."prevHash", lag(s."hash") OVER (ORDER BY s."seq") AS "previousHash" FROM "audit_seal" s) t
             WHERE t."prevHash" <> coalesce(t."previousHash", repeat('0', 64))) AS "link"`;
  return row!.bad === null && row!.link === null;
}

/** The tag pass as it was: batches of positions as one text value through Prisma, HMAC with auditRowTagOf and sameHex. */
async function oldTags(head: bigint): Promise<boolean> {
  for (let from = 0n; from < head; from += 20_000n) {
    const [batch] = await prisma.$queryRaw<{ lines: string | null }[]>`
      SELECT string_agg(s."seq" || ' ' || e."id" || ' ' || coalesce(e."tagNonce"::text, '-') || ':' || e."contentHash" || ' ' || coalesce(e."tag", '-'), E'\n') AS "lines"
      FROM "audit_seal" s JOIN "audit_event" e ON e."id" = s."eventId"
      WHERE s."seq" BETWEEN ${from + 1n} AND ${from + 20_000n}`;
    for (const line of batch?.lines?.split("\n") ?? []) {
      const [, , message, tag] = line.split(" ") as [string, string, string, string];
      if (!sameHex(auditRowTagOf(BENCH_AUDIT_KEYS, message), tag)) return false;
    }
  }
  return true;
}

try {
  await applyMigrations({ databaseUrl: database.url });
  const filled = await fillAuditTrail(database.url, rows);
  if (filled.inserted > 0) await settle(database.url);
  const [head] = await prisma.$queryRaw<{ seq: bigint }[]>`SELECT max("seq") AS "seq" FROM "audit_seal"`;
  const headSeq = BigInt(head!.seq);
  console.log(
    `${headSeq.toLocaleString("en-GB")} entries; load average ${(await import("node:os"))
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(", ")}`,
  );
  const time = async (label: string, run: () => Promise<boolean>) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const ok = await run();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const rate = Math.round(Number(headSeq) / seconds).toLocaleString("en-GB");
    console.log(
      `${label.padEnd(14)} ${ok ? "intact" : "BROKEN"} ${seconds.toFixed(2)} s = ${rate} rows/s (Node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)`,
    );
  };
  for (let round = 1; round <= rounds; round++) {
    console.log(`round ${round}`);
    await time("screen before", oldScreen);
    await time("screen now", async () => (await screenAuditChain(prisma)).firstSuspect === null);
    await time("tags before", () => oldTags(headSeq));
    await time("tags now", async () => (await checkTags(prisma, BENCH_AUDIT_KEYS, 0n, headSeq)) === null);
  }
} finally {
  await close();
  if (database.created) await database.drop();
}
