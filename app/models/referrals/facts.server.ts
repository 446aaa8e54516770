// Reads, for one case, the organisation facts the referral rules decide from (app/models/referrals/rules.ts), in one
// statement whatever the size of the force: role holders by role, commanders by unit, the suspect's and the reporter's
// line chains from `line_chain` (the closure the database keeps, ADR 024: an index range, no recursion), the eligible
// supervisors when asked, and the contact details of everyone the chain may write to. The chain must be computed and
// written within 20 ms with 50,000 people (issue 4), and each statement costs the server as much again as it costs the
// database.
import type { DbTx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import { LEVEL } from "~/models/people/rank";
import type { ChainFacts } from "./rules";

const CHAIN_ROLES: Role[] = ["NPCC_OFFICER", "CHIEF_OFFICER", "DA_COORDINATOR", "CAIU_SUPERVISOR", "HEAD_OF_PSD", "PSD_OFFICER"];

/** Who is told, content-free, when a step has nobody to receive it (organisation data is missing). */
const MISSING_DATA_ROLES: Role[] = ["PSD_OFFICER", "HEAD_OF_PSD", "ADMINISTRATOR"];

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

/** What a referral's mail needs of its recipient. */
export interface ChainContact {
  id: string;
  workEmail: string;
  firstName: string;
  preferredName: string | null;
}

/** The facts the rules decide from, and what writing the steps needs besides (so it reads nothing more). */
export interface LoadedChainFacts extends ChainFacts {
  /** The contact details of whom a first send may choose (role holders, area commanders, the first eligible supervisor and suspect's commander), by id. */
  contacts: ReadonlyMap<string, ChainContact>;
  /** PSD officers and administrators not conflicted on the case, told when a step has nobody to receive it. */
  missingDataRecipients: readonly (ChainContact & { link: "/admin" | "/oversight" })[];
  /** The home force's short name, for mail to an external mailbox. */
  homeForceName: string | null;
}

/** json columns arrive parsed from PostgreSQL and as text from some drivers. */
function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/**
 * Officers of inspector rank or above who could supervise a report from `reporterId`, in the order to ask them: those
 * above the reporter in their own line chain, then the duty inspectors, then other officers of the force (a bounded
 * number, lowest rank first); chief officers of the reporter's chain last. Never the reporter. The rows may repeat
 * an officer and include excluded ones: `extra` more of the other officers are taken for the caller to leave out.
 */
function supervisorCandidateRows(reporterId: string, extra: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT ordered."id", row_number() OVER (ORDER BY ordered."bucket", ordered."o1", ordered."o2") AS "position" FROM (
      SELECT e."id", CASE WHEN e."level" >= ${LEVEL.ASSISTANT_CHIEF_CONSTABLE} THEN 3 ELSE 0 END AS "bucket", l."depth" AS "o1", ''::text AS "o2"
      FROM "line_chain" l JOIN "person" e ON e."id" = l."ancestorId"
      WHERE l."personId" = ${reporterId}::uuid AND l."depth" > 0 AND e."active" AND e."level" >= ${LEVEL.INSPECTOR}
        AND e."forceId" = (SELECT "forceId" FROM "person" WHERE "id" = ${reporterId}::uuid)
      UNION ALL
      SELECT e."id", 1, 0, e."lastName" FROM "person" e
      WHERE e."active" AND e."forceId" = (SELECT "forceId" FROM "person" WHERE "id" = ${reporterId}::uuid) AND e."id" <> ${reporterId}::uuid
        AND e."level" >= ${LEVEL.INSPECTOR} AND e."level" < ${LEVEL.ASSISTANT_CHIEF_CONSTABLE}
        AND EXISTS (SELECT 1 FROM "role_assignment" ra WHERE ra."personId" = e."id" AND ra."role" = 'DUTY_INSPECTOR')
      UNION ALL
      (SELECT e."id", 2, e."level", e."lastName" FROM "person" e
       WHERE e."active" AND e."forceId" = (SELECT "forceId" FROM "person" WHERE "id" = ${reporterId}::uuid) AND e."id" <> ${reporterId}::uuid
         AND e."level" >= ${LEVEL.INSPECTOR} AND e."level" < ${LEVEL.ASSISTANT_CHIEF_CONSTABLE}
       ORDER BY e."level", e."lastName" LIMIT ${OTHER_SUPERVISORS_OFFERED} + ${extra})
    ) ordered`;
}

/** The candidates in order, each once, leaving out `excluded`. */
function orderedCandidates(ids: readonly string[], excluded: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => !excluded.has(id) && !seen.has(id) && Boolean(seen.add(id)));
}

/**
 * Officers of inspector rank or above who could supervise a report from `reporterId`, in the order to ask them (see
 * supervisorCandidateRows), never anyone in `excluded`.
 */
export async function supervisorCandidates(tx: DbTx, reporterId: string, excluded: ReadonlySet<string>): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT c."id"::text AS "id" FROM (${supervisorCandidateRows(reporterId, Prisma.sql`${excluded.size}::int`)}) c ORDER BY c."position"`;
  return orderedCandidates(
    rows.map((row) => row.id),
    excluded,
  );
}

interface FactsRow {
  excluded: unknown;
  holders: unknown;
  home: unknown;
  suspectForce: unknown;
  areaCommanders: unknown;
  areaHasCommander: boolean;
  areaGiven: boolean;
  suspectCommanders: unknown;
  supervisors: unknown;
  contacts: unknown;
  missingDataRecipients: unknown;
}

/**
 * The facts for one case. `excluded` is the suspect and their line chain, both as recorded on the case at intake and
 * as it is now (the suspect may have moved under a new manager since), at every rank up to the chief constable.
 * Only the supervising officer's step needs the eligible supervisors (`supervisors: false` leaves them out).
 */
export async function loadChainFacts(tx: DbTx, caseRecord: CaseForChain, options: { supervisors?: boolean } = {}): Promise<LoadedChainFacts> {
  const withSupervisors = options.supervisors !== false;
  const suspect = Prisma.sql`${caseRecord.suspectPersonId}::uuid`;
  const supervisorRows = withSupervisors
    ? Prisma.sql`SELECT s."id", s."position" FROM (${supervisorCandidateRows(caseRecord.reportedById, Prisma.sql`(SELECT count(*)::int FROM excluded)`)}) s`
    : Prisma.sql`SELECT NULL::uuid AS "id", 0::bigint AS "position" WHERE false`;
  const [row] = await tx.$queryRaw<FactsRow[]>`
    WITH home AS (SELECT "id", "pccContactEmail", "shortName" FROM "force" WHERE "isHome" LIMIT 1),
    area AS (SELECT COALESCE(${caseRecord.areaUnitId}::uuid, (SELECT "unitId" FROM "person" WHERE "id" = ${caseRecord.reportedById}::uuid)) AS "id"),
    excluded AS (
      SELECT cc."personId" AS "id" FROM "case_conflict" cc WHERE cc."caseId" = ${caseRecord.id}::uuid
      UNION SELECT l."ancestorId" FROM "line_chain" l WHERE l."personId" = ${suspect}
      UNION SELECT ${suspect} WHERE ${suspect} IS NOT NULL
    ),
    holders AS (
      SELECT ra."role"::text AS "role", ra."personId" AS "id", row_number() OVER (ORDER BY ra."grantedAt", p."lastName", p."firstName", p."workEmail") AS "position"
      FROM "role_assignment" ra JOIN "person" p ON p."id" = ra."personId"
      WHERE ra."role"::text = ANY(${CHAIN_ROLES}::text[]) AND p."active" AND p."forceId" = (SELECT "id" FROM home)
    ),
    area_commanders AS (
      SELECT u."commanderId" AS "id", row_number() OVER (ORDER BY (u."id" = (SELECT "id" FROM area)) DESC, u."name") AS "position"
      FROM "unit" u JOIN "person" c ON c."id" = u."commanderId" AND c."active"
      WHERE u."forceId" = (SELECT "id" FROM home) AND (u."kind"::text IN ('BCU', 'OCU') OR u."id" = (SELECT "id" FROM area))
    ),
    suspect_commanders AS (
      SELECT l."ancestorId" AS "id", l."depth" AS "position"
      FROM "person" s JOIN "unit" u ON u."id" = s."unitId" JOIN "line_chain" l ON l."personId" = u."commanderId"
      WHERE s."id" = ${suspect}
    ),
    supervisors AS (${supervisorRows}),
    -- Whose contact details come with the facts: the holders and area commanders (a few), and of the longer lists only
    -- the first one not excluded, whom a first send chooses; anyone else (a replacement) is read when sent to.
    named AS (
      SELECT "id" FROM holders UNION SELECT "id" FROM area_commanders
      UNION (SELECT "id" FROM suspect_commanders WHERE "id" NOT IN (SELECT "id" FROM excluded WHERE "id" IS NOT NULL) ORDER BY "position" LIMIT 1)
      UNION (SELECT "id" FROM supervisors WHERE "id" NOT IN (SELECT "id" FROM excluded WHERE "id" IS NOT NULL) ORDER BY "position" LIMIT 1)
      UNION SELECT ${caseRecord.supervisingOfficerId}::uuid
    ),
    told_of_missing_data AS (
      SELECT p."id", p."workEmail", p."firstName", p."preferredName",
             bool_and(r."role" = 'ADMINISTRATOR') AS "adminOnly"
      FROM "person" p JOIN "role_assignment" r ON r."personId" = p."id"
      WHERE p."active" AND p."id" NOT IN (SELECT "id" FROM excluded WHERE "id" IS NOT NULL)
        AND EXISTS (SELECT 1 FROM "role_assignment" m WHERE m."personId" = p."id" AND m."role"::text = ANY(${MISSING_DATA_ROLES}::text[]))
      GROUP BY p."id"
    )
    SELECT
      (SELECT COALESCE(json_agg("id"::text), '[]'::json) FROM excluded) AS "excluded",
      (SELECT COALESCE(json_agg(json_build_object('role', "role", 'personId', "id"::text) ORDER BY "position"), '[]'::json) FROM holders) AS "holders",
      (SELECT json_build_object('pccMailbox', "pccContactEmail", 'shortName', "shortName") FROM home) AS "home",
      (SELECT json_build_object('isHome', f."isHome", 'npcc', f."npccContactEmail") FROM "force" f WHERE f."id" = ${caseRecord.suspectForceId}::uuid) AS "suspectForce",
      (SELECT COALESCE(json_agg("id"::text ORDER BY "position"), '[]'::json) FROM area_commanders) AS "areaCommanders",
      EXISTS (SELECT 1 FROM "unit" u JOIN "person" c ON c."id" = u."commanderId" AND c."active" WHERE u."id" = (SELECT "id" FROM area)) AS "areaHasCommander",
      ((SELECT "id" FROM area) IS NOT NULL) AS "areaGiven",
      (SELECT COALESCE(json_agg("id"::text ORDER BY "position"), '[]'::json) FROM suspect_commanders) AS "suspectCommanders",
      (SELECT COALESCE(json_agg("id"::text ORDER BY "position"), '[]'::json) FROM supervisors) AS "supervisors",
      (SELECT COALESCE(json_agg(x."contact"), '[]'::json) FROM (
         -- One index lookup a person (a join here is planned as a scan of every person).
         SELECT (SELECT json_build_object('id', p."id"::text, 'workEmail', p."workEmail", 'firstName', p."firstName", 'preferredName', p."preferredName")
                 FROM "person" p WHERE p."id" = n."id") AS "contact"
         FROM named n WHERE n."id" IS NOT NULL) x) AS "contacts",
      (SELECT COALESCE(json_agg(json_build_object('id', "id"::text, 'workEmail', "workEmail", 'firstName', "firstName", 'preferredName', "preferredName", 'adminOnly', "adminOnly") ORDER BY "id"), '[]'::json)
         FROM told_of_missing_data) AS "missingDataRecipients"`;
  if (!row) throw new Error("referral chain: the organisation facts could not be read");
  const excluded = new Set(json<string[]>(row.excluded));
  const holders = json<{ role: Role; personId: string }[]>(row.holders);
  const holdersOf = (...roles: Role[]) => holders.filter((holder) => roles.includes(holder.role)).map((holder) => holder.personId);
  const home = json<{ pccMailbox: string | null; shortName: string } | null>(row.home);
  const suspectForce = json<{ isHome: boolean; npcc: string | null } | null>(row.suspectForce);
  // An area without a commander must not fall through silently to another area's commander: the step says so.
  const areaCommanders = row.areaGiven && !row.areaHasCommander ? [] : [...new Set(json<string[]>(row.areaCommanders))];
  // The chosen supervising officer first, then the default order.
  const defaults = withSupervisors ? orderedCandidates(json<string[]>(row.supervisors), excluded) : [];
  const chosen = caseRecord.supervisingOfficerId;
  const supervisors = !withSupervisors ? [] : chosen ? [chosen, ...defaults.filter((id) => id !== chosen)] : defaults;
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
    pccMailbox: home?.pccMailbox ?? null,
    employerNpccMailbox: suspectForce && !suspectForce.isHome ? suspectForce.npcc : null,
    contacts: new Map(json<ChainContact[]>(row.contacts).map((contact) => [contact.id, contact])),
    missingDataRecipients: json<(ChainContact & { adminOnly: boolean })[]>(row.missingDataRecipients).map(({ adminOnly, ...contact }) => ({
      ...contact,
      link: adminOnly ? "/admin" : "/oversight",
    })),
    homeForceName: home?.shortName ?? null,
  };
}
