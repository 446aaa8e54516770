// One side's round of issue 4's chain measurement for bench/experiments/in-process-sides.ts --measure=referral-chain:
// run in each revision's directory with its own tsx against that side's own database, so each side runs its own
// chain code; copied into an older revision's worktree first (with referral-chain-timing.ts).
//
//   tsx bench/lib/referral-side.ts <database URL> prepare '{"people":50000}'   migrate, seed, grow to 50,000 people
//   tsx bench/lib/referral-side.ts <database URL> measure '{"reports":100}'    one round; prints one line of JSON
import "./production-env.ts";
import { PrismaPg } from "@prisma/adapter-pg";
import { openDatabase } from "../../app/db.server.ts";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { seedDemoOrganisation } from "../../prisma/seed.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { growOrganisation, timeReferralChains } from "./referral-chain-timing.ts";

const [url, mode, json] = process.argv.slice(2);
if (!url || !mode || !json) throw new Error("usage: tsx bench/lib/referral-side.ts <database URL> prepare|measure <settings as JSON>");
const settings = JSON.parse(json) as { people?: number; reports?: number };

if (mode === "prepare") {
  await applyMigrations({ databaseUrl: url });
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    await seedDemoOrganisation(client);
  } finally {
    await client.$disconnect();
  }
  console.log(JSON.stringify({ people: await growOrganisation(url, settings.people ?? 50_000) }));
} else if (mode === "measure") {
  const database = openDatabase({ kind: "postgres", url });
  try {
    const times = await timeReferralChains(database.prisma, settings.reports ?? 100);
    console.log(
      JSON.stringify({
        chain: { cpuMs: times.cpuMsPerReport, wall: times.chainMs, steps: times.stepsPerReport },
        withAcknowledgement: { cpuMs: times.cpuMsPerReport, wall: times.withAcknowledgementMs },
      }),
    );
  } finally {
    await database.close();
  }
} else throw new Error(`unknown mode ${mode}`);
process.exit(0);
