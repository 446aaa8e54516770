import type { AbilityBuilder } from "@casl/ability";
import type { Role } from "~/generated/prisma/enums";
import { LEVEL } from "~/models/people/rank";
import type { AppAbility, PolicyPerson } from "../subjects";

/** Roles whose holders work a support service's queue in the portal (SupportService.queueRole). */
export const SUPPORT_QUEUE_ROLES: readonly Role[] = ["STAFF_IDVA_LIAISON", "DA_CHAMPION", "OCCUPATIONAL_HEALTH", "WELFARE"];
/** Roles that may record a structured risk assessment on a request shared with their service. */
export const RISK_ASSESSOR_ROLES: readonly Role[] = ["STAFF_IDVA_LIAISON"];
/** Safeguarding leads who may record a safeguarding override (children at risk, high risk of serious harm). */
export const SAFEGUARDING_OVERRIDE_ROLES: readonly Role[] = ["DA_COORDINATOR"];
/** Who makes the threat-to-life decision on a high-risk request: a duty inspector of inspector rank or above. */
export const THREAT_TO_LIFE_ROLES: readonly Role[] = ["DUTY_INSPECTOR"];

/** The parts of a request an employee chooses to share, each on its own. */
export const SHARE_ITEMS = ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] as const;
export type ShareItem = (typeof SHARE_ITEMS)[number];
/** Audit rows about support records: never in the general audit trail, only in the employee's own ledger. */
export const SUPPORT_AUDIT_SUBJECTS = ["SupportRequest", "SafetyMeasure"];

const SHARE_ACTION = { IDENTITY: "readIdentity", MESSAGE: "readMessage", SAFE_CONTACT: "readSafeContact" } as const;
/** A request that has been sent: a draft is never anyone else's. */
export const SENT = { status: { not: "DRAFT" as const } };

/**
 * Not in the conflict set of the colleague the employee named as the person harming them (where they named one):
 * neither that colleague nor anyone above them in line management as it is now (`LineChain`, kept by the database,
 * ADR 024), so a new manager is conflicted from their next request on. In memory the record must carry
 * `abuserPersonId` (a missing field reads as null) and `abuserPerson.chain` (the rows for this reader are enough:
 * `conflictFacts` in app/models/support-request/record.server.ts selects both).
 */
export const REQUEST_CONFLICT_FACTS = ["abuserPersonId", "abuserPerson", "employee"] as const;

/**
 * Not above the employee in line management now (`employee.chain` in memory, the rows for this reader are enough):
 * a high-risk request or a missed deadline goes to duty inspectors and safeguarding leads, never to the employee's
 * own chain of command (docs/features/risk-escalation.md).
 */
export function notAboveTheEmployee(personId: string) {
  return { employee: { is: { chain: { every: { ancestorId: { not: personId } } } } } };
}

export function notConflictedOnRequest(personId: string) {
  return {
    AND: [{ OR: [{ abuserPersonId: null }, { abuserPerson: { is: { chain: { every: { ancestorId: { not: personId } } } } } }] }],
  };
}

/**
 * The confidential support route. Deny by default: a request is the employee's own; anyone else reaches it only
 * through a consent the employee gave and has not withdrawn (to their service's queue role, or to them by name),
 * and sees only the parts that consent shares. A draft is never anyone else's. The one exception is a safeguarding
 * override, recorded with its reason by a safeguarding lead and shown in the employee's ledger.
 */
