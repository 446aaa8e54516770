// The access policy as a table a professional-standards officer can read: who, tries to do what, to which record,
// and whether the portal allows it. `policy-table.test.ts` checks every row against the rules, record by record
// and through the database filter.
import type { Action, PolicyPerson } from "./subjects";

export const people = {
  constable: { id: "00000000-0000-4000-8000-000000000001", forceId: "f1", unitId: "u1", level: 1, roles: [] },
  sergeant: { id: "00000000-0000-4000-8000-000000000002", forceId: "f1", unitId: "u1", level: 2, roles: [] },
  colleague: { id: "00000000-0000-4000-8000-000000000003", forceId: "f1", unitId: "u1", level: 1, roles: [] },
  administrator: { id: "00000000-0000-4000-8000-000000000004", forceId: "f1", unitId: "u2", level: 3, roles: ["ADMINISTRATOR"] },
  psdOfficer: { id: "00000000-0000-4000-8000-000000000005", forceId: "f1", unitId: "u2", level: 3, roles: ["PSD_OFFICER"] },
  daChampion: { id: "00000000-0000-4000-8000-000000000006", forceId: "f1", unitId: "u1", level: 1, roles: ["DA_CHAMPION"] },
  auditor: { id: "00000000-0000-4000-8000-000000000007", forceId: "f1", unitId: "u2", level: 2, roles: ["AUDITOR"] },
} satisfies Record<string, PolicyPerson>;

export type PersonaName = keyof typeof people;

/** Records the rows point at: each person's own record (with their line manager) and two units. */
export const personRecords: Record<PersonaName, { id: string; lineManagerId: string | null }> = {
  constable: { id: people.constable.id, lineManagerId: people.sergeant.id },
  sergeant: { id: people.sergeant.id, lineManagerId: null },
  colleague: { id: people.colleague.id, lineManagerId: people.administrator.id },
  administrator: { id: people.administrator.id, lineManagerId: null },
  psdOfficer: { id: people.psdOfficer.id, lineManagerId: null },
  daChampion: { id: people.daChampion.id, lineManagerId: people.sergeant.id },
  auditor: { id: people.auditor.id, lineManagerId: people.administrator.id },
};

export type Target =
  | { kind: "person"; of: PersonaName; field?: string }
  | { kind: "role-assignment"; of: PersonaName }
  /** A proposed change to `about`'s privilege, proposed by `by` (four eyes, docs/decisions/023). */
  | { kind: "proposal"; by: PersonaName; about: PersonaName }
  /** One of `of`'s signed-in sessions ("Where you're signed in"). */
  | { kind: "session"; of: PersonaName }
  | {
      kind: "any";
      subject: "Unit" | "AuditEvent" | "Credential" | "AdminArea" | "SecurityOverview" | "Person" | "Force" | "OutboxMessage" | "MonitoringFigures";
    };

export interface PolicyRow {
  who: PersonaName;
  does: Action;
  what: string;
  target: Target;
  allowed: boolean;
  because: string;
}

const own = (who: PersonaName, field?: string): Target => ({ kind: "person", of: who, ...(field ? { field } : {}) });

