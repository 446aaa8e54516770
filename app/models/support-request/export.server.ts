// The employee's own data export (subject access, the portal's part of it): everything the portal holds about them,
// each part read through its own access scope, and the export itself recorded in their audit trail.
import { CASE_AUDIT_SUBJECTS } from "#policies/rules/police-suspect-cases";
import { accessScope, changeWithAudit } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { planForExport } from "~/models/safety-plan/export.server";
import { addressName } from "~/utils/names";
import { withheldFromEmployee } from "./consent.server";
import { ownRequest, SUBJECT } from "./record.server";

/**
 * Everything the portal holds about the person, as JSON: their record and roles, their support requests with every
 * consent, message, event, risk assessment and the overrides they may be told of, who opened them, and the audit
 * rows of what they did. Police-suspect case files are left out (and their audit rows): those are disclosed through
 * the force's formal subject access process, where the exemptions for investigations are applied. The export is
 * recorded (as the person's own act on their requests) in the transaction that reads it.
 */
export async function exportMyData(context: RequestContext) {
  const me = context.actor.id;
  return changeWithAudit(
    context,
    { action: "manageConsent", model: SUBJECT, record: ownRequest(me) },
    async (tx) => {
      const person = await tx.person.findUnique({
        where: { id: me },
        select: {
          firstName: true,
          lastName: true,
          preferredName: true,
          pronouns: true,
          workEmail: true,
          employeeType: true,
          rank: true,
          staffGradeCode: true,
          collarNumber: true,
          active: true,
          createdAt: true,
          updatedAt: true,
          unit: { select: { name: true } },
          lineManager: { select: { firstName: true, lastName: true, preferredName: true } },
          roles: { select: { role: true, grantedAt: true } },
        },
      });
      const requests = await tx.supportRequest.findMany({
        where: { AND: [accessScope(context.ability, "manageConsent", SUBJECT), { employeeId: me }] },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          status: true,
          supportWanted: true,
          message: true,
          safeChannels: true,
          unsafeChannels: true,
          safeTimes: true,
          safeContactNote: true,
          safeWord: true,
          shareWithService: true,
          draftExpiresAt: true,
          termsAcceptedAt: true,
          submittedAt: true,
          acknowledgedAt: true,
          closedAt: true,
          createdAt: true,
          updatedAt: true,
          service: { select: { name: true } },
          consents: {
            select: {
              shares: true,
              reason: true,
              grantedAt: true,
              withdrawnAt: true,
              service: { select: { name: true } },
              person: { select: { firstName: true, lastName: true, preferredName: true } },
            },
          },
          messages: { orderBy: { sentAt: "asc" }, select: { fromEmployee: true, body: true, sentAt: true, readAt: true } },
          events: { orderBy: { at: "asc" }, select: { kind: true, note: true, at: true, actorId: true } },
          overrides: { where: { tellEmployee: true }, select: { ground: true, reason: true, recordedAt: true } },
          risks: {
            orderBy: { assessedAt: "asc" },
            select: {
              assessorId: true,
              answers: true,
              level: true,
              scoredLevel: true,
              rationale: true,
              idvaReferral: true,
              maracReferral: true,
              assessedAt: true,
            },
          },
        },
      });
      const ownIds = requests.map((request) => request.id);
      const plan = await planForExport(tx, me);
      // Everything else the portal keeps about them, each read through its own access scope: the conversation records
      // their manager made (removed ones as the tombstone they see), their incident log, and their notices of court orders.
      const conversations = await tx.conversationRecord.findMany({
        where: { AND: [accessScope(context.ability, "read", "ConversationRecord"), { employeeId: me }] },
        orderBy: { createdAt: "asc" },
        select: {
          heldOn: true,
          pointsCovered: true,
          supportOffered: true,
          agreed: true,
          followUpOn: true,
          agreedAt: true,
          withdrawnAt: true,
          createdAt: true,
          manager: { select: { firstName: true, lastName: true, preferredName: true } },
          comments: { orderBy: { createdAt: "asc" }, select: { body: true, createdAt: true, authorId: true } },
        },
      });
      const incidentLog = await tx.incidentEntry.findMany({
        where: { AND: [accessScope(context.ability, "read", "IncidentEntry"), { personId: me }] },
        orderBy: { occurredAt: "asc" },
        select: {
          occurredAt: true,
          kind: true,
          whatHappened: true,
          witnesses: true,
          recordedAt: true,
          annotations: { orderBy: { createdAt: "asc" }, select: { body: true, createdAt: true } },
        },
      });
      const orderNotices = await tx.personalOrderNotice.findMany({
        where: { AND: [accessScope(context.ability, "read", "PersonalOrderNotice"), { personId: me }] },
        orderBy: { submittedAt: "asc" },
        select: { kind: true, madeOn: true, details: true, submittedAt: true, seenByCommanderAt: true, seenByPsdAt: true },
      });
      const withheld = await withheldFromEmployee(tx, { in: ownIds });
      const trail = await tx.auditEvent.findMany({
        where: {
          OR: [
            { actorId: me, OR: [{ subjectType: null }, { subjectType: { notIn: CASE_AUDIT_SUBJECTS } }] },
            { subjectType: SUBJECT, subjectId: { in: ownIds }, actorId: { notIn: withheld } },
            { subjectType: "SafetyMeasure", subjectId: { in: plan.map((measure) => measure.id) }, actorId: { not: me } },
          ],
        },
        orderBy: { id: "asc" },
        take: 10000,
        select: { occurredAt: true, actorId: true, action: true, subjectType: true, outcome: true, ipAddress: true, userAgent: true },
      });
      const names = new Map(
        (
          await tx.person.findMany({
            where: { id: { in: [...new Set(trail.map((row) => row.actorId).filter((value): value is string => value !== null))] } },
            select: { id: true, firstName: true, lastName: true, preferredName: true },
          })
        ).map((row) => [row.id, addressName(row)]),
      );
      return {
        exportedAt: new Date().toISOString(),
        about: "Everything the Staff Support Portal holds about you, except restricted case files (ask for those through the force's subject access process).",
        person: person && { ...person, lineManager: person.lineManager ? addressName(person.lineManager) : null, unit: person.unit?.name ?? null },
        supportRequests: requests.map((request) => ({
          ...request,
          service: request.service?.name ?? null,
          risks: request.risks.filter((risk) => !withheld.includes(risk.assessorId)).map(({ assessorId: _assessor, ...risk }) => risk),
          // What a lead who may not be named did stays out, as it does from the history the employee sees.
          events: request.events.filter((event) => !event.actorId || !withheld.includes(event.actorId)).map(({ actorId: _actor, ...event }) => event),
          consents: request.consents.map((consent) => ({
            ...consent,
            to: consent.service?.name ?? (consent.person ? addressName(consent.person) : null),
            service: undefined,
            person: undefined,
          })),
        })),
        safetyPlan: plan.map((measure) => ({
          ...measure,
          owner: measure.owner ? addressName(measure.owner) : null,
          grants: measure.grants.map((grant) => ({
            to: addressName(grant.person),
            reason: grant.reason,
            grantedAt: grant.grantedAt,
            withdrawnAt: grant.withdrawnAt,
          })),
        })),
        conversationRecords: conversations.map(({ manager, comments, ...record }) => ({
          ...record,
          recordedBy: addressName(manager),
          comments: comments.map((comment) => ({ by: comment.authorId === me ? "you" : "your manager", body: comment.body, at: comment.createdAt })),
        })),
        incidentLog,
        courtOrderNotices: orderNotices,
        activity: trail.map((row) => ({
          at: row.occurredAt,
          by: row.actorId === me ? "you" : ((row.actorId && names.get(row.actorId)) ?? "the portal"),
          action: row.action,
          outcome: row.outcome,
          ipAddress: row.actorId === me ? row.ipAddress : null,
          userAgent: row.actorId === me ? row.userAgent : null,
        })),
      };
    },
    { action: "support.export", details: (data) => ({ requests: data.supportRequests.length }) },
  );
}
