// DEMO ONLY: about two years of fictional history (cases, their referral chains, tracks and outcomes, access alerts,
// support requests and risk assessments) so that the monitoring figures, charts and dashboards show something on a
// fresh `npm start`. Everyone in it is a made-up "History" person of Northshire (fictional), without a sign-in account,
// so none of the demo accounts' own journeys change. Written with a few createMany calls in one transaction.
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../app/generated/prisma/client.ts";
import { newCaseReference } from "../app/models/cases/case.server.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GENDERS = ["WOMAN", "WOMAN", "WOMAN", "MAN", "MAN", "NON_BINARY", "PREFER_NOT_TO_SAY", null];
const ETHNICITIES = ["WHITE", "WHITE", "WHITE", "ASIAN", "BLACK", "MIXED", "OTHER", "PREFER_NOT_TO_SAY", null];
const RECEIVED = ["IN_PERSON", "TELEPHONE", "EMAIL_OR_MESSAGE", "IN_WRITING", "SELF_REPORT"] as const;
const CRIMINAL = ["UNDER_INVESTIGATION", "NO_FURTHER_ACTION", "CHARGED", "CONVICTED", "ACQUITTED", "FILE_WITH_CPS"] as const;
const DUTIES = ["NO_RESTRICTION", "RESTRICTED_DUTIES", "SUSPENDED", "NOT_YET_CONSIDERED"] as const;
const SERVICES = ["STAFF_IDVA", "STAFF_IDVA", "WELFARE", "OCCUPATIONAL_HEALTH", "DA_CHAMPION"] as const;
const RISK = ["STANDARD", "STANDARD", "MEDIUM", "HIGH"] as const;
const ALERTS = ["UNLISTED_ATTEMPT", "UNLISTED_ATTEMPT", "BREAK_GLASS", "MISSING_DECLARATION"] as const;
const ALERT_OUTCOMES = ["LEGITIMATE", "ADVICE_GIVEN", "NO_FURTHER_ACTION", "REFERRED_FOR_MISCONDUCT", null] as const;

