// Police-suspect cases for the benchmark: 10,000 restricted cases, each with its suspect (conflicted), both tracks,
// and 20 access-list entries (the three PSD officers, declared, and 17 generated people), inserted in bulk with `pg`.
import { randomInt } from "node:crypto";
import { withClient } from "./db.ts";

const ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789";

function references(count: number): string[] {
  const seen = new Set<string>();
  // Bounded: each round adds one new reference or retries a clash (astronomically rare).
  for (let attempts = 0; seen.size < count && attempts < count * 2; attempts++) {
    const part = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    seen.add(`${part()}-${part()}`);
  }
  return [...seen];
}

export interface BenchCases {
  cases: number;
  accessEntries: number;
  /** A case the PSD officer is listed on, declared: the "allowed" case page. */
  sampleReference: string;
  seconds: number;
}

export async function insertBenchCases(
  url: string,
  options: { cases: number; entriesPerCase: number; psdEmails: string[]; reporterEmail: string },
): Promise<BenchCases> {
  const started = performance.now();
  return withClient(url, async (client) => {
    const refs = references(options.cases);
    await client.query("BEGIN");
    try {
      await client.query(
        `WITH home AS (SELECT "id" FROM "force" WHERE "isHome" LIMIT 1),
              reporter AS (SELECT "id" FROM "person" WHERE "workEmail" = $2),
              bench AS (SELECT "id", (row_number() OVER (ORDER BY "workEmail")) - 1 AS i FROM "person" WHERE "workEmail" LIKE '%@bench.police.invalid'),
              size AS (SELECT count(*) AS n FROM bench)
         INSERT INTO "police_suspect_case" ("id", "reference", "reportedById", "reportedAt", "receivedHow", "receivedAt",
                "suspectPersonId", "suspectForceId", "victimKind", "victimName", "childrenInvolved", "immediateDanger",
                "account", "createdAt", "updatedAt")
         SELECT gen_random_uuid(), refs.reference, (SELECT "id" FROM reporter), now() - make_interval(mins => refs.n::int * 50),
                'IN_PERSON'::"received_how", now() - make_interval(mins => refs.n::int * 50 + 30),
                b."id", (SELECT "id" FROM home),
                'MEMBER_OF_PUBLIC'::"victim_kind", 'Bench Victim ' || refs.n, refs.n % 3 = 0, false,
                'Generated benchmark account ' || refs.n || ' (fictional).', now(), now()
         FROM unnest($1::text[]) WITH ORDINALITY AS refs(reference, n)
         JOIN bench b ON b.i = (refs.n * 7919) % (SELECT n FROM size)`,
        [refs, options.reporterEmail],
      );
      await client.query(
        `INSERT INTO "case_conflict" ("caseId", "personId", "reason") SELECT "id", "suspectPersonId", 'suspect' FROM "police_suspect_case" WHERE "suspectPersonId" IS NOT NULL`,
      );
      await client.query(`INSERT INTO "criminal_track" ("caseId", "updatedAt") SELECT "id", now() FROM "police_suspect_case"`);
      await client.query(`INSERT INTO "conduct_track" ("caseId", "updatedAt") SELECT "id", now() FROM "police_suspect_case"`);
      await client.query(
        `INSERT INTO "case_access" ("id", "caseId", "personId", "capacity", "reason", "declarationState")
         SELECT gen_random_uuid(), c."id", p."id", 'PROFESSIONAL_STANDARDS'::"access_capacity", 'Professional standards oversee every police-suspect case', 'NO_CONNECTION'::"declaration_state"
         FROM "police_suspect_case" c CROSS JOIN (SELECT "id" FROM "person" WHERE "workEmail" = ANY($1::text[])) p`,
        [options.psdEmails],
      );
      const others = options.entriesPerCase - options.psdEmails.length;
      await client.query(
        `WITH bench AS (SELECT "id", (row_number() OVER (ORDER BY "workEmail")) - 1 AS i FROM "person" WHERE "workEmail" LIKE '%@bench.police.invalid'),
              size AS (SELECT count(*) AS n FROM bench),
              numbered AS (SELECT "id", row_number() OVER (ORDER BY "reportedAt") AS n FROM "police_suspect_case")
         INSERT INTO "case_access" ("id", "caseId", "personId", "capacity", "reason", "declarationState")
         SELECT gen_random_uuid(), c."id", b."id",
                (CASE WHEN k % 2 = 0 THEN 'CRIMINAL_INVESTIGATOR' ELSE 'CONDUCT_INVESTIGATOR' END)::"access_capacity",
                'Generated benchmark entry', (CASE WHEN k % 3 = 0 THEN 'MISSING' ELSE 'NO_CONNECTION' END)::"declaration_state"
         FROM numbered c CROSS JOIN generate_series(1, $1::int) AS k
         JOIN bench b ON b.i = (c.n * 104729 + k * 7) % (SELECT n FROM size)`,
        [others],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
    await client.query(`VACUUM (ANALYZE) "police_suspect_case", "case_access", "case_conflict", "criminal_track", "conduct_track"`);
    const counts = await client.query<{ cases: string; entries: string }>(
      `SELECT (SELECT count(*) FROM "police_suspect_case")::text AS cases, (SELECT count(*) FROM "case_access")::text AS entries`,
    );
    return {
      cases: Number(counts.rows[0]!.cases),
      accessEntries: Number(counts.rows[0]!.entries),
      sampleReference: refs[Math.floor(refs.length / 2)]!,
      seconds: (performance.now() - started) / 1000,
    };
  });
}
