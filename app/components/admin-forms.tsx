// Fields of the administration forms (people and units), built from the generic controls in components/ui. Plain
// HTML controls: every form works without JavaScript.
import { CheckboxField, GroupedSelectField, RadioGroup, TextField } from "~/components/ui";
import { RANK_LABELS, RANKS_IN_ORDER } from "~/models/people/rank";
import { ROLE_LABELS } from "~/models/people/roles";
import type { Rank, Role, UnitKind } from "~/generated/prisma/enums";
import type { PersonChoice } from "~/models/people/person.server";
import type { FormState } from "~/components/ui/use-form-reply";
import { AddressingFields } from "./person-fields";

/** The order of the person form's fields, for its error summary. */
export const PERSON_FIELD_ORDER = [
  "form",
  "firstName",
  "lastName",
  "preferredName",
  "pronouns",
  "workEmail",
  "employeeType",
  "rank",
  "collarNumber",
  "staffGradeCode",
  "forceId",
  "unitId",
  "lineManagerId",
  "lineManagerEmail",
  "active",
  "roles",
];

/**
 * Choose a person (a line manager, a commander): a list grouped by force, or, when there are too many people for a
 * list (`choices` is null), a box for their work email address.
 */
export function PersonPicker({
  name,
  label,
  choices,
  forces,
  form,
  hint,
}: {
  name: string;
  label: string;
  choices: PersonChoice[] | null;
  forces: { id: string; name: string }[];
  form: FormState;
  hint?: string;
}) {
  if (choices === null) {
    return (
      <TextField
        name={`${name}Email`}
        label={`${label}: work email address (optional)`}
        hint={`${hint ? `${hint} ` : ""}Leave it empty for nobody.`}
        type="email"
        spellCheck={false}
        defaultValue={form.text(`${name}Email`)}
        error={form.errors[`${name}Email`]}
      />
    );
  }
  const forceName = new Map(forces.map((force) => [force.id, force.name]));
  return (
    <GroupedSelectField
      name={`${name}Id`}
      label={`${label} (optional)`}
      hint={hint}
      blank="Nobody"
      options={choices.map((choice) => ({ value: choice.id, label: choice.label, group: forceName.get(choice.forceId) }))}
      defaultValue={form.text(`${name}Id`)}
      error={form.errors[`${name}Id`]}
    />
  );
}

export interface PersonFormOptions {
  forces: { id: string; name: string }[];
  staffGrades: { code: string; title: string; equivalentRank: Rank }[];
  units: { id: string; name: string; forceId: string }[];
  managers: PersonChoice[] | null;
}

