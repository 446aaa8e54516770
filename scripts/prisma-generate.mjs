// Generates the Prisma client without Prisma's native schema engine (see docs/decisions/002).
// `prisma generate` never calls the engine, but the CLI insists on finding one: point it at a stub.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

if (!existsSync("prisma/schema.prisma")) process.exit(0);
const stubDir = join(tmpdir(), "prisma-engine-stub");
mkdirSync(stubDir, { recursive: true });
const stub = join(stubDir, "schema-engine");
writeFileSync(stub, "#!/bin/sh\nexit 1\n");
chmodSync(stub, 0o755);
execFileSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
