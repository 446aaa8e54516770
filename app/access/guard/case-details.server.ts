// What a case page shows, read in one statement once the guard's scope has let the person in. A part of the guard
// (guard/cases.server.ts opens the case and calls it); nothing else reads a case's details.
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import type { DbTx } from "~/db.server";

/** What the case page shows, read in one statement once the scope has let the person in. */
export interface CaseDetails {
  status: string;
  reportedAt: Date;
  receivedAt: Date;
  receivedHow: string;
  /** How the case came: a report, or an admission (PoliceSuspectCase.origin). */
  origin: string;
  childrenInvolved: boolean;
  immediateDanger: boolean;
  account: string;
  victimKind: string;
  suspect: {
    firstName: string | null;
    lastName: string | null;
    preferredName: string | null;
    workEmail: string | null;
    unitName: string | null;
    freeTextName: string | null;
    forceName: string;
  };
  victim: { firstName: string | null; lastName: string | null; preferredName: string | null; freeTextName: string | null };
  supervisingOfficer: { firstName: string | null; lastName: string | null; preferredName: string | null };
  reportedBy: { firstName: string; lastName: string; preferredName: string | null };
  restricted: boolean;
}

/**
 * The suspect, and whether they are in PSD (a PSD role, or the unit of someone who holds one): a PSD officer's read of
 * the case is then a quiet read (models/oversight/quiet-reads.server.ts). Only looked at when `checkPsd`.
 */
export interface CaseSuspectOf {
  suspectForOversight: { personId: string | null; inPsd: boolean };
}

/** One person's entries on a case's access list and their break-glass uses of it: what the case rules look at. */
export interface CaseEntriesOf {
  access: { personId: string; capacity: string; declarationState: string; revokedAt: Date | null; expiresAt: Date | null }[];
  breakGlass: { personId: string; startedAt: Date; expiresAt: Date }[];
}

type EntriesRow = {
  access: { personId: string; capacity: string; declarationState: string; revokedAt: string | null; expiresAt: string | null }[];
  breakGlass: { personId: string; startedAt: string; expiresAt: string }[];
};

type DetailsRow = {
  status: string;
  reportedAt: Date;
  receivedAt: Date;
  receivedHow: string;
  origin: string;
  childrenInvolved: boolean;
  immediateDanger: boolean;
  victimKind: string;
  suspectName: string | null;
  victimName: string | null;
  forceName: string;
  restricted: boolean;
  sFirst: string | null;
  sLast: string | null;
  sPreferred: string | null;
  sEmail: string | null;
  sUnit: string | null;
  vFirst: string | null;
  vLast: string | null;
  vPreferred: string | null;
  oFirst: string | null;
  oLast: string | null;
  oPreferred: string | null;
  rFirst: string;
  rLast: string;
  rPreferred: string | null;
  sId: string | null;
  sInPsd: boolean;
};

/**
 * The names and facts of the case, without its account (which is read only through the database scope for "read"),
 * and the entries on its access list and break-glass uses of one person, in one statement. The timestamps are
 * stored without a zone, in UTC; in JSON they carry their offset so that they parse as the same instant anywhere.
 * With `checkPsd`, also whether the suspect is in PSD (otherwise it reads as false).
 */
