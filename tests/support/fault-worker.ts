// A server process's background work, run as a child by the fault tests (tests/unit/faults-process-kill.test.ts): one
// outbox run and one referral scheduler pass against DATABASE_URL at the clock FAULT_NOW, as the server's workers do.
// The test kills it with SIGKILL while it holds what it claimed.
import { openDatabase } from "~/db.server";
import { chainTiming } from "~/models/referrals/timing.server";
import { runReferralScheduler } from "~/models/referrals/scheduler.server";
import { createLogger } from "~/utils/logger.server";
import { createTransport } from "~/utils/mail.server";
import { deliverDueMail } from "~/utils/outbox.server";

const database = openDatabase({ kind: "postgres", url: process.env.DATABASE_URL! });
const now = new Date(process.env.FAULT_NOW!);
const logger = createLogger({ level: "silent" });
const transport = createTransport(process.env.SMTP_URL!);
await database.prisma.$queryRaw`SELECT 1`;
process.stdout.write("ready\n");
await Promise.all([
  deliverDueMail({ prisma: database.prisma, transport, logger, now, leaseMs: Number(process.env.FAULT_LEASE_MS), batchSize: 10 }),
  runReferralScheduler(database.prisma, chainTiming(now)),
]);
process.stdout.write("finished\n");
