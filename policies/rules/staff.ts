import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";

/** Fields of their own record an employee may change themselves. */
export const SELF_EDITABLE_PERSON_FIELDS = ["preferredName", "pronouns"];

/** Every employee: their own record and sessions, the organisation's units. */
export function staffRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  can("read", "Person", { id: person.id });
  can("update", "Person", SELF_EDITABLE_PERSON_FIELDS, { id: person.id });
  can(["read", "list"], "Unit");
  // Only the owner sees and ends their sessions: no role, administrators included, reaches anyone else's.
  can(["list", "end"], "Session", { personId: person.id });
}
