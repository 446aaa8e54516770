// Experiment (not part of `npm run bench`): how fast can the audit chain be verified in Node on this machine, with
// the portal's own hash functions (app/utils/audit.server.ts), if the verifier
//   (a) reads with `pg` directly, every column as text (timestamps formatted as ISO text by PostgreSQL),
//   (b) fetches the next batch while the current one is checked, and
//   (c) checks the hashes on worker threads (the links and the sequence stay on the main thread)?
//
//   npx tsx bench/experiments/fast-verify.ts [rows, default 1000000] [threads, default 2]
//
// Creates a throwaway database with a generated chain (as npm run bench does), times the portal's verifyAuditChain
// and this verifier, checks that both report the same row after one is altered on purpose, and drops the database.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import pg from "pg";
import { auditContentHash, auditSealHash, GENESIS_HASH } from "../../app/utils/audit.server.ts";

// seq, eventId (null when the row is gone), prevHash, hash, contentHash, occurredAt (ISO text), then the 9 other fields.
type Row = (string | null)[];

/** Index of the first row whose link hash or content hash does not match, or -1. */
function firstBadHash(rows: Row[]): number {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const iso = r[5]!;
    const content = {
      occurredAt: { toISOString: () => iso } as Date,
      actorId: r[6]!,
      action: r[7]!,
      subjectType: r[8]!,
      subjectId: r[9]!,
      outcome: r[10]!,
      reason: r[11]!,
      ipAddress: r[12]!,
      userAgent: r[13]!,
      details: r[14]!,
    };
    if (auditSealHash(r[2]!, BigInt(r[0]!), r[4]!) !== r[3] || auditContentHash(content) !== r[4]) return i;
  }
  return -1;
}

if (!isMainThread && workerData === "hash-worker") {
  parentPort!.on("message", (message: { id: number; rows: Row[] }) => parentPort!.postMessage({ id: message.id, bad: firstBadHash(message.rows) }));
}

const SELECT = `
  SELECT s."seq"::text, e."id"::text, s."prevHash", s."hash", e."contentHash",
         to_char(e."occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), e."actorId"::text, e."action", e."subjectType",
         e."subjectId", e."outcome", e."reason", e."ipAddress", e."userAgent", e."details"
  FROM "audit_seal" s LEFT JOIN "audit_event" e ON e."id" = s."eventId"
  WHERE s."seq" >= $1 ORDER BY s."seq" LIMIT $2`;

export async function fastVerify(url: string, threads: number, batchSize = 20_000): Promise<{ ok: boolean; rows: number; firstBadSeq?: string }> {
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => (value: string) => value } as never });
  await client.connect();
  // Node 20 does not apply `--import tsx` to workers: register tsx inside the worker, then load this file.
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const workers = Array.from({ length: threads }, () => new Worker(bootstrap, { eval: true, workerData: "hash-worker" }));
  let nextId = 0;
  const waiting = new Map<number, (bad: number) => void>();
  for (const worker of workers) worker.on("message", (message: { id: number; bad: number }) => waiting.get(message.id)?.(message.bad));
  const check = (rows: Row[], worker: Worker) =>
    new Promise<number>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      worker.postMessage({ id, rows });
    });
  const fetch = (from: bigint) => client.query<Row>({ text: SELECT, values: [from.toString(), batchSize], rowMode: "array" }).then((result) => result.rows);
  try {
    let expected = 1n;
    let previous = GENESIS_HASH;
    let rows = 0;
    let pending = fetch(1n);
    const inFlight: { firstSeq: bigint; done: Promise<number> }[] = [];
    const settle = async (keep: number) => {
      while (inFlight.length > keep) {
        const batch = inFlight.shift()!;
        const bad = await batch.done;
        if (bad >= 0) return (batch.firstSeq + BigInt(bad)).toString();
      }
      return null;
    };
    // Bounded: one batch per iteration, stops at the end of the chain.
    for (let batchNo = 0; batchNo < 1_000_000; batchNo++) {
      const batch = await pending;
      if (batch.length === 0) break;
      pending = fetch(BigInt(batch[batch.length - 1]![0]!) + 1n); // read ahead while this batch is checked
      for (const row of batch) {
        if (BigInt(row[0]!) !== expected || row[1] === null || row[2] !== previous) {
          const earlier = await settle(0);
          return { ok: false, rows, firstBadSeq: earlier ?? expected.toString() };
        }
        previous = row[3]!;
        expected++;
        rows++;
      }
      inFlight.push({ firstSeq: BigInt(batch[0]![0]!), done: check(batch, workers[batchNo % threads]!) });
      const bad = await settle(threads * 2);
      if (bad) return { ok: false, rows, firstBadSeq: bad };
    }
    await pending.catch(() => {});
    const bad = await settle(0);
    if (bad) return { ok: false, rows, firstBadSeq: bad };
    const unsealed = await client.query(`SELECT 1 FROM "audit_event" e WHERE NOT EXISTS (SELECT 1 FROM "audit_seal" s WHERE s."eventId" = e."id") LIMIT 1`);
    return unsealed.rowCount ? { ok: false, rows, firstBadSeq: "unsealed row" } : { ok: true, rows };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    await client.end();
  }
}

async function main() {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const threads = Number(process.argv[3] ?? 2);
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { applyMigrations } = await import("../../scripts/db/migrator.ts");
  const { createBenchDatabase, fillAuditTrail, settle, withClient } = await import("../lib/db.ts");
  const { verifyAuditChain } = await import("../../app/utils/audit-verify.server.ts");
  const { PrismaClient } = await import("../../app/generated/prisma/client.ts");
  const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  try {
    await applyMigrations({ databaseUrl: database.url });
    const fill = await fillAuditTrail(database.url, rows);
    console.log(`generated ${fill.totalRows.toLocaleString("en-GB")} rows in ${fill.seconds.toFixed(1)} s`);
    await settle(database.url);
    const rate = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString("en-GB")} rows/s`;
    let started = performance.now();
    const portal = await verifyAuditChain(prisma);
    console.log(`verifyAuditChain: ${portal.ok ? "intact" : "BROKEN"}, ${rate(portal.rowsChecked, (performance.now() - started) / 1000)}`);
    for (const n of [...new Set([1, threads])]) {
      started = performance.now();
      const fast = await fastVerify(database.url, n);
      console.log(
        `pg, read-ahead, ${n} hashing thread(s): ${fast.ok ? "intact" : `BROKEN at ${fast.firstBadSeq}`}, ${rate(fast.rows, (performance.now() - started) / 1000)}`,
      );
    }
    // Both must report the same row once one is altered behind the append-only trigger's back.
    const target = Math.floor(rows * 0.7);
    await withClient(database.url, async (client) => {
      await client.query(`ALTER TABLE "audit_event" DISABLE TRIGGER "audit_event_append_only"`);
      await client.query(`UPDATE "audit_event" SET "reason" = 'tampered' WHERE "id" = (SELECT "eventId" FROM "audit_seal" WHERE "seq" = $1)`, [target]);
      await client.query(`ALTER TABLE "audit_event" ENABLE TRIGGER "audit_event_append_only"`);
    });
    const portalBad = await verifyAuditChain(prisma);
    const fastBad = await fastVerify(database.url, threads);
    console.log(`entry ${target} altered: verifyAuditChain reports entry ${portalBad.problem?.seq}, this verifier reports entry ${fastBad.firstBadSeq}`);
  } finally {
    await prisma.$disconnect();
    await database.drop();
  }
}

if (isMainThread) await main();
