import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";

/** A line manager sees the records of the people who report to them directly (and no further down the chain). */
export function lineManagerRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  can(["read", "list"], "Person", { lineManagerId: person.id });
}
