// What the figures count, counted in the database with plain SQL (PostgreSQL 15 and PGlite alike): per source, one
// statement that groups the period's items by area, UK month, "viewer conflicted" and the fields of every breakdown
// (GROUPING SETS), and one for the cases' timings and repeat victims (percentile_cont, grouped by month and area).
// "Viewer conflicted" follows the live rules (the viewer is the case's suspect, in its recorded conflicts, or above its
// suspect in line management now: policies/rules/police-suspect-cases.ts, ADR 024). No item leaves the database:
// a few hundred groups come back, and figures.server.ts turns them into suppressed counts.
import type { DbTx } from "~/db.server";
import { BREAKDOWNS, type CaseSummary, type Facts, type HoursSummary, type SourceName } from "./definitions";

export interface Window {
  from: Date;
  to: Date;
  now: Date;
  /** The first instant of each of the period's twelve months (UK time). */
  monthStarts: Date[];
}

const HOUR = 3_600_000;
const YEAR_BEFORE = 366 * 24 * HOUR;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A statement's parameters, numbered as they are added. */
class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The period's bounds and the viewer, the parameters every source's items use. */
function periodParameters(viewer: string, window: Window) {
  const p = new Parameters();
  return { p, from: p.add(window.from), to: p.add(window.to), viewer: `${p.add(viewer)}::uuid` };
}

/** SQL for "the viewer is the case's suspect, in its recorded conflicts, or above its suspect in line management now". */
const caseConflicted = (viewer: string, alias: string) => `(
  EXISTS (SELECT 1 FROM "case_conflict" cc WHERE cc."caseId" = ${alias}."id" AND cc."personId" = ${viewer})
  OR EXISTS (SELECT 1 FROM "line_chain" lc WHERE lc."personId" = ${alias}."suspectPersonId" AND lc."ancestorId" = ${viewer}))`;

/** The UK month (0–11) of `at`, from the twelve month starts computed in code, so both databases agree on them. */
function monthOf(at: string, p: Parameters, window: Window): string {
  const whens = window.monthStarts.slice(1).map((start, m) => `WHEN ${at} < ${p.add(start)} THEN ${m}`);
  return `CASE ${whens.join(" ")} ELSE 11 END`;
}

/** Whether each report's employee victim was named in another report in the 365 days before it (seed 004 §3.4). */
const repeatReports = (p: Parameters, window: Window, to: string) => `(
  SELECT "id", count(*) OVER earlier > count(*) OVER (PARTITION BY "victimPersonId", "reportedAt") AS "repeat"
  FROM "police_suspect_case"
  WHERE "victimPersonId" IS NOT NULL AND "reportedAt" >= ${p.add(new Date(window.from.getTime() - YEAR_BEFORE))} AND "reportedAt" < ${to}
  WINDOW earlier AS (PARTITION BY "victimPersonId" ORDER BY "reportedAt" RANGE BETWEEN interval '365 days' PRECEDING AND CURRENT ROW))`;

