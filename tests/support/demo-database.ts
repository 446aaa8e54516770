// The portal's database for tests that call its routes directly: a new database of the first kind under test, seeded
// with the demo organisation and set as the one the routes use (db()). The caller closes it.
import { setDatabase } from "~/db.server";
import { seedDemoOrganisation } from "../../prisma/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./database";

export async function demoDatabaseForRoutes(): Promise<TestDatabase> {
  const database = await createTestDatabase(databaseKinds[0] ?? "pglite");
  setDatabase(database);
  await seedDemoOrganisation(database.prisma);
  return database;
}