/** A repeatable pseudo-random sequence (mulberry32): the same history on every machine. */
function sequence(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

export interface HistorySummary {
  people: number;
  cases: number;
  supportRequests: number;
  alerts: number;
}

/** Writes the history into a freshly seeded demo organisation: `units` are its policing areas' ids. */
export async function seedDemoHistory(
  prisma: PrismaClient,
  home: { forceId: string; units: string[] },
  options: { now?: Date; casesPerDay?: number } = {},
): Promise<HistorySummary> {
  const now = options.now ?? new Date();
  // About nine reports a month by default; the benchmark asks for many more (bench/figures.ts).
  const casesPerDay = options.casesPerDay ?? 0.3;
  const { next, pick } = sequence(20261206);
  const services = await prisma.supportService.findMany({ select: { id: true, kind: true } });
  const serviceOf = new Map(services.map((service) => [service.kind as string, service.id]));

  const people = Array.from({ length: 80 }, (_, n) => {
    const officer = next() < 0.7;
    const level = officer ? pick([1, 1, 1, 1, 2, 2, 3, 4, 5, 7]) : 1;
    return {
      id: randomUUID(),
      forceId: home.forceId,
      unitId: pick(home.units),
      firstName: "History",
      lastName: `Person ${String(n + 1).padStart(2, "0")} (fictional)`,
      workEmail: `history.person.${n + 1}@northshire.police.invalid`,
      employeeType: officer ? ("OFFICER" as const) : ("STAFF" as const),
      rank: officer
        ? (["CONSTABLE", "SERGEANT", "INSPECTOR", "CHIEF_INSPECTOR", "SUPERINTENDENT", "", "ASSISTANT_CHIEF_CONSTABLE"][level - 1] as "CONSTABLE")
        : null,
      staffGradeCode: officer ? null : "PS-A",
      level,
      gender: pick(GENDERS),
      ethnicity: pick(ETHNICITIES),
    };
  });
  const start = new Date(now.getTime() - 730 * DAY);
  const cases: Prisma.PoliceSuspectCaseCreateManyInput[] = [];
  const steps: Prisma.ReferralStepCreateManyInput[] = [];
  const criminal: Prisma.CriminalTrackCreateManyInput[] = [];
  const conduct: Prisma.ConductTrackCreateManyInput[] = [];
  const conflicts: Prisma.CaseConflictCreateManyInput[] = [];
  const alerts: Prisma.AccessAlertCreateManyInput[] = [];
  const ownership: Prisma.OwnershipDecisionCreateManyInput[] = [];
  const victims = people.slice(0, 40);
  const suspects = people.slice(40);
  const inspector = people.find((person) => person.level >= 3)!;
  for (let report = 0; report < 725 * casesPerDay; report += 1) {
    const day = Math.floor(next() * 725);
    const reportedAt = new Date(start.getTime() + day * DAY + Math.floor(next() * 10) * HOUR);
    const id = randomUUID();
    const suspect = pick(suspects);
    const victim = pick(victims);
    const closed = day < 600 && next() < 0.8;
    const reporter = pick(victims).id;
    // Some cases are admissions (ADR 035), chosen by position so the random sequence, and so the rest, stays as it was.
    const origin = report % 17 === 5 ? "ADMISSION_BY_EMPLOYEE" : report % 29 === 11 ? "ADMISSION_HEARD" : "REPORT";
    cases.push({
      id,
      reference: newCaseReference(),
      status: closed ? "CLOSED" : "OPEN",
      reportedById: origin === "ADMISSION_BY_EMPLOYEE" ? suspect.id : reporter,
      reportedAt,
      origin,
      receivedHow: pick(RECEIVED),
      receivedAt: reportedAt,
      suspectPersonId: suspect.id,
      suspectForceId: home.forceId,
      victimKind: "EMPLOYEE",
      victimPersonId: victim.id,
      childrenInvolved: next() < 0.3,
      immediateDanger: false,
      account: "Fictional history: no real event.",
      areaUnitId: suspect.unitId,
      closedAt: closed ? new Date(reportedAt.getTime() + (60 + Math.floor(next() * 200)) * DAY) : null,
    });
    conflicts.push({ caseId: id, personId: suspect.id, reason: "suspect" });
    const toSupervisor = 0.2 + next() * (next() < 0.1 ? 6 : 1.5);
    const supervisorAt = new Date(reportedAt.getTime() + toSupervisor * HOUR);
    steps.push({
      caseId: id,
      stage: 1,
      role: "SUPERVISING_OFFICER",
      state: "ACKNOWLEDGED",
      recipientPersonId: inspector.id,
      sentAt: reportedAt,
      acknowledgedAt: supervisorAt,
      remindedAt: toSupervisor > 1 ? new Date(reportedAt.getTime() + HOUR) : null,
    });
    for (const role of ["LOCAL_COMMANDER", "NPCC_OFFICER", "DA_COORDINATOR", "PROFESSIONAL_STANDARDS"] as const) {
      const hours = 0.5 + next() * (next() < 0.15 ? 12 : 3);
      steps.push({
        caseId: id,
        stage: 2,
        role,
        state: "ACKNOWLEDGED",
        recipientPersonId: inspector.id,
        sentAt: supervisorAt,
        acknowledgedAt: new Date(supervisorAt.getTime() + hours * HOUR),
        remindedAt: hours > 4 ? new Date(supervisorAt.getTime() + 4 * HOUR) : null,
      });
    }
    criminal.push({ caseId: id, status: closed ? pick(CRIMINAL.slice(1)) : pick(CRIMINAL) });
    conduct.push({ caseId: id, dutiesDecision: pick(DUTIES) });
    if (next() < 0.7)
      ownership.push({
        caseId: id,
        criminalOwnerId: inspector.id,
        conductOwnerId: inspector.id,
        rationale: "Fictional history.",
        otherForceReasons: [],
        referToOtherForce: next() < 0.1,
        otherForceRationale: "Fictional history.",
        recordedById: inspector.id,
        recordedAt: supervisorAt,
      });
    if (next() < 0.5) {
      const outcome = day < 700 ? pick(ALERT_OUTCOMES) : null;
      alerts.push({
        caseId: id,
        personId: pick(people).id,
        kind: pick(ALERTS),
        via: "page",
        raisedAt: new Date(reportedAt.getTime() + (1 + next() * 20) * DAY),
        outcome,
        reviewedAt: outcome ? now : null,
      });
    }
  }
  const requests: Prisma.SupportRequestCreateManyInput[] = [];
  const risks: Prisma.RiskAssessmentCreateManyInput[] = [];
  for (let day = 0; day < 728; day += 1) {
    if (next() > 0.45) continue;
    const id = randomUUID();
    const submittedAt = new Date(start.getTime() + day * DAY + 9 * HOUR);
    const serviceId = serviceOf.get(pick(SERVICES));
    if (!serviceId) continue;
    requests.push({
      id,
      employeeId: pick(victims).id,
      serviceId,
      status: day < 650 ? "CLOSED" : "ACKNOWLEDGED",
      supportWanted: "Fictional history.",
      shareWithService: ["MESSAGE"],
      safeChannels: ["PORTAL_ONLY"],
      unsafeChannels: [],
      termsAcceptedAt: submittedAt,
      submittedAt,
      acknowledgedAt: submittedAt,
      closedAt: day < 650 ? new Date(submittedAt.getTime() + 40 * DAY) : null,
    });
    if (next() < 0.6) {
      const level = pick(RISK);
      risks.push({
        requestId: id,
        assessorId: inspector.id,
        answers: {},
        yesCount: 0,
        scoredLevel: level,
        level,
        rationale: "Fictional history.",
        idvaReferral: level !== "STANDARD",
        maracReferral: level === "HIGH",
        assessedAt: new Date(submittedAt.getTime() + 2 * DAY),
      });
    }
  }
  await prisma.$transaction(
    async (tx) => {
      await tx.person.createMany({ data: people });
      await tx.policeSuspectCase.createMany({ data: cases });
      await tx.caseConflict.createMany({ data: conflicts });
      await tx.referralStep.createMany({ data: steps });
      await tx.criminalTrack.createMany({ data: criminal });
      await tx.conductTrack.createMany({ data: conduct });
      await tx.ownershipDecision.createMany({ data: ownership });
      await tx.accessAlert.createMany({ data: alerts });
      await tx.supportRequest.createMany({ data: requests });
      await tx.riskAssessment.createMany({ data: risks });
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
  return { people: people.length, cases: cases.length, supportRequests: requests.length, alerts: alerts.length };
}
