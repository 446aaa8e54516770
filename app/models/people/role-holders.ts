// Who counts as holding a role when the portal tells role holders something: a duty inspector's mail (a threat-to-life
// referral, a risk deadline) goes only to holders of the role of inspector rank or above, the rank that may act on it
// (docs/features/risk-escalation.md). A sergeant given the role is not told what they could not decide.
import type { Role } from "~/generated/prisma/enums";
import { LEVEL } from "./rank";

/** The least level at which a role's holder is told of what the role acts on. */
const MIN_LEVEL_TO_BE_TOLD: Partial<Record<Role, number>> = { DUTY_INSPECTOR: LEVEL.INSPECTOR };

/** A person filter: holds one of `roles`, at the level that role needs. */
export function holdsOneOf(roles: readonly Role[]) {
  const unranked = roles.filter((role) => MIN_LEVEL_TO_BE_TOLD[role] === undefined);
  const ranked = roles.filter((role) => MIN_LEVEL_TO_BE_TOLD[role] !== undefined);
  return {
    OR: [
      ...(unranked.length ? [{ roles: { some: { role: { in: unranked } } } }] : []),
      ...ranked.map((role) => ({ roles: { some: { role } }, level: { gte: MIN_LEVEL_TO_BE_TOLD[role] } })),
    ],
  };
}
