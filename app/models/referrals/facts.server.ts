// Reads, for one case, the organisation facts the referral rules decide from (app/models/referrals/rules.ts). Each read is a
// single statement (role holders by role, commanders by unit, chains by recursion), whatever the size of the force:
// the chain must be computed and written within 20 ms with 50,000 people (issue 4), and each statement costs the
// server as much again as it costs the database.
import type { DbTx } from "~/db.server";
import type { Role } from "~/generated/prisma/enums";
import { LEVEL } from "~/models/people/rank";
import type { ChainFacts } from "./rules";

const CHAIN_ROLES: Role[] = ["NPCC_OFFICER", "CHIEF_OFFICER", "DA_COORDINATOR", "CAIU_SUPERVISOR", "HEAD_OF_PSD", "PSD_OFFICER"];

/** How many officers beyond the first recipient's own chain and the duty inspectors are offered as supervisors. */
const OTHER_SUPERVISORS_OFFERED = 40;

export interface CaseForChain {
  id: string;
  reportedById: string;
  supervisingOfficerId: string | null;
  suspectPersonId: string | null;
  suspectForceId: string;
  childrenInvolved: boolean;
  areaUnitId: string | null;
}

export const CASE_FOR_CHAIN_SELECT = {
  id: true,
  reportedById: true,
  supervisingOfficerId: true,
  suspectPersonId: true,
  suspectForceId: true,
  childrenInvolved: true,
  areaUnitId: true,
} as const;

/** json columns arrive parsed from PostgreSQL and as text from some drivers. */
function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/**
 * Officers of inspector rank or above who could supervise a report from `reporterId`, in the order to ask them: those
 * above the reporter in their own line chain, then the duty inspectors, then other officers of the force (a bounded
 * number, lowest rank first); chief officers of the reporter's chain last. Never the reporter, never anyone in `excluded`.
 */