export async function caseDetails(tx: DbTx, caseId: string, personId: string, checkPsd = false): Promise<CaseDetails & CaseEntriesOf & CaseSuspectOf> {
  const psd = [...PSD_ROLES];
  const [row] = await tx.$queryRaw<(DetailsRow & EntriesRow)[]>`
    SELECT c."status"::text AS "status", c."reportedAt", c."receivedAt", c."receivedHow"::text AS "receivedHow", c."origin"::text AS "origin", c."childrenInvolved",
           c."immediateDanger", c."victimKind"::text AS "victimKind", c."suspectName", c."victimName",
           (SELECT COALESCE(json_agg(json_build_object('personId', a."personId", 'capacity', a."capacity", 'declarationState', a."declarationState",
                                                       'revokedAt', a."revokedAt" AT TIME ZONE 'UTC', 'expiresAt', a."expiresAt" AT TIME ZONE 'UTC')), '[]'::json)
              FROM "case_access" a WHERE a."caseId" = c."id" AND a."personId" = ${personId}::uuid) AS "access",
           (SELECT COALESCE(json_agg(json_build_object('personId', b."personId", 'startedAt', b."startedAt" AT TIME ZONE 'UTC', 'expiresAt', b."expiresAt" AT TIME ZONE 'UTC')), '[]'::json)
              FROM "break_glass_access" b WHERE b."caseId" = c."id" AND b."personId" = ${personId}::uuid) AS "breakGlass",
           f."name" AS "forceName", (r."caseId" IS NOT NULL) AS "restricted",
           sp."firstName" AS "sFirst", sp."lastName" AS "sLast", sp."preferredName" AS "sPreferred", sp."workEmail" AS "sEmail", su."name" AS "sUnit",
           vp."firstName" AS "vFirst", vp."lastName" AS "vLast", vp."preferredName" AS "vPreferred",
           so."firstName" AS "oFirst", so."lastName" AS "oLast", so."preferredName" AS "oPreferred",
           rb."firstName" AS "rFirst", rb."lastName" AS "rLast", rb."preferredName" AS "rPreferred",
           sp."id"::text AS "sId",
           (${checkPsd} AND sp."id" IS NOT NULL AND (
              EXISTS (SELECT 1 FROM "role_assignment" ra WHERE ra."personId" = sp."id" AND ra."role"::text = ANY(${psd}::text[]))
              OR EXISTS (SELECT 1 FROM "person" m JOIN "role_assignment" rm ON rm."personId" = m."id"
                         WHERE m."unitId" = sp."unitId" AND rm."role"::text = ANY(${psd}::text[])))) AS "sInPsd"
    FROM "police_suspect_case" c
    JOIN "force" f ON f."id" = c."suspectForceId"
    JOIN "person" rb ON rb."id" = c."reportedById"
    LEFT JOIN "person" sp ON sp."id" = c."suspectPersonId"
    LEFT JOIN "unit" su ON su."id" = sp."unitId"
    LEFT JOIN "person" vp ON vp."id" = c."victimPersonId"
    LEFT JOIN "person" so ON so."id" = c."supervisingOfficerId"
    LEFT JOIN "restriction_authorisation" r ON r."caseId" = c."id"
    WHERE c."id" = ${caseId}::uuid`;
  const d = row!;
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    access: d.access.map((entry) => ({ ...entry, revokedAt: date(entry.revokedAt), expiresAt: date(entry.expiresAt) })),
    breakGlass: d.breakGlass.map((use) => ({ ...use, startedAt: new Date(use.startedAt), expiresAt: new Date(use.expiresAt) })),
    status: d.status,
    reportedAt: d.reportedAt,
    receivedAt: d.receivedAt,
    receivedHow: d.receivedHow,
    origin: d.origin,
    childrenInvolved: d.childrenInvolved,
    immediateDanger: d.immediateDanger,
    account: "",
    victimKind: d.victimKind,
    suspect: {
      firstName: d.sFirst,
      lastName: d.sLast,
      preferredName: d.sPreferred,
      workEmail: d.sEmail,
      unitName: d.sUnit,
      freeTextName: d.suspectName,
      forceName: d.forceName,
    },
    victim: { firstName: d.vFirst, lastName: d.vLast, preferredName: d.vPreferred, freeTextName: d.victimName },
    supervisingOfficer: { firstName: d.oFirst, lastName: d.oLast, preferredName: d.oPreferred },
    reportedBy: { firstName: d.rFirst, lastName: d.rLast, preferredName: d.rPreferred },
    restricted: d.restricted,
    suspectForOversight: { personId: d.sId, inPsd: d.sInPsd },
  };
}
