import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../../tests/support/database";
import { preparedStatementNames } from "./prepared-statements.server";

describe("names for prepared statements", () => {
  it("gives the same text the same name, other texts other names, and stops naming at the limit", () => {
    const nameFor = preparedStatementNames(2);
    const first = nameFor({ sql: "SELECT 1" });
    expect(first).toMatch(/^portal_[A-Za-z0-9_-]{32}$/);
    expect(nameFor({ sql: "SELECT 1" })).toBe(first);
    const second = nameFor({ sql: "SELECT 2" });
    expect(second).not.toBe(first);
    // Past the limit a new text goes unnamed (parsed and planned each time); the named ones keep their names.
    expect(nameFor({ sql: "SELECT 3" })).toBeUndefined();
    expect(nameFor({ sql: "SELECT 2" })).toBe(second);
  });
});

describeEachDatabase("the portal's database client", (use) => {
  it("prepares a statement once per connection on PostgreSQL and answers correctly when it is reused", async () => {
    const { prisma, kind } = use();
    if (kind !== "postgres") return; // PGlite runs in the process: there is no statement to keep between requests.
    const read = () =>
      prisma.$transaction(async (tx) => {
        const people = await tx.person.findMany({ where: { active: true }, select: { id: true } });
        const prepared = await tx.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements`;
        return { people, prepared };
      });
    const first = await read();
    const again = await read();
    expect(again.people).toEqual(first.people);
    const personQuery = again.prepared.find((row) => row.statement.includes(`FROM "public"."person"`));
    expect(personQuery?.name).toMatch(/^portal_/);
  });
});