export const policyTable: PolicyRow[] = [
  { who: "constable", does: "read", what: "their own record", target: own("constable"), allowed: true, because: "every employee sees their own record" },
  {
    who: "constable",
    does: "update",
    what: "their own pronouns",
    target: own("constable", "pronouns"),
    allowed: true,
    because: "people keep their own name and pronouns right",
  },
  { who: "constable", does: "update", what: "their own rank", target: own("constable", "rank"), allowed: false, because: "rank is kept by administrators" },
  {
    who: "constable",
    does: "read",
    what: "a colleague's record",
    target: own("colleague"),
    allowed: false,
    because: "colleagues see nothing of each other by default",
  },
  { who: "constable", does: "read", what: "their line manager's record", target: own("sergeant"), allowed: false, because: "the relationship runs one way" },
  {
    who: "sergeant",
    does: "read",
    what: "the record of someone who reports to them",
    target: own("constable"),
    allowed: true,
    because: "a line manager sees their direct reports",
  },
  {
    who: "sergeant",
    does: "update",
    what: "the rank of someone who reports to them",
    target: own("constable", "rank"),
    allowed: false,
    because: "managers do not keep organisation data",
  },
  { who: "sergeant", does: "read", what: "the record of someone in another team", target: own("colleague"), allowed: false, because: "not their report" },
  {
    who: "daChampion",
    does: "read",
    what: "a colleague's record",
    target: own("colleague"),
    allowed: false,
    because: "a support role gives no sight of the directory",
  },
  {
    who: "constable",
    does: "read",
    what: "the list of units",
    target: { kind: "any", subject: "Unit" },
    allowed: true,
    because: "the organisation's structure is not secret",
  },
  { who: "constable", does: "update", what: "a unit", target: { kind: "any", subject: "Unit" }, allowed: false, because: "units are kept by administrators" },
  {
    who: "constable",
    does: "update",
    what: "a force's contacts",
    target: { kind: "any", subject: "Force" },
    allowed: false,
    because: "forces' contacts are kept by administrators",
  },
  {
    who: "administrator",
    does: "update",
    what: "a force's contacts",
    target: { kind: "any", subject: "Force" },
    allowed: true,
    because: "the referral chain reaches other forces and the PCC through them",
  },
  {
    who: "psdOfficer",
    does: "update",
    what: "a force's contacts",
    target: { kind: "any", subject: "Force" },
    allowed: false,
    because: "oversight is not administration",
  },
  {
    who: "constable",
    does: "read",
    what: "the audit trail",
    target: { kind: "any", subject: "AuditEvent" },
    allowed: false,
    because: "the audit trail is for oversight only",
  },
  {
    who: "constable",
    does: "read",
    what: "the administration pages",
    target: { kind: "any", subject: "AdminArea" },
    allowed: false,
    because: "administrators only",
  },
  {
    who: "administrator",
    does: "read",
    what: "the administration pages",
    target: { kind: "any", subject: "AdminArea" },
    allowed: true,
    because: "they keep people, units and roles",
  },
  { who: "administrator", does: "update", what: "a colleague's rank", target: own("colleague", "rank"), allowed: true, because: "they keep organisation data" },
  {
    who: "administrator",
    does: "create",
    what: "a role for someone else",
    target: { kind: "role-assignment", of: "constable" },
    allowed: true,
    because: "they assign roles",
  },
  {
    who: "administrator",
    does: "create",
    what: "a role for themselves",
    target: { kind: "role-assignment", of: "administrator" },
    allowed: false,
    because: "nobody grants themselves a role",
  },
  {
    who: "administrator",
    does: "unlock",
    what: "a locked account",
    target: { kind: "any", subject: "Credential" },
    allowed: true,
    because: "they help people locked out",
  },
  {
    who: "administrator",
    does: "read",
    what: "the audit trail",
    target: { kind: "any", subject: "AuditEvent" },
    allowed: true,
    because: "security events are theirs to watch",
  },
  {
    who: "psdOfficer",
    does: "read",
    what: "the audit trail",
    target: { kind: "any", subject: "AuditEvent" },
    allowed: true,
    because: "PSD oversees access to protected records",
  },
  {
    who: "psdOfficer",
    does: "read",
    what: "the administration pages",
    target: { kind: "any", subject: "AdminArea" },
    allowed: false,
    because: "oversight is not administration",
  },
  {
    who: "psdOfficer",
    does: "update",
    what: "a colleague's record",
    target: own("colleague", "rank"),
    allowed: false,
    because: "PSD does not edit organisation data",
  },
  {
    who: "psdOfficer",
    does: "unlock",
    what: "a locked account",
    target: { kind: "any", subject: "Credential" },
    allowed: false,
    because: "administrators only",
  },
  {
    who: "administrator",
    does: "list",
    what: "mail that could not be delivered",
    target: { kind: "any", subject: "OutboxMessage" },
    allowed: true,
    because: "a recipient the mail server refuses is theirs to put right",
  },
  {
    who: "psdOfficer",
    does: "list",
    what: "mail that could not be delivered",
    target: { kind: "any", subject: "OutboxMessage" },
    allowed: false,
    because: "administrators only",
  },
  {
    who: "constable",
    does: "list",
    what: "mail that could not be delivered",
    target: { kind: "any", subject: "OutboxMessage" },
    allowed: false,
    because: "administrators only",
  },
  { who: "daChampion", does: "read", what: "the audit trail", target: { kind: "any", subject: "AuditEvent" }, allowed: false, because: "oversight only" },
  // Four eyes on privilege (docs/decisions/023).
  {
    who: "administrator",
    does: "update",
    what: "their own rank",
    target: own("administrator", "rank"),
    allowed: false,
    because: "nobody changes their own rank, roles, unit or line manager",
  },
  {
    who: "administrator",
    does: "update",
    what: "their own line manager",
    target: own("administrator", "lineManagerId"),
    allowed: false,
    because: "nobody changes their own rank, roles, unit or line manager",
  },
  {
    who: "administrator",
    does: "update",
    what: "their own unit",
    target: own("administrator", "unitId"),
    allowed: false,
    because: "nobody changes their own rank, roles, unit or line manager",
  },
  {
    who: "administrator",
    does: "update",
    what: "their own work email",
    target: own("administrator", "workEmail"),
    allowed: false,
    because: "set-up links go there: another administrator changes it",
  },
  {
    who: "administrator",
    does: "update",
    what: "their own pronouns",
    target: own("administrator", "pronouns"),
    allowed: true,
    because: "people keep their own name and pronouns right",
  },
  {
    who: "administrator",
    does: "create",
    what: "a proposal to change a colleague's privilege",
    target: { kind: "proposal", by: "administrator", about: "colleague" },
    allowed: true,
    because: "a role given, rank, unit, line manager or work email waits for a second administrator",
  },
  {
    who: "administrator",
    does: "create",
    what: "a proposal to change their own privilege",
    target: { kind: "proposal", by: "administrator", about: "administrator" },
    allowed: false,
    because: "nobody proposes a change to their own privilege",
  },
  {
    who: "administrator",
    does: "decide",
    what: "a proposal they made themselves",
    target: { kind: "proposal", by: "administrator", about: "colleague" },
    allowed: false,
    because: "four eyes: the proposer never approves their own change",
  },
  {
    who: "administrator",
    does: "decide",
    what: "another administrator's proposal about a colleague",
    target: { kind: "proposal", by: "sergeant", about: "colleague" },
    allowed: true,
    because: "the second pair of eyes",
  },
  {
    who: "administrator",
    does: "decide",
    what: "another's proposal about themselves",
    target: { kind: "proposal", by: "sergeant", about: "administrator" },
    allowed: false,
    because: "nobody approves a change to their own privilege",
  },
  {
    who: "administrator",
    does: "withdraw",
    what: "a proposal they made themselves",
    target: { kind: "proposal", by: "administrator", about: "colleague" },
    allowed: true,
    because: "they may take back what they proposed",
  },
  {
    who: "psdOfficer",
    does: "decide",
    what: "a proposal to change someone's privilege",
    target: { kind: "proposal", by: "sergeant", about: "colleague" },
    allowed: false,
    because: "PSD is told of every proposal; deciding is administration",
  },
  {
    who: "constable",
    does: "create",
    what: "a proposal to give themselves a role",
    target: { kind: "proposal", by: "constable", about: "constable" },
    allowed: false,
    because: "administrators only, and never about themselves",
  },
  {
    who: "constable",
    does: "list",
    what: "where they are signed in",
    target: { kind: "session", of: "constable" },
    allowed: true,
    because: "people see their own sessions",
  },
  {
    who: "constable",
    does: "end",
    what: "one of their own sessions",
    target: { kind: "session", of: "constable" },
    allowed: true,
    because: "a lost phone or a shared screen is signed out by its owner",
  },
  {
    who: "constable",
    does: "end",
    what: "a colleague's session",
    target: { kind: "session", of: "colleague" },
    allowed: false,
    because: "only the owner ends their sessions",
  },
  {
    who: "administrator",
    does: "list",
    what: "a colleague's sessions",
    target: { kind: "session", of: "colleague" },
    allowed: false,
    because: "where someone is signed in from is theirs alone",
  },
  {
    who: "psdOfficer",
    does: "end",
    what: "a constable's session",
    target: { kind: "session", of: "constable" },
    allowed: false,
    because: "only the owner ends their sessions",
  },
  // The monitoring figures (docs/features/monitoring-figures.md) and the read-only auditor.
  ...(
    [
      ["psdOfficer", "read", true, "PSD monitors PPDA handling"],
      ["psdOfficer", "export", true, "each table downloads as CSV, audited"],
      ["auditor", "read", true, "the auditor reads the figures"],
      ["auditor", "export", true, "each table downloads as CSV, audited"],
      ["constable", "read", false, "figures are for oversight"],
      ["administrator", "read", false, "administration gives no sight of case figures"],
      ["daChampion", "export", false, "a support role gives no sight of figures"],
    ] as const
  ).map(([who, does, allowed, because]) => ({
    who,
    does,
    what: "the monitoring figures",
    target: { kind: "any", subject: "MonitoringFigures" } as const,
    allowed,
    because,
  })),
  {
    who: "auditor",
    does: "read",
    what: "the audit trail",
    target: { kind: "any", subject: "AuditEvent" },
    allowed: true,
    because: "the auditor reads the general trail",
  },
  { who: "auditor", does: "read", what: "the audit trail page", target: { kind: "any", subject: "SecurityOverview" }, allowed: true, because: "read only" },
  {
    who: "auditor",
    does: "create",
    what: "an audit entry",
    target: { kind: "any", subject: "AuditEvent" },
    allowed: false,
    because: "the trail is written by the portal only",
  },
  {
    who: "auditor",
    does: "read",
    what: "the administration pages",
    target: { kind: "any", subject: "AdminArea" },
    allowed: false,
    because: "the auditor administers nothing",
  },
  { who: "auditor", does: "read", what: "a colleague's record", target: own("colleague"), allowed: false, because: "the auditor sees no one's record" },
  { who: "auditor", does: "update", what: "a unit", target: { kind: "any", subject: "Unit" }, allowed: false, because: "read only" },
  {
    who: "auditor",
    does: "list",
    what: "failed mail",
    target: { kind: "any", subject: "OutboxMessage" },
    allowed: false,
    because: "mail is the administrators' to put right",
  },
  { who: "auditor", does: "unlock", what: "a locked account", target: { kind: "any", subject: "Credential" }, allowed: false, because: "read only" },
];