export async function supervisorCandidates(tx: DbTx, reporterId: string, excluded: ReadonlySet<string>): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE reporter AS (SELECT "lineManagerId", "forceId" FROM "person" WHERE "id" = ${reporterId}::uuid),
    chain("id", "lineManagerId", "depth", "path") AS (
      SELECT p."id", p."lineManagerId", 1, ARRAY[p."id"] FROM "person" p WHERE p."id" = (SELECT "lineManagerId" FROM reporter)
      UNION ALL
      SELECT p."id", p."lineManagerId", c."depth" + 1, c."path" || p."id" FROM "person" p JOIN chain c ON p."id" = c."lineManagerId"
      WHERE NOT p."id" = ANY(c."path") AND c."depth" < 1000
    ),
    eligible AS NOT MATERIALIZED (
      SELECT p."id", p."level", p."lastName" FROM "person" p
      WHERE p."active" AND p."forceId" = (SELECT "forceId" FROM reporter) AND p."level" >= ${LEVEL.INSPECTOR} AND p."id" <> ${reporterId}::uuid
    )
    SELECT "id"::text AS "id" FROM (
      SELECT e."id", CASE WHEN e."level" >= ${LEVEL.ASSISTANT_CHIEF_CONSTABLE} THEN 3 ELSE 0 END AS "bucket", c."depth" AS "o1", ''::text AS "o2"
      FROM eligible e JOIN chain c ON c."id" = e."id"
      UNION ALL
      SELECT e."id", 1, 0, e."lastName" FROM eligible e
      WHERE e."level" < ${LEVEL.ASSISTANT_CHIEF_CONSTABLE} AND EXISTS (SELECT 1 FROM "role_assignment" ra WHERE ra."personId" = e."id" AND ra."role" = 'DUTY_INSPECTOR')
      UNION ALL
      (SELECT e."id", 2, e."level", e."lastName" FROM eligible e WHERE e."level" < ${LEVEL.ASSISTANT_CHIEF_CONSTABLE} ORDER BY e."level", e."lastName" LIMIT ${OTHER_SUPERVISORS_OFFERED + excluded.size})
    ) ordered
    ORDER BY "bucket", "o1", "o2"`;
  const seen = new Set<string>();
  return rows.map((row) => row.id).filter((id) => !excluded.has(id) && !seen.has(id) && Boolean(seen.add(id)));
}

interface FactsRow {
  conflicts: unknown;
  liveChain: unknown;
  holders: unknown;
  pccMailbox: string | null;
  suspectForce: unknown;
  areaCommanders: unknown;
  areaHasCommander: boolean;
  areaGiven: boolean;
  suspectCommanders: unknown;
}

/**
 * The facts for one case. `excluded` is the suspect and their line chain, both as recorded on the case at intake and
 * as it is now (the suspect may have moved under a new manager since), at every rank up to the chief constable.
 */
export async function loadChainFacts(tx: DbTx, caseRecord: CaseForChain, options: { supervisors?: boolean } = {}): Promise<ChainFacts> {
  const [row] = await tx.$queryRaw<FactsRow[]>`
    WITH RECURSIVE home AS (SELECT "id", "pccContactEmail" FROM "force" WHERE "isHome" LIMIT 1),
    area AS (SELECT COALESCE(${caseRecord.areaUnitId}::uuid, (SELECT "unitId" FROM "person" WHERE "id" = ${caseRecord.reportedById}::uuid)) AS "id"),
    suspect_commander AS (SELECT u."commanderId" AS "id" FROM "person" s JOIN "unit" u ON u."id" = s."unitId" WHERE s."id" = ${caseRecord.suspectPersonId}::uuid),
    commander_chain("id", "lineManagerId", "depth", "path") AS (
      SELECT p."id", p."lineManagerId", 1, ARRAY[p."id"] FROM "person" p JOIN suspect_commander sc ON p."id" = sc."id"
      UNION ALL
      SELECT p."id", p."lineManagerId", c."depth" + 1, c."path" || p."id" FROM "person" p JOIN commander_chain c ON p."id" = c."lineManagerId"
      WHERE NOT p."id" = ANY(c."path") AND c."depth" < 1000
    )
    SELECT
      (SELECT COALESCE(json_agg(cc."personId"::text), '[]'::json) FROM "case_conflict" cc WHERE cc."caseId" = ${caseRecord.id}::uuid) AS "conflicts",
      (SELECT COALESCE(json_agg(l."ancestorId"::text), '[]'::json) FROM "line_chain" l WHERE l."personId" = ${caseRecord.suspectPersonId}::uuid) AS "liveChain",
      (SELECT COALESCE(json_agg(json_build_object('role', ra."role"::text, 'personId', ra."personId"::text) ORDER BY ra."grantedAt", p."lastName", p."firstName", p."workEmail"), '[]'::json)
         FROM "role_assignment" ra JOIN "person" p ON p."id" = ra."personId"
         WHERE ra."role"::text = ANY(${CHAIN_ROLES}::text[]) AND p."active" AND p."forceId" = (SELECT "id" FROM home)) AS "holders",
      (SELECT "pccContactEmail" FROM home) AS "pccMailbox",
      (SELECT json_build_object('isHome', f."isHome", 'npcc', f."npccContactEmail") FROM "force" f WHERE f."id" = ${caseRecord.suspectForceId}::uuid) AS "suspectForce",
      (SELECT COALESCE(json_agg(u."commanderId"::text ORDER BY (u."id" = (SELECT "id" FROM area)) DESC, u."name"), '[]'::json)
         FROM "unit" u JOIN "person" c ON c."id" = u."commanderId" AND c."active"
         WHERE u."forceId" = (SELECT "id" FROM home) AND (u."kind"::text IN ('BCU', 'OCU') OR u."id" = (SELECT "id" FROM area))) AS "areaCommanders",
      EXISTS (SELECT 1 FROM "unit" u JOIN "person" c ON c."id" = u."commanderId" AND c."active" WHERE u."id" = (SELECT "id" FROM area)) AS "areaHasCommander",
      ((SELECT "id" FROM area) IS NOT NULL) AS "areaGiven",
      (SELECT COALESCE(json_agg("id"::text ORDER BY "depth"), '[]'::json) FROM commander_chain) AS "suspectCommanders"`;
  if (!row) throw new Error("referral chain: the organisation facts could not be read");
  const excluded = new Set([...json<string[]>(row.conflicts), ...json<string[]>(row.liveChain)]);
  if (caseRecord.suspectPersonId) excluded.add(caseRecord.suspectPersonId);
  const holders = json<{ role: Role; personId: string }[]>(row.holders);
  const holdersOf = (...roles: Role[]) => roles.flatMap((role) => holders.filter((holder) => holder.role === role).map((holder) => holder.personId));
  const suspectForce = json<{ isHome: boolean; npcc: string | null } | null>(row.suspectForce);
  // An area without a commander must not fall through silently to another area's commander: the step says so.
  const areaCommanders = row.areaGiven && !row.areaHasCommander ? [] : [...new Set(json<string[]>(row.areaCommanders))];
  // Only the supervising officer's step needs the list of eligible supervisors.
  const supervisors = options.supervisors === false ? [] : await supervisorList(tx, caseRecord, excluded);
  return {
    excluded,
    suspectPersonId: caseRecord.suspectPersonId,
    suspectIsOtherForce: suspectForce ? !suspectForce.isHome : false,
    childrenInvolved: caseRecord.childrenInvolved,
    supervisors,
    areaCommanders,
    npccOfficers: holdersOf("NPCC_OFFICER"),
    chiefOfficers: holdersOf("CHIEF_OFFICER"),
    daCoordinators: holdersOf("DA_COORDINATOR"),
    caiuSupervisors: holdersOf("CAIU_SUPERVISOR"),
    psd: holdersOf("HEAD_OF_PSD", "PSD_OFFICER"),
    suspectCommanders: json<string[]>(row.suspectCommanders),
    pccMailbox: row.pccMailbox,
    employerNpccMailbox: suspectForce && !suspectForce.isHome ? suspectForce.npcc : null,
  };
}

/** The chosen supervising officer first, then the default order. */
async function supervisorList(tx: DbTx, caseRecord: CaseForChain, excluded: ReadonlySet<string>): Promise<string[]> {
  const defaults = await supervisorCandidates(tx, caseRecord.reportedById, excluded);
  const chosen = caseRecord.supervisingOfficerId;
  return chosen ? [chosen, ...defaults.filter((id) => id !== chosen)] : defaults;
}