/** Each source's items of the period: "at", "areaUnitId", "conflicted" and the fields its breakdowns read. */
const ITEMS: Record<SourceName, (q: ReturnType<typeof periodParameters>, window: Window) => string> = {
  cases: ({ p, from, to, viewer }, window) => `
    WITH repeats AS MATERIALIZED ${repeatReports(p, window, to)}
    SELECT c."reportedAt" AS "at", c."areaUnitId", c."receivedHow"::text AS "receivedHow", c."origin"::text AS "origin",
      sp."employeeType"::text AS "suspectType", sp."level" AS "suspectLevel", sf."isHome" AS "suspectHomeForce",
      (ct."caseId" IS NOT NULL) AS "hasCriminal", (cd."caseId" IS NOT NULL) AS "hasConduct",
      ct."status"::text AS "criminalStatus", cd."dutiesDecision"::text AS "dutiesDecision",
      (SELECT od."referToOtherForce" FROM "ownership_decision" od WHERE od."caseId" = c."id" ORDER BY od."recordedAt" DESC LIMIT 1) AS "referToOtherForce",
      vp."gender" AS "victimGender", vp."ethnicity" AS "victimEthnicity", r."repeat" AS "repeatReport",
      ${caseConflicted(viewer, "c")} AS "conflicted"
    FROM "police_suspect_case" c
    JOIN "force" sf ON sf."id" = c."suspectForceId"
    LEFT JOIN "person" sp ON sp."id" = c."suspectPersonId"
    LEFT JOIN "person" vp ON vp."id" = c."victimPersonId"
    LEFT JOIN "criminal_track" ct ON ct."caseId" = c."id"
    LEFT JOIN "conduct_track" cd ON cd."caseId" = c."id"
    LEFT JOIN repeats r ON r."id" = c."id"
    WHERE c."reportedAt" >= ${from} AND c."reportedAt" < ${to}`,
  support: ({ from, to, viewer }) => `
    SELECT r."submittedAt" AS "at", p."unitId" AS "areaUnitId", s."kind"::text AS "service",
      ra."level"::text AS "riskLevel", coalesce(ra."idvaReferral", false) AS "idvaReferral",
      coalesce(ra."maracReferral", false) AS "maracReferral", p."gender", p."ethnicity",
      (r."abuserPersonId" IS NOT NULL AND (r."abuserPersonId" = ${viewer} OR EXISTS (
        SELECT 1 FROM "line_chain" lc WHERE lc."personId" = r."abuserPersonId" AND lc."ancestorId" = ${viewer}))) AS "conflicted"
    FROM "support_request" r
    JOIN "support_service" s ON s."id" = r."serviceId"
    JOIN "person" p ON p."id" = r."employeeId"
    LEFT JOIN LATERAL (SELECT a."level", a."idvaReferral", a."maracReferral" FROM "risk_assessment" a
                       WHERE a."requestId" = r."id" ORDER BY a."assessedAt" DESC LIMIT 1) ra ON true
    WHERE r."status" <> 'DRAFT' AND r."submittedAt" >= ${from} AND r."submittedAt" < ${to}`,
  alerts: ({ from, to, viewer }) => `
    SELECT a."raisedAt" AS "at", c."areaUnitId", a."kind"::text AS "kind", a."outcome"::text AS "outcome",
      ${caseConflicted(viewer, "c")} AS "conflicted"
    FROM "access_alert" a JOIN "police_suspect_case" c ON c."id" = a."caseId"
    WHERE a."raisedAt" >= ${from} AND a."raisedAt" < ${to}`,
  steps: ({ p, from, to, viewer }, window) => `
    SELECT s."createdAt" AS "at", c."areaUnitId",
      CASE WHEN s."state" = 'REPLACED' THEN 'passed-on'
           WHEN s."state" = 'NO_RECIPIENT' THEN 'no-recipient'
           WHEN s."state" = 'AWAITING' AND (s."remindedAt" IS NOT NULL OR s."dueAt" < ${p.add(window.now)}) THEN 'overdue'
           WHEN s."state" = 'AWAITING' THEN 'waiting'
           WHEN s."remindedAt" IS NOT NULL THEN 'reminded'
           ELSE 'in-time' END AS "progress",
      ${caseConflicted(viewer, "c")} AS "conflicted"
    FROM "referral_step" s JOIN "police_suspect_case" c ON c."id" = s."caseId"
    WHERE s."createdAt" >= ${from} AND s."createdAt" < ${to}`,
};

const quoted = (name: string) => `"${name}"`;

/**
 * One statement per source: its items grouped by area, month and "viewer conflicted", crossed with one grouping set per
 * breakdown (the fields it reads); `GROUPING()` tells which breakdown a group belongs to.
 */
async function countSource<S extends SourceName>(tx: DbTx, source: S, viewer: string, window: Window): Promise<Facts["counts"][S]> {
  const breakdowns: readonly { fields: readonly string[] }[] = BREAKDOWNS[source];
  const fields = [...new Set(breakdowns.flatMap((breakdown) => breakdown.fields))];
  const q = periodParameters(viewer, window);
  const items = ITEMS[source](q, window);
  const sets = [...new Set(breakdowns.map((breakdown) => `(${breakdown.fields.map(quoted).join(", ")})`))];
  const rows = await tx.$queryRawUnsafe<
    ({ grouping: number; areaUnitId: string | null; month: number; conflicted: boolean; count: number } & Record<string, unknown>)[]
  >(
    `SELECT GROUPING(${fields.map(quoted).join(", ")}) AS "grouping", "areaUnitId", "month", "conflicted", ${fields.map(quoted).join(", ")},
       count(*)::int AS "count"
     FROM (SELECT *, ${monthOf(`"at"`, q.p, window)} AS "month" FROM (${items}) items) placed
     GROUP BY "areaUnitId", "month", "conflicted", GROUPING SETS (${sets.join(", ")})`,
    ...q.p.values,
  );
  // GROUPING(f1, …, fn) has bit n-1-i set when fi is not in the row's grouping set.
  const maskOf = (breakdown: { fields: readonly string[] }) =>
    fields.reduce((mask, field, i) => (breakdown.fields.includes(field) ? mask : mask | (1 << (fields.length - 1 - i))), 0);
  return breakdowns.map((breakdown) => {
    const mask = maskOf(breakdown);
    return rows
      .filter((row) => row.grouping === mask)
      .map(({ areaUnitId, month, conflicted, count, ...fact }) => ({ areaUnitId, month, conflicted, count, fact }));
  }) as unknown as Facts["counts"][S];
}

/** Hours from `at` to the report, exactly as JavaScript would compute them from milliseconds. */
const hoursSince = (at: string) => `(extract(epoch FROM (${at} - c."reportedAt")) * 1000)::float8 / ${HOUR}`;

