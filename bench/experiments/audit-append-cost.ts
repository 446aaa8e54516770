// Experiment (not part of `npm run bench`): what keying the audit trail (ADR 022) adds to writing one audit row, the
// write every guarded request makes. In one process against a throwaway PostgreSQL database, interleaved:
//   unkeyed  the statement appendAudit sent before ADR 022 (content hash only);
//   keyed    appendAudit as it is now (a random nonce and an HMAC tag, two more columns and a unique index).
// Each iteration is one transaction with one audit row, sealed at commit, as a guarded read makes it. Reports wall time
// per transaction and the Node CPU of the row's preparation (hashes, tag) alone.
//
//   npx tsx bench/experiments/audit-append-cost.ts [iterations, default 2000]
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { auditRowTag } from "../../app/utils/audit-key.server.ts";
import { appendAudit, auditContentHash, canonicalJson, type AuditContent } from "../../app/utils/audit.server.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { BENCH_AUDIT_KEYS, createBenchDatabase } from "../lib/db.ts";

const iterations = Number(process.argv[2] ?? 2000);
const database = await createBenchDatabase(undefined);
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, options: "-c jit=off" }) });
const entry = { actorId: null, action: "access.list", subjectType: "Person", subjectId: null, outcome: "ALLOWED", details: { count: 50, page: 1 } } as const;

function content(): AuditContent {
  return {
    occurredAt: new Date(),
    actorId: null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: null,
    outcome: entry.outcome,
    reason: null,
    ipAddress: "192.0.2.1",
    userAgent: "Mozilla/5.0 (bench)",
    details: canonicalJson(entry.details),
  };
}

async function unkeyed(): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = content();
    await tx.$queryRaw`
      INSERT INTO "audit_event" ("occurredAt", "actorId", "action", "subjectType", "subjectId", "outcome", "reason", "ipAddress", "userAgent", "details", "contentHash")
      VALUES (${row.occurredAt}, ${row.actorId}::uuid, ${row.action}, ${row.subjectType}, ${row.subjectId}, ${row.outcome}, ${row.reason},
              ${row.ipAddress}, ${row.userAgent}, ${row.details}, ${auditContentHash(row)})
      RETURNING "id"`;
  });
}

async function keyed(): Promise<void> {
  await prisma.$transaction((tx) =>
    appendAudit(tx, { ...entry, ipAddress: "192.0.2.1", userAgent: "Mozilla/5.0 (bench)", details: entry.details }, BENCH_AUDIT_KEYS),
  );
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${mean.toFixed(3)} ms, p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)}, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(3)}`;
};

try {
  await applyMigrations({ databaseUrl: database.url });
  for (let i = 0; i < 200; i++) await (i % 2 ? keyed() : unkeyed()); // warm-up
  const times = { unkeyed: [] as number[], keyed: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    for (const [name, run] of (i % 2
      ? [
          ["keyed", keyed],
          ["unkeyed", unkeyed],
        ]
      : [
          ["unkeyed", unkeyed],
          ["keyed", keyed],
        ]) as [keyof typeof times, () => Promise<void>][]) {
      const started = performance.now();
      await run();
      times[name].push(performance.now() - started);
    }
  }
  console.log(`one transaction with one audit row, ${iterations} each, interleaved:`);
  console.log(`  unkeyed: ${summary(times.unkeyed)}`);
  console.log(`  keyed:   ${summary(times.keyed)}`);

  // The preparation in Node alone (no database): content hash, and for the keyed row the nonce and the tag.
  const cpu = (run: () => void) => {
    const started = process.cpuUsage();
    for (let i = 0; i < 100_000; i++) run();
    const used = process.cpuUsage(started);
    return ((used.user + used.system) / 100_000).toFixed(2);
  };
  const before = cpu(() => auditContentHash(content()));
  const after = cpu(() => {
    const hash = auditContentHash(content());
    auditRowTag(BENCH_AUDIT_KEYS, crypto.randomUUID(), hash);
  });
  console.log(`Node CPU to prepare one row: unkeyed ${before} µs, keyed ${after} µs`);
} finally {
  await prisma.$disconnect();
  await database.drop();
}
