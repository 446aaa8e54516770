// When the organisation changes, someone who could reach a case may now be above its suspect in line management. The
// rules already refuse them from the change's own transaction on (ADR 024: the line chain is kept by the database);
// this tells PSD that their access lapsed, with no case content, in that same transaction.
import type { DbTx } from "~/db.server";
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import { appendAudit } from "~/utils/audit.server";
import { mailRecipients, type MailRecipient } from "~/models/cases/case.server";

/** Roles whose holders oversee every case they are not conflicted on (they list it, and are alerted about it). */
const OVERSEEING_ROLES = [...PSD_ROLES, "NPCC_OFFICER"];

/**
 * Call in the transaction of every change to people's line manager, unit, rank or roles (`updatePerson`, and any
 * approval that applies such a change), with the people changed. For each case whose suspect now has above them
 * someone who could reach it (on its access list, or overseeing it as PSD or the NPCC officer) and was not conflicted
 * before, it records an "access lapsed" alert, audited, and mails PSD (content-free; never the person concerned nor
 * anyone conflicted on the case), and records them as conflicted on it. Returns how many lapsed.
 */
export async function afterOrganisationChange(tx: DbTx, personIds: readonly string[], options: { actorId?: string | null } = {}): Promise<number> {
  if (personIds.length === 0) return 0;
  const lapsed = await tx.$queryRaw<{ caseId: string; personId: string }[]>`
    SELECT DISTINCT c."id"::text AS "caseId", l."ancestorId"::text AS "personId"
    FROM "police_suspect_case" c
    JOIN "line_chain" l ON l."personId" = c."suspectPersonId" AND l."depth" > 0
    WHERE (
        -- the suspect is in the part of the organisation that moved, or the person above them is one of those changed
        EXISTS (SELECT 1 FROM "line_chain" moved WHERE moved."personId" = c."suspectPersonId" AND moved."ancestorId" = ANY(${personIds}::uuid[]))
        OR l."ancestorId" = ANY(${personIds}::uuid[])
      )
      AND (
        EXISTS (SELECT 1 FROM "case_access" a WHERE a."caseId" = c."id" AND a."personId" = l."ancestorId" AND a."revokedAt" IS NULL
                AND (a."expiresAt" IS NULL OR a."expiresAt" > now()))
        OR EXISTS (SELECT 1 FROM "role_assignment" r WHERE r."personId" = l."ancestorId" AND r."role"::text = ANY(${OVERSEEING_ROLES}::text[]))
      )
      AND NOT EXISTS (SELECT 1 FROM "case_conflict" cc WHERE cc."caseId" = c."id" AND cc."personId" = l."ancestorId")
      AND NOT EXISTS (SELECT 1 FROM "access_alert" al WHERE al."caseId" = c."id" AND al."personId" = l."ancestorId" AND al."kind" = 'ACCESS_LAPSED')
    ORDER BY 1, 2`;
  for (const { caseId, personId } of lapsed) {
    const auditEventId = await appendAudit(tx, {
      actorId: options.actorId ?? null,
      action: "case.accessLapsed",
      subjectType: "PoliceSuspectCase",
      subjectId: caseId,
      outcome: "SUCCESS",
      reason: "now in the suspect's line-management chain",
      details: { personId },
    });
    // Having managed the suspect is a prior connection: recorded, so that moving away again does not restore access.
    await tx.caseConflict.create({ data: { caseId, personId, reason: "line chain (after a change to the organisation)" } });
    await tx.accessAlert.create({ data: { caseId, personId, kind: "ACCESS_LAPSED", via: "organisation", auditEventId }, select: { id: true } });
    await mailRecipients(tx, await psdToTell(tx, caseId, personId), "/alerts");
  }
  return lapsed.length;
}

/** PSD officers who may be told about the case: active, not conflicted on it (recorded or now), not the person concerned. */
function psdToTell(tx: DbTx, caseId: string, exceptPersonId: string): Promise<MailRecipient[]> {
  return tx.$queryRaw<MailRecipient[]>`
    SELECT p."workEmail", p."firstName", p."preferredName"
    FROM "person" p
    WHERE p."active" AND p."id" <> ${exceptPersonId}::uuid
      AND EXISTS (SELECT 1 FROM "role_assignment" r WHERE r."personId" = p."id" AND r."role"::text = ANY(${[...PSD_ROLES]}::text[]))
      AND NOT EXISTS (SELECT 1 FROM "case_conflict" c WHERE c."caseId" = ${caseId}::uuid AND c."personId" = p."id")
      AND NOT EXISTS (SELECT 1 FROM "line_chain" l JOIN "police_suspect_case" k ON k."suspectPersonId" = l."personId"
                      WHERE k."id" = ${caseId}::uuid AND l."ancestorId" = p."id")
    ORDER BY p."id"`;
}
