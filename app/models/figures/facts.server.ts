// The items the figures count, read with plain SQL (PostgreSQL 15 and PGlite alike), one row per case, request,
// alert or referral step of the period, with the few facts each breakdown needs and whether the viewer is in the
// item's conflict set as the organisation is now (the rules of policies/rules/police-suspect-cases.ts, ADR 024).
// Nothing here leaves the server: figures.server.ts turns the rows into suppressed counts.
import type { DbTx } from "~/db.server";
import type { AlertFact, CaseFact, Facts, StepFact, SupportFact } from "./definitions";

export interface Window {
  from: Date;
  to: Date;
  now: Date;
  /** The first instant of each of the period's twelve months (UK time). */
  monthStarts: Date[];
}

const HOUR = 3_600_000;
const YEAR_BEFORE = 366 * 24 * HOUR;

/** SQL for "the viewer is the case's suspect, in its recorded conflicts, or above its suspect in line management now". */
const caseConflicted = (viewerParameter: string, alias: string) => `(
  EXISTS (SELECT 1 FROM "case_conflict" cc WHERE cc."caseId" = ${alias}."id" AND cc."personId" = ${viewerParameter}::uuid)
  OR EXISTS (SELECT 1 FROM "line_chain" lc WHERE lc."personId" = ${alias}."suspectPersonId" AND lc."ancestorId" = ${viewerParameter}::uuid))`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CaseRow {
  id: string;
  at: Date;
  areaUnitId: string | null;
  receivedHow: string;
  suspectType: string | null;
  suspectLevel: number | null;
  suspectHomeForce: boolean;
  hasCriminal: boolean;
  hasConduct: boolean;
  criminalStatus: string | null;
  dutiesDecision: string | null;
  referToOtherForce: boolean | null;
  victimPersonId: string | null;
  victimGender: string | null;
  victimEthnicity: string | null;
  supervisorAt: Date | null;
  fullyReferredAt: Date | null;
  conflicted: boolean;
}

async function caseFacts(tx: DbTx, viewer: string, window: Window): Promise<CaseFact[]> {
  const rows = await tx.$queryRawUnsafe<CaseRow[]>(
    `SELECT c."id", c."reportedAt" AS "at", c."areaUnitId", c."receivedHow"::text AS "receivedHow",
       sp."employeeType"::text AS "suspectType", sp."level" AS "suspectLevel", sf."isHome" AS "suspectHomeForce",
       (ct."caseId" IS NOT NULL) AS "hasCriminal", (cd."caseId" IS NOT NULL) AS "hasConduct",
       ct."status"::text AS "criminalStatus", cd."dutiesDecision"::text AS "dutiesDecision",
       (SELECT od."referToOtherForce" FROM "ownership_decision" od WHERE od."caseId" = c."id" ORDER BY od."recordedAt" DESC LIMIT 1) AS "referToOtherForce",
       c."victimPersonId", vp."gender" AS "victimGender", vp."ethnicity" AS "victimEthnicity",
       (SELECT min(s."acknowledgedAt") FROM "referral_step" s WHERE s."caseId" = c."id" AND s."role" = 'SUPERVISING_OFFICER') AS "supervisorAt",
       CASE WHEN EXISTS (SELECT 1 FROM "referral_step" s WHERE s."caseId" = c."id" AND s."state" IN ('AWAITING', 'NO_RECIPIENT'))
              OR NOT EXISTS (SELECT 1 FROM "referral_step" s WHERE s."caseId" = c."id" AND s."stage" = 2) THEN NULL
            ELSE (SELECT max(coalesce(s."acknowledgedAt", s."sentAt")) FROM "referral_step" s
                  WHERE s."caseId" = c."id" AND s."state" IN ('ACKNOWLEDGED', 'DELIVERED')) END AS "fullyReferredAt",
       ${caseConflicted("$3", "c")} AS "conflicted"
     FROM "police_suspect_case" c
     JOIN "force" sf ON sf."id" = c."suspectForceId"
     LEFT JOIN "person" sp ON sp."id" = c."suspectPersonId"
     LEFT JOIN "person" vp ON vp."id" = c."victimPersonId"
     LEFT JOIN "criminal_track" ct ON ct."caseId" = c."id"
     LEFT JOIN "conduct_track" cd ON cd."caseId" = c."id"
     WHERE c."reportedAt" >= $1 AND c."reportedAt" < $2`,
    window.from,
    window.to,
    viewer,
  );
  // Repeat reports: the same employee victim named in another report in the 12 months before (seed 004 §3.4).
  const earlier = await tx.$queryRawUnsafe<{ victimPersonId: string; at: Date }[]>(
    `SELECT "victimPersonId", "reportedAt" AS "at" FROM "police_suspect_case"
     WHERE "victimPersonId" IS NOT NULL AND "reportedAt" >= $1 AND "reportedAt" < $2`,
    new Date(window.from.getTime() - YEAR_BEFORE),
    window.to,
  );
  const reportsOf = new Map<string, number[]>();
  for (const row of earlier) reportsOf.set(row.victimPersonId, [...(reportsOf.get(row.victimPersonId) ?? []), row.at.getTime()]);
  return rows.map((row) => ({
    at: row.at,
    areaUnitId: row.areaUnitId,
    conflicted: row.conflicted,
    receivedHow: row.receivedHow,
    suspectType: row.suspectType,
    suspectLevel: row.suspectLevel,
    suspectHomeForce: row.suspectHomeForce,
    hasCriminal: row.hasCriminal,
    hasConduct: row.hasConduct,
    criminalStatus: row.criminalStatus,
    dutiesDecision: row.dutiesDecision,
    referToOtherForce: row.referToOtherForce,
    victimGender: row.victimGender,
    victimEthnicity: row.victimEthnicity,
    victimPersonId: row.victimPersonId,
    repeatReport: row.victimPersonId === null ? null : isRepeat(reportsOf.get(row.victimPersonId) ?? [], row.at.getTime()),
    hoursToSupervisor: row.supervisorAt ? (row.supervisorAt.getTime() - row.at.getTime()) / HOUR : null,
    hoursToFullReferral: row.fullyReferredAt ? (row.fullyReferredAt.getTime() - row.at.getTime()) / HOUR : null,
  }));
}