const hoursAggregates = (name: string, column: string) => `
  count(${column})::int AS "${name}Count", (count(${column}) FILTER (WHERE "conflicted"))::int AS "${name}Conflicted",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) AS "${name}Median",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column}) AS "${name}P90"`;

type SummaryRow = { grouping: number; month: number | null; areaUnitId: string | null; repeatVictims: number; repeatConflicted: number } & Record<
  string,
  number | null
>;

/**
 * Per month and for the year, for the whole force and per area: hours to the supervising officer's acknowledgement
 * (the chain's stage 1) and to full referral (the last acknowledgement or delivery, once no step waits or lacks a
 * recipient), and the repeat victims.
 */
async function caseSummaries(tx: DbTx, viewer: string, window: Window): Promise<CaseSummary[]> {
  const q = periodParameters(viewer, window);
  // The chain's steps are aggregated once per case of the period (a hash join), not looked up case by case.
  const rows = await tx.$queryRawUnsafe<SummaryRow[]>(
    `WITH period AS MATERIALIZED (
       SELECT c."id", c."reportedAt", c."areaUnitId", c."victimPersonId", c."suspectPersonId"
       FROM "police_suspect_case" c WHERE c."reportedAt" >= ${q.from} AND c."reportedAt" < ${q.to}),
     repeats AS MATERIALIZED ${repeatReports(q.p, window, q.to)},
     chain AS MATERIALIZED (
       SELECT s."caseId",
         min(s."acknowledgedAt") FILTER (WHERE s."role" = 'SUPERVISING_OFFICER') AS "supervisorAt",
         CASE WHEN bool_or(s."state" IN ('AWAITING', 'NO_RECIPIENT')) OR NOT bool_or(s."stage" = 2) THEN NULL
              ELSE max(coalesce(s."acknowledgedAt", s."sentAt")) FILTER (WHERE s."state" IN ('ACKNOWLEDGED', 'DELIVERED')) END AS "fullyReferredAt"
       FROM "referral_step" s JOIN period c ON c."id" = s."caseId"
       GROUP BY s."caseId")
     SELECT GROUPING("month", "areaUnitId") AS "grouping", "month", "areaUnitId",
       ${hoursAggregates("supervisor", `"toSupervisor"`)}, ${hoursAggregates("fullReferral", `"toFullReferral"`)},
       (count(DISTINCT "victimPersonId") FILTER (WHERE "repeat"))::int AS "repeatVictims",
       (count(DISTINCT "victimPersonId") FILTER (WHERE "repeat" AND "conflicted"))::int AS "repeatConflicted"
     FROM (
       SELECT c."areaUnitId", c."victimPersonId", r."repeat", ${monthOf(`c."reportedAt"`, q.p, window)} AS "month",
         ${caseConflicted(q.viewer, "c")} AS "conflicted",
         ${hoursSince(`ch."supervisorAt"`)} AS "toSupervisor", ${hoursSince(`ch."fullyReferredAt"`)} AS "toFullReferral"
       FROM period c
       LEFT JOIN chain ch ON ch."caseId" = c."id"
       LEFT JOIN repeats r ON r."id" = c."id") items
     GROUP BY GROUPING SETS (("month"), ("month", "areaUnitId"), (), ("areaUnitId"))`,
    ...q.p.values,
  );
  const hours = (row: SummaryRow, name: string): HoursSummary => ({
    count: row[`${name}Count`] ?? 0,
    conflicted: row[`${name}Conflicted`] ?? 0,
    median: row[`${name}Median`] ?? null,
    p90: row[`${name}P90`] ?? null,
  });
  // GROUPING("month", "areaUnitId"): 2 when the row is over every month, 1 when over every area.
  return rows.map((row) => ({
    month: row.grouping & 2 ? null : row.month,
    allAreas: (row.grouping & 1) === 1,
    areaUnitId: row.grouping & 1 ? null : row.areaUnitId,
    supervisor: hours(row, "supervisor"),
    fullReferral: hours(row, "fullReferral"),
    repeatVictims: row.repeatVictims,
    repeatVictimsConflicted: row.repeatConflicted,
  }));
}

/** The period's counts per source and breakdown, and the cases' timings, each marked by whether `viewer` is in their
 * conflict set. */
export async function readFacts(tx: DbTx, viewer: string, window: Window): Promise<Facts> {
  if (!UUID.test(viewer)) throw new Error("Not a person id");
  return {
    counts: {
      cases: await countSource(tx, "cases", viewer, window),
      support: await countSource(tx, "support", viewer, window),
      alerts: await countSource(tx, "alerts", viewer, window),
      steps: await countSource(tx, "steps", viewer, window),
    },
    caseSummaries: await caseSummaries(tx, viewer, window),
  };
}
