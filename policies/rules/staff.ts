import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";

/** The optional equality answers on a person's own profile, used only in aggregate (app/models/figures/equality.ts). */
export const EQUALITY_FIELDS = ["gender", "ethnicity"];

/** Fields of their own record an employee may change themselves. */
export const SELF_EDITABLE_PERSON_FIELDS = ["preferredName", "pronouns", ...EQUALITY_FIELDS];

/** Every employee: their own record and sessions, the organisation's units. */
export function staffRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  can("read", "Person", { id: person.id });
  can("update", "Person", SELF_EDITABLE_PERSON_FIELDS, { id: person.id });
  can(["read", "list"], "Unit");
  // Only the owner sees and ends their sessions: no role, administrators included, reaches anyone else's.
  can(["list", "end"], "Session", { personId: person.id });
}
