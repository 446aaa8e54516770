// The database's own consistency, checked after anything that may have half-written a record (issue 16, the bad-input
// generator). Foreign keys already forbid rows that point at nothing; these are the promises the schema cannot state:
// what a transaction writes together (prisma/schema.prisma and the models that write it), and what nothing may lack.
import type { Db } from "~/db.server";

interface Invariant {
  name: string;
  /** SQL that lists the ids breaking the invariant (none when it holds). */
  offenders: string;
}

const INVARIANTS: readonly Invariant[] = [
  {
    // createPoliceSuspectCase opens both tracks at once: every allegation is a crime and a conduct matter.
    name: "every case has its criminal and its conduct track",
    offenders: `SELECT c.id FROM police_suspect_case c
      WHERE NOT EXISTS (SELECT 1 FROM criminal_track t WHERE t."caseId" = c.id)
         OR NOT EXISTS (SELECT 1 FROM conduct_track t WHERE t."caseId" = c.id)`,
  },
  {
    name: "every case is overseen by PSD from the first moment (an access-list row for professional standards)",
    offenders: `SELECT c.id FROM police_suspect_case c
      WHERE NOT EXISTS (SELECT 1 FROM case_access a WHERE a."caseId" = c.id AND a.capacity = 'PROFESSIONAL_STANDARDS')`,
  },
  {
    name: "every case has its referral chain",
    offenders: `SELECT c.id FROM police_suspect_case c WHERE NOT EXISTS (SELECT 1 FROM referral_step s WHERE s."caseId" = c.id)`,
  },
  {
    name: "every case's suspect from the directory is on its conflict list",
    offenders: `SELECT c.id FROM police_suspect_case c WHERE c."suspectPersonId" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM case_conflict x WHERE x."caseId" = c.id AND x."personId" = c."suspectPersonId")`,
  },
  {
    name: "every case's suspect is named: a person in the directory or a name",
    offenders: `SELECT c.id FROM police_suspect_case c WHERE c."suspectPersonId" IS NULL AND coalesce(btrim(c."suspectName"), '') = ''`,
  },
  {
    name: "every case's creation is in the audit trail",
    offenders: `SELECT c.id FROM police_suspect_case c WHERE NOT EXISTS (SELECT 1 FROM audit_event e
      WHERE e.action = 'case.create' AND e.outcome = 'SUCCESS' AND e."subjectId" = c.id::text)`,
  },
  {
    name: "every case created in the audit trail still exists",
    offenders: `SELECT e."subjectId" AS id FROM audit_event e WHERE e.action = 'case.create' AND e.outcome = 'SUCCESS'
      AND NOT EXISTS (SELECT 1 FROM police_suspect_case c WHERE c.id::text = e."subjectId")`,
  },
  {
    name: "every sent support request has its sending time, a consent and a SUBMITTED event",
    offenders: `SELECT r.id FROM support_request r WHERE r.status <> 'DRAFT' AND (r."submittedAt" IS NULL
      OR NOT EXISTS (SELECT 1 FROM support_consent k WHERE k."requestId" = r.id)
      OR NOT EXISTS (SELECT 1 FROM support_event v WHERE v."requestId" = r.id AND v.kind = 'SUBMITTED'))`,
  },
  {
    name: "every draft is unsent: no consent, no sending time",
    offenders: `SELECT r.id FROM support_request r WHERE r.status = 'DRAFT'
      AND (r."submittedAt" IS NOT NULL OR EXISTS (SELECT 1 FROM support_consent k WHERE k."requestId" = r.id))`,
  },
  {
    name: "every mail in the outbox has a recipient, a subject and a body",
    offenders: `SELECT m.id FROM outbox_message m WHERE m."toAddress" !~ '^[^@\\s]+@[^@\\s]+$'
      OR btrim(m.subject) = '' OR btrim(m.text) = '' OR btrim(m.html) = ''`,
  },
  {
    name: "every sent mail has its sending time, and only sent mail",
    offenders: `SELECT m.id FROM outbox_message m WHERE (m.status = 'SENT') <> (m."sentAt" IS NOT NULL)`,
  },
  {
    name: "every audit row is sealed into the chain",
    offenders: `SELECT e.id::text AS id FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s."eventId" = e.id)`,
  },
  {
    name: "every referral step that was sent has its SENT event",
    offenders: `SELECT s.id FROM referral_step s WHERE s."sentAt" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM referral_event v WHERE v."stepId" = s.id AND v.kind = 'SENT')`,
  },
  {
    name: "every decided change to a person names who decided it and when; a waiting one neither",
    offenders: `SELECT p.id FROM person_change_proposal p
      WHERE (p.status IN ('APPROVED', 'REFUSED') AND (p."decidedById" IS NULL OR p."decidedAt" IS NULL))
         OR (p.status = 'PENDING' AND (p."decidedById" IS NOT NULL OR p."decidedAt" IS NOT NULL))`,
  },
];

export interface Inconsistency {
  invariant: string;
  ids: string[];
}

/** Every invariant that does not hold, with up to ten of the rows that break it. */
export async function inconsistencies(db: Db): Promise<Inconsistency[]> {
  const found: Inconsistency[] = [];
  for (const invariant of INVARIANTS) {
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(`${invariant.offenders} LIMIT 10`);
    if (rows.length) found.push({ invariant: invariant.name, ids: rows.map((row) => String(row.id)) });
  }
  return found;
}

/** How many invariants are checked (for the run's report). */
export const INVARIANT_COUNT = INVARIANTS.length;
