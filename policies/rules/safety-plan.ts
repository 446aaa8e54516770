import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";
import { notConflictedOnRequest, SENT, SUPPORT_QUEUE_ROLES } from "./support";

/**
 * The workplace safety plan (docs/features/safety-plan.md). A measure is the employee's own. A supporter of the service on the
 * linked request (while that consent stands) may read it and propose changes, which the employee must agree again.
 * Anyone else sees one measure, and nothing else, only while the employee's grant to them by name stands and the
 * measure is agreed: no grant, no sight; withdrawn, not found. A grant never reaches the request it came from.
 */
export function safetyPlanRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  const own = { employeeId: person.id };
  can(["list", "read", "create", "update", "agree", "manageConsent"], "SafetyMeasure", own);

  const queueRoles = person.roles.filter((role) => SUPPORT_QUEUE_ROLES.includes(role));
  if (queueRoles.length > 0) {
    const onTheirRequest = {
      employeeId: { not: person.id },
      // Not in the conflict set of the colleague the employee named on that request (as the line chain is now).
      request: {
        is: {
          ...notConflictedOnRequest(person.id),
          ...SENT,
          employeeId: { not: person.id },
          consents: { some: { queueRole: { in: [...queueRoles] }, withdrawnAt: null } },
        },
      },
    };
    can(["list", "read", "create", "update"], "SafetyMeasure", onTheirRequest);
  }

  can(["list", "read"], "SafetyMeasure", {
    employeeId: { not: person.id },
    agreedAt: { not: null },
    grants: { some: { personId: person.id, withdrawnAt: null } },
  });

  // A line manager may suggest a measure to someone who reports to them now, for that person to agree or not. The
  // suggestion gives them no sight of it (nor of the plan): they see a measure only if the employee grants it.
  can("create", "SafetyMeasure", {
    employeeId: { not: person.id },
    proposedById: person.id,
    agreedAt: null,
    requestId: null,
    employee: { is: { lineManagerId: person.id, active: true } },
  });
}