/** Every field of the person form except the version; used by the add and the change pages. */
export function PersonFields({
  options,
  form,
  lockedRoles,
}: {
  options: PersonFormOptions;
  form: FormState;
  /** The roles held, when the administrator may not change them (their own): shown ticked and disabled. */
  lockedRoles?: readonly string[];
}) {
  const rolesLocked = lockedRoles !== undefined;
  const checkedRoles = lockedRoles ?? form.list("roles");
  const forceName = new Map(options.forces.map((force) => [force.id, force.name]));
  return (
    <>
      <h2>Name</h2>
      <TextField name="firstName" label="First name" defaultValue={form.text("firstName")} error={form.errors.firstName} autoComplete="off" />
      <TextField name="lastName" label="Last name" defaultValue={form.text("lastName")} error={form.errors.lastName} autoComplete="off" />
      <AddressingFields form={form} own={false} />
      <TextField
        name="workEmail"
        label="Work email address"
        hint="They sign in with it. It is stored in lower case and must not belong to anyone else."
        type="email"
        spellCheck={false}
        defaultValue={form.text("workEmail")}
        error={form.errors.workEmail}
        autoComplete="off"
      />

      <h2>Employment</h2>
      <RadioGroup
        name="employeeType"
        legend="Police officer or police staff"
        options={[
          { value: "OFFICER", label: "Police officer" },
          { value: "STAFF", label: "Police staff" },
        ]}
        defaultValue={form.text("employeeType")}
        error={form.errors.employeeType}
      />
      <GroupedSelectField
        name="rank"
        label="Rank (police officers)"
        hint="Leave empty for police staff."
        blank="Not an officer"
        options={RANKS_IN_ORDER.map((rank) => ({ value: rank, label: RANK_LABELS[rank] }))}
        defaultValue={form.text("rank")}
        error={form.errors.rank}
      />
      <TextField
        name="collarNumber"
        label="Collar number (police officers, optional)"
        defaultValue={form.text("collarNumber")}
        error={form.errors.collarNumber}
        autoComplete="off"
      />
      <GroupedSelectField
        name="staffGradeCode"
        label="Staff grade (police staff)"
        hint="Leave empty for police officers. Each grade counts as the rank shown for the portal's rules."
        blank="Not police staff"
        options={options.staffGrades.map((grade) => ({
          value: grade.code,
          label: `${grade.title} (equivalent to ${RANK_LABELS[grade.equivalentRank].toLowerCase()})`,
        }))}
        defaultValue={form.text("staffGradeCode")}
        error={form.errors.staffGradeCode}
      />
      <GroupedSelectField
        name="forceId"
        label="Force"
        options={options.forces.map((force) => ({ value: force.id, label: force.name }))}
        defaultValue={form.text("forceId")}
        error={form.errors.forceId}
      />
      <GroupedSelectField
        name="unitId"
        label="Unit (optional)"
        hint="Choose a unit of the person's force."
        blank="No unit"
        options={options.units.map((unit) => ({ value: unit.id, label: unit.name, group: forceName.get(unit.forceId) }))}
        defaultValue={form.text("unitId")}
        error={form.errors.unitId}
      />
      <PersonPicker
        name="lineManager"
        label="Line manager"
        hint="Someone in the person's force who does not report to them."
        choices={options.managers}
        forces={options.forces}
        form={form}
      />

      <h2>Access</h2>
      <CheckboxField
        name="active"
        label="Active: they can sign in"
        hint="Untick to deactivate the account. Deactivating also signs them out everywhere at once."
        defaultChecked={form.text("active") === "on"}
        error={form.errors.active}
      />
      <fieldset
        id="roles"
        className={`mb-6 ${form.errors.roles ? "border-l-4 border-error pl-3" : ""}`}
        aria-describedby={rolesLocked ? "roles-hint" : undefined}
      >
        <legend className="label">Roles in the portal</legend>
        <span id="roles-hint" className="hint">
          {rolesLocked
            ? "You cannot change your own roles. Ask another administrator."
            : "Everyone is staff. Tick the extra roles this person holds. A role given waits for a second administrator's approval; a role taken away ends at once."}
        </span>
        {form.errors.roles ? (
          <span id="roles-error" className="field-error">
            <span className="sr-only">Error:</span> {form.errors.roles}
          </span>
        ) : null}
        {rolesLocked ? null : <input type="hidden" name="rolesEditable" value="1" />}
        <div className="grid gap-1 sm:grid-cols-2">
          {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
            <div key={role} className="flex items-center gap-2">
              <input
                type="checkbox"
                id={`roles-${role}`}
                name="roles"
                value={role}
                defaultChecked={checkedRoles.includes(role)}
                disabled={rolesLocked}
                className="h-5 w-5"
              />
              <label htmlFor={`roles-${role}`}>{ROLE_LABELS[role]}</label>
            </div>
          ))}
        </div>
      </fieldset>
    </>
  );
}

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  BCU: "Basic command unit (BCU)",
  OCU: "Operational command unit (OCU)",
  DEPARTMENT: "Department",
};

const UNIT_KIND_OPTIONS = (Object.keys(UNIT_KIND_LABELS) as UnitKind[]).map((kind) => ({ value: kind, label: UNIT_KIND_LABELS[kind] }));

/** The fields of the unit form (the force is chosen only when a unit is added). */
export function UnitFields({
  form,
  forces,
  commanders,
  chooseForce,
}: {
  form: FormState;
  forces: { id: string; name: string }[];
  commanders: PersonChoice[] | null;
  chooseForce: boolean;
}) {
  return (
    <>
      {chooseForce ? (
        <GroupedSelectField
          name="forceId"
          label="Force"
          hint="A unit stays in the force it was added to."
          options={forces.map((force) => ({ value: force.id, label: force.name }))}
          defaultValue={form.text("forceId")}
          error={form.errors.forceId}
        />
      ) : null}
      <TextField
        name="name"
        label="Name"
        hint="Each unit's name is different from the others in its force."
        defaultValue={form.text("name")}
        error={form.errors.name}
        autoComplete="off"
      />
      <RadioGroup name="kind" legend="Kind of unit" options={UNIT_KIND_OPTIONS} defaultValue={form.text("kind")} error={form.errors.kind} />
      <PersonPicker name="commander" label="Commander" hint="Someone in the unit's force." choices={commanders} forces={forces} form={form} />
    </>
  );
}
