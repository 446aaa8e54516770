import { createHash } from "node:crypto";

/** How many distinct statements one server process names at most (each pooled connection keeps what it prepares). */
export const PREPARED_STATEMENT_LIMIT = 400;

/**
 * Names for PostgreSQL prepared statements, for `PrismaPg`'s `statementNameGenerator` (ADR 015). The same SQL text
 * always gets the same name, so each pooled connection parses it once and PostgreSQL can reuse its plan, instead of
 * parsing and planning the access scopes' EXISTS filters for every request. Only the first `limit` distinct texts
 * are named; any others (unusual list lengths, one-off statements) go unnamed, as before, so a connection's
 * prepared statements stay bounded.
 */
export function preparedStatementNames(limit = PREPARED_STATEMENT_LIMIT): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `portal_${createHash("sha256").update(sql).digest("base64url").slice(0, 32)}`;
      names.set(sql, name);
    }
    // pg sends a statement without a name as an unnamed one, parsed and planned each time.
    return name as string;
  };
}