/** Another report of the same victim in the 12 months (365 days) before this one. */
export function isRepeat(reports: readonly number[], at: number): boolean {
  return reports.some((other) => other < at && at - other <= 365 * 24 * HOUR);
}

async function supportFacts(tx: DbTx, viewer: string, window: Window): Promise<SupportFact[]> {
  return tx.$queryRawUnsafe<SupportFact[]>(
    `SELECT r."submittedAt" AS "at", p."unitId" AS "areaUnitId", s."kind"::text AS "service",
       ra."level"::text AS "riskLevel", coalesce(ra."idvaReferral", false) AS "idvaReferral",
       coalesce(ra."maracReferral", false) AS "maracReferral", p."gender", p."ethnicity",
       (r."abuserPersonId" IS NOT NULL AND (r."abuserPersonId" = $3::uuid OR EXISTS (
         SELECT 1 FROM "line_chain" lc WHERE lc."personId" = r."abuserPersonId" AND lc."ancestorId" = $3::uuid))) AS "conflicted"
     FROM "support_request" r
     JOIN "support_service" s ON s."id" = r."serviceId"
     JOIN "person" p ON p."id" = r."employeeId"
     LEFT JOIN LATERAL (SELECT a."level", a."idvaReferral", a."maracReferral" FROM "risk_assessment" a
                        WHERE a."requestId" = r."id" ORDER BY a."assessedAt" DESC LIMIT 1) ra ON true
     WHERE r."status" <> 'DRAFT' AND r."submittedAt" >= $1 AND r."submittedAt" < $2`,
    window.from,
    window.to,
    viewer,
  );
}

async function alertFacts(tx: DbTx, viewer: string, window: Window): Promise<AlertFact[]> {
  return tx.$queryRawUnsafe<AlertFact[]>(
    `SELECT a."raisedAt" AS "at", c."areaUnitId", a."kind"::text AS "kind", a."outcome"::text AS "outcome",
       ${caseConflicted("$3", "c")} AS "conflicted"
     FROM "access_alert" a JOIN "police_suspect_case" c ON c."id" = a."caseId"
     WHERE a."raisedAt" >= $1 AND a."raisedAt" < $2`,
    window.from,
    window.to,
    viewer,
  );
}

/**
 * Referral steps, counted in the database (there are many: about five a case): one row per area, UK month, progress
 * and "viewer conflicted", with how many steps it stands for.
 */
async function stepFacts(tx: DbTx, viewer: string, window: Window): Promise<StepFact[]> {
  const starts = window.monthStarts;
  // The month of each step as 0–11, from the twelve UK month starts (computed here, so both databases agree on them).
  const month = `CASE ${starts
    .slice(1)
    .map((_, m) => `WHEN s."createdAt" < $${m + 5} THEN ${m}`)
    .join(" ")} ELSE 11 END`;
  const rows = await tx.$queryRawUnsafe<(Omit<StepFact, "at" | "count"> & { month: number; count: number })[]>(
    `SELECT c."areaUnitId", ${month} AS "month", 'any' AS "role",
       CASE WHEN s."state" = 'REPLACED' THEN 'passed-on'
            WHEN s."state" = 'NO_RECIPIENT' THEN 'no-recipient'
            WHEN s."state" = 'AWAITING' AND (s."remindedAt" IS NOT NULL OR s."dueAt" < $3) THEN 'overdue'
            WHEN s."state" = 'AWAITING' THEN 'waiting'
            WHEN s."remindedAt" IS NOT NULL THEN 'reminded'
            ELSE 'in-time' END AS "progress",
       ${caseConflicted("$4", "c")} AS "conflicted", count(*)::int AS "count"
     FROM "referral_step" s JOIN "police_suspect_case" c ON c."id" = s."caseId"
     WHERE s."createdAt" >= $1 AND s."createdAt" < $2
     GROUP BY 1, 2, 3, 4, 5`,
    window.from,
    window.to,
    window.now,
    viewer,
    ...starts.slice(1),
  );
  // A moment in the middle of the month stands for the month (compute.ts reads the month back from it).
  return rows.map(({ month: m, ...row }) => ({ ...row, at: new Date(starts[m]!.getTime() + 10 * 24 * HOUR) }));
}

/** Every item of the period, each marked with whether `viewer` is in its conflict set. */
export async function readFacts(tx: DbTx, viewer: string, window: Window): Promise<Facts> {
  if (!UUID.test(viewer)) throw new Error("Not a person id");
  return {
    cases: await caseFacts(tx, viewer, window),
    support: await supportFacts(tx, viewer, window),
    alerts: await alertFacts(tx, viewer, window),
    steps: await stepFacts(tx, viewer, window),
  };
}
