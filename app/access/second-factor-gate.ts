// Who must enrol a second factor before reaching anything protected (issue 15, ADR 029): everyone holding a role that
// four eyes guards (the same list), until they have one.
import type { Role } from "~/generated/prisma/enums";
import { PRIVILEGED_ROLES } from "~/models/people/proposal-rules";

export const SECOND_FACTOR_PAGE = "/account/second-factor";

/** Sign-out and the quick exit must always work; the enrolment page is where they are sent. */
const REACHABLE = new Set([SECOND_FACTOR_PAGE, "/sign-out", "/quick-exit"]);

export function requiresSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((role) => PRIVILEGED_ROLES.includes(role));
}

/** The identity provider asserted multi-factor sign-in for this session, and the portal checked it (ADR 031). */
export const PROVIDER_MFA_METHOD = "sso+mfa";

export function mustEnrolSecondFactor(actor: { roles: readonly Role[]; hasSecondFactor: boolean; signInMethod?: string }): boolean {
  return !actor.hasSecondFactor && actor.signInMethod !== PROVIDER_MFA_METHOD && requiresSecondFactor(actor.roles);
}

/** Whether `pathname` stays open to someone who must enrol first (a client-side data request ends in `.data`). */
export function reachableBeforeEnrolment(pathname: string): boolean {
  const path = pathname.replace(/\.data$/, "").replace(/\/+$/, "") || "/";
  return REACHABLE.has(path.toLowerCase());
}