export function supportRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  can("read", "SupportService", { active: true });

  const own = { employeeId: person.id };
  can("create", "SupportRequest", own);
  can(["list", "read", "readIdentity", "readMessage", "readSafeContact", "message", "manageConsent", "readRisk"], "SupportRequest", own);
  can("update", "SupportRequest", { ...own, status: "DRAFT" });

  // Every rule on someone else's request starts with `notConflicted`: whatever the consent or role, nobody in the
  // named colleague's conflict set reaches it, and for them it does not exist.
  const notConflicted = notConflictedOnRequest(person.id);
  // Someone else's request, through an active consent: to a service (everyone holding its queue role) or to them.
  const queueRoles = person.roles.filter((role) => SUPPORT_QUEUE_ROLES.includes(role));
  const consented = (holder: object, share?: ShareItem) => ({
    ...notConflicted,
    ...SENT,
    employeeId: { not: person.id },
    consents: { some: { ...holder, withdrawnAt: null, ...(share ? { shares: { has: share } } : {}) } },
  });
  if (queueRoles.length > 0) {
    const service = { queueRole: { in: [...queueRoles] } };
    can(["list", "read", "work", "message"], "SupportRequest", consented(service));
    for (const share of SHARE_ITEMS) can(SHARE_ACTION[share], "SupportRequest", consented(service, share));
    if (person.roles.some((role) => RISK_ASSESSOR_ROLES.includes(role))) can(["assessRisk", "readRisk", "manageIdva"], "SupportRequest", consented(service));
    // The service owns the deadlines on what it works: acknowledging it, first contact, the IDVA referral.
    can("readRiskItems", "SupportRequest", consented(service));
  }
  const byName = { personId: person.id };
  can(["list", "read"], "SupportRequest", consented(byName));
  for (const share of SHARE_ITEMS) can(SHARE_ACTION[share], "SupportRequest", consented(byName, share));

  // Safeguarding override: a safeguarding lead told of a request assessed as high risk (a supporter's professional
  // judgement raises the level where children are at risk) may record one, with the reason; from then on they see
  // the whole request, and the employee's ledger says so. No other request is open to an override.
  const othersSent = { ...notConflicted, ...SENT, employeeId: { not: person.id } };
  const highRisk = { ...othersSent, risks: { some: { level: "HIGH" as const } } };
  // What this feature opens to roles beyond the service never reaches the employee's own chain of command.
  const outsideTheirChain = { AND: [...notConflicted.AND, notAboveTheEmployee(person.id)] };
  if (person.roles.some((role) => SAFEGUARDING_OVERRIDE_ROLES.includes(role))) {
    const now = person.now ?? new Date();
    can("overrideConsent", "SupportRequest", highRisk);
    // A high-risk assessment tells the safeguarding leads: they see that the request exists (not its content) and
    // decide whether to record an override. They own the MARAC referral it opens.
    can(["list", "read", "readRiskItems", "manageMarac"], "SupportRequest", highRisk);
    // A child-protection concern noted by the assessor opens a (child-protection) override at any risk level.
    const childConcern = { ...othersSent, ...outsideTheirChain, risks: { some: { childConcern: true } } };
    can(["list", "read", "overrideConsent"], "SupportRequest", childConcern);
    // A deadline the service missed, reminded and then escalated, comes to the safeguarding leads: they see that the
    // request exists and what is overdue, not its content.
    const escalated = { ...othersSent, ...outsideTheirChain, riskItems: { some: { escalatedAt: { not: null }, closedAt: null } } };
    can(["list", "read", "readRiskItems"], "SupportRequest", escalated);
    can(["list", "read", "readIdentity", "readMessage", "readSafeContact", "readRisk", "assessRisk"], "SupportRequest", {
      ...notConflicted,
      ...SENT,
      employeeId: { not: person.id },
      // Time-limited like break-glass: after it expires the lead sees the request as before, until a new override.
      overrides: { some: { personId: person.id, expiresAt: { gt: now } } },
    });
  }

  // High risk goes to the duty inspector for a threat-to-life decision: they see that the request exists and its
  // tracked items, never its content; only an inspector or above may decide.
  if (person.roles.some((role) => THREAT_TO_LIFE_ROLES.includes(role))) {
    const highRiskOutsideTheirChain = { ...highRisk, ...outsideTheirChain };
    can(["list", "read", "readRiskItems"], "SupportRequest", highRiskOutsideTheirChain);
    if (person.level >= LEVEL.INSPECTOR) can("decideThreatToLife", "SupportRequest", highRiskOutsideTheirChain);
  }
}

/** Administrators keep the support directory; that gives them nothing on anyone's request. */
export function supportDirectoryAdministration({ can }: AbilityBuilder<AppAbility>): void {
  can(["list", "read", "update"], "SupportService");
}
