import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { it } from "vitest";
import { PrismaClient } from "~/generated/prisma/client";
import { applyMigrations } from "../../scripts/db/migrator";
import { seedDemoOrganisation } from "../../prisma/seed";

it("counts queries", async () => {
  const pglite = new PGlite();
  await applyMigrations({ pglite });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), log: [{ emit: "event", level: "query" }] });
  await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$x" });
  const queries: string[] = [];
  prisma.$on("query", (e) => queries.push(e.query));
  await prisma.$transaction(async (tx) => {
    await tx.person.findMany({
      where: { AND: [{}, { OR: [{ firstName: { contains: "a", mode: "insensitive" } }] }] },
      select: { id: true, firstName: true, staffGrade: { select: { title: true } }, unit: { select: { name: true } }, roles: { select: { role: true } } },
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }], take: 50, skip: 0,
    });
  });
  console.log(queries.join("\n---\n"));
});
