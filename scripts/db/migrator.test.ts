import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations, migrationStatus, pendingSchemaChanges } from "./migrator";

describe("migrations without Prisma's native engine", () => {
  it("the migrations folder matches prisma/schema.prisma (run `npm run db:migrate:create -- <name>` after a schema change)", async () => {
    expect(await pendingSchemaChanges()).toBeNull();
  }, 60_000);

  it("applies every migration once, records it as `prisma migrate deploy` would, and then has nothing left to do", async () => {
    const pglite = new PGlite();
    try {
      const first = await applyMigrations({ pglite });
      expect(first.length).toBeGreaterThan(0);
      expect(await applyMigrations({ pglite })).toEqual([]);
      const recorded = await pglite.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(recorded.rows.map((row) => row.migration_name)).toEqual(first);
      expect(recorded.rows.every((row) => row.finished_at !== null && /^[0-9a-f]{64}$/.test(row.checksum))).toBe(true);
      const status = await migrationStatus({ pglite });
      expect(status.history).toBeNull();
    } finally {
      await pglite.close();
    }
  }, 60_000);
});
