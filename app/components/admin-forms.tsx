// Fields of the administration forms (people and units), built from the generic controls in components/ui. Plain
// HTML controls: every form works without JavaScript.
import { CheckboxField, GroupedSelectField, RadioGroup, TextField } from "~/components/ui";
import { RANK_LABELS, RANKS_IN_ORDER } from "~/models/rank";
import { ROLE_LABELS } from "~/models/roles";
import type { Rank, Role, UnitKind } from "~/generated/prisma/enums";
import type { PersonChoice } from "~/models/person.server";

type Errors = Record<string, string> | undefined;
type Values = Record<string, string>;

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
  values,
  errors,
  hint,
}: {
  name: string;
  label: string;
  choices: PersonChoice[] | null;
  forces: { id: string; name: string }[];
  values: Values;
  errors: Errors;
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
        defaultValue={values[`${name}Email`] ?? ""}
        error={errors?.[`${name}Email`]}
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
      defaultValue={values[`${name}Id`] ?? ""}
      error={errors?.[`${name}Id`]}
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
  values,
  errors,
  checkedRoles,
  rolesLocked,
}: {
  options: PersonFormOptions;
  values: Values;
  errors: Errors;
  checkedRoles: readonly string[];
  rolesLocked: boolean;
}) {
  const forceName = new Map(options.forces.map((force) => [force.id, force.name]));
  return (
    <>
      <h2>Name</h2>
      <TextField name="firstName" label="First name" defaultValue={values.firstName ?? ""} error={errors?.firstName} autoComplete="off" />
      <TextField name="lastName" label="Last name" defaultValue={values.lastName ?? ""} error={errors?.lastName} autoComplete="off" />
      <TextField
        name="preferredName"
        label="Preferred name (optional)"
        hint="The first name they would like to be called. The portal shows it exactly as written here."
        defaultValue={values.preferredName ?? ""}
        error={errors?.preferredName}
        autoComplete="off"
      />
      <TextField name="pronouns" label="Pronouns (optional)" hint="For example, she/her, he/him, they/them." defaultValue={values.pronouns ?? ""} error={errors?.pronouns} autoComplete="off" />
      <TextField
        name="workEmail"
        label="Work email address"
        hint="They sign in with it. It is stored in lower case and must not belong to anyone else."
        type="email"
        spellCheck={false}
        defaultValue={values.workEmail ?? ""}
        error={errors?.workEmail}
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
        defaultValue={values.employeeType}
        error={errors?.employeeType}
      />
      <GroupedSelectField
        name="rank"
        label="Rank (police officers)"
        hint="Leave empty for police staff."
        blank="Not an officer"
        options={RANKS_IN_ORDER.map((rank) => ({ value: rank, label: RANK_LABELS[rank] }))}
        defaultValue={values.rank ?? ""}
        error={errors?.rank}
      />
      <TextField name="collarNumber" label="Collar number (police officers, optional)" defaultValue={values.collarNumber ?? ""} error={errors?.collarNumber} autoComplete="off" />
      <GroupedSelectField
        name="staffGradeCode"
        label="Staff grade (police staff)"
        hint="Leave empty for police officers. Each grade counts as the rank shown for the portal's rules."
        blank="Not police staff"
        options={options.staffGrades.map((grade) => ({ value: grade.code, label: `${grade.title} (equivalent to ${RANK_LABELS[grade.equivalentRank].toLowerCase()})` }))}
        defaultValue={values.staffGradeCode ?? ""}
        error={errors?.staffGradeCode}
      />
      <GroupedSelectField
        name="forceId"
        label="Force"
        options={options.forces.map((force) => ({ value: force.id, label: force.name }))}
        defaultValue={values.forceId ?? ""}
        error={errors?.forceId}
      />
      <GroupedSelectField
        name="unitId"
        label="Unit (optional)"
        hint="Choose a unit of the person's force."
        blank="No unit"
        options={options.units.map((unit) => ({ value: unit.id, label: unit.name, group: forceName.get(unit.forceId) }))}
        defaultValue={values.unitId ?? ""}
        error={errors?.unitId}
      />
      <PersonPicker
        name="lineManager"
        label="Line manager"
        hint="Someone in the person's force who does not report to them."
        choices={options.managers}
        forces={options.forces}
        values={values}
        errors={errors}
      />

      <h2>Access</h2>
      <CheckboxField
        name="active"
        label="Active: they can sign in"
        hint="Untick to deactivate the account. Deactivating also signs them out everywhere at once."
        defaultChecked={values.active === "on"}
        error={errors?.active}
      />
      <fieldset id="roles" className={`mb-6 ${errors?.roles ? "border-l-4 border-error pl-3" : ""}`} aria-describedby={rolesLocked ? "roles-hint" : undefined}>
        <legend className="label">Roles in the portal</legend>
        <span id="roles-hint" className="hint">
          {rolesLocked
            ? "You cannot change your own roles. Ask another administrator."
            : "Everyone is staff. Tick the extra roles this person holds."}
        </span>
        {errors?.roles ? (
          <span id="roles-error" className="field-error">
            <span className="sr-only">Error:</span> {errors.roles}
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
  values,
  errors,
  forces,
  commanders,
  chooseForce,
}: {
  values: Values;
  errors: Errors;
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
          defaultValue={values.forceId ?? ""}
          error={errors?.forceId}
        />
      ) : null}
      <TextField name="name" label="Name" hint="Each unit's name is different from the others in its force." defaultValue={values.name ?? ""} error={errors?.name} autoComplete="off" />
      <RadioGroup name="kind" legend="Kind of unit" options={UNIT_KIND_OPTIONS} defaultValue={values.kind} error={errors?.kind} />
      <PersonPicker
        name="commander"
        label="Commander"
        hint="Someone in the unit's force."
        choices={commanders}
        forces={forces}
        values={values}
        errors={errors}
      />
    </>
  );
}
