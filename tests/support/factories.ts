// Small data factories for database tests: each makes just the rows a test needs, with clearly fictional defaults
// that a test overrides where it matters. Use them instead of the whole demo seed when a test needs a few people.
// Names, emails and unit names carry a counter, so a test can make as many as it likes in one database.
import { SUPPORT_DIRECTORY } from "../../prisma/support-directory";
import type { Db } from "~/db.server";
import type { Force, Person, SupportService, Unit } from "~/generated/prisma/client";
import type { EmployeeType, Rank, Role, SupportServiceKind, UnitKind } from "~/generated/prisma/enums";
import type { IntakeForm } from "~/models/cases/case.server";
import { rankLevel } from "~/models/people/rank";
import type { ChainTiming } from "~/models/referrals/chain.server";
import { contextForPerson } from "./people";

// The case and support-request factories load their models when first used: a test that only needs people and
// units does not pay for importing them.

let counter = 0;
const next = () => ++counter;

/** A force, the home force unless `isHome: false`. */
export async function makeForce(prisma: Db, overrides: { name?: string; shortName?: string; isHome?: boolean; psdContactEmail?: string } = {}): Promise<Force> {
  const n = next();
  return prisma.force.create({ data: { name: `Testshire ${n} Constabulary (fictional)`, shortName: `TS${n}`, isHome: true, ...overrides } });
}

/** The home force, made the first time a factory needs one. */
export async function homeForce(prisma: Db): Promise<Force> {
  return (await prisma.force.findFirst({ where: { isHome: true } })) ?? makeForce(prisma);
}

/** A unit of the home force (or of `forceId`), with no commander unless one is given. */
export async function makeUnit(prisma: Db, overrides: { forceId?: string; name?: string; kind?: UnitKind; commanderId?: string | null } = {}): Promise<Unit> {
  const forceId = overrides.forceId ?? (await homeForce(prisma)).id;
  return prisma.unit.create({ data: { name: `Fictional Unit ${next()}`, kind: "DEPARTMENT", ...overrides, forceId } });
}

export interface PersonOverrides {
  forceId?: string;
  unitId?: string | null;
  lineManagerId?: string | null;
  firstName?: string;
  lastName?: string;
  preferredName?: string | null;
  pronouns?: string | null;
  workEmail?: string;
  employeeType?: EmployeeType;
  /** An officer's rank (constable unless given); police staff have none and are at `level`. */
  rank?: Rank | null;
  level?: number;
  roles?: Role[];
  active?: boolean;
}

/** A person of the home force (or of `forceId`): a constable with no unit, line manager or role unless given. */
export async function makePerson(prisma: Db, overrides: PersonOverrides = {}): Promise<Person> {
  const n = next();
  const { roles = [], ...fields } = overrides;
  const forceId = fields.forceId ?? (await homeForce(prisma)).id;
  const firstName = fields.firstName ?? "Robin";
  const lastName = fields.lastName ?? `Fictional-${n}`;
  const employeeType = fields.employeeType ?? "OFFICER";
  const rank = fields.rank === undefined ? (employeeType === "OFFICER" ? "CONSTABLE" : null) : fields.rank;
  return prisma.person.create({
    data: {
      ...fields,
      forceId,
      firstName,
      lastName,
      workEmail: fields.workEmail ?? `${firstName}.${lastName}.${n}@factory.test.invalid`.toLowerCase().replace(/[^a-z0-9.@-]/g, ""),
      employeeType,
      rank,
      level: fields.level ?? (rank ? rankLevel(rank) : 1),
      roles: { create: roles.map((role) => ({ role })) },
    },
  });
}

/** A service of the support directory, as the portal ships it (the staff IDVA service unless `kind` is given). */
export async function makeSupportService(prisma: Db, kind: SupportServiceKind = "STAFF_IDVA", overrides: { active?: boolean } = {}): Promise<SupportService> {
  const entry = SUPPORT_DIRECTORY.find((service) => service.kind === kind);
  if (!entry) throw new Error(`no support service of kind ${kind}`);
  return prisma.supportService.create({ data: { ...entry, ...overrides } });
}

/**
 * A support request the employee sends (or, with `send: false`, keeps as a draft) through the model, as the form
 * would: a fictional message shared with the service, to be contacted by work email. `fields` override the form.
 */
export async function makeSupportRequest(
  prisma: Db,
  employeeId: string,
  serviceId: string,
  options: { send?: boolean; fields?: Record<string, unknown> } = {},
): Promise<{ id: string }> {
  const [{ checkRequestForm }, { saveRequest }] = await Promise.all([
    import("~/models/support-request/request-form"),
    import("~/models/support-request/request.server"),
  ]);
  const send = options.send ?? true;
  const raw = {
    serviceId,
    message: "Fictional: please contact me about work.",
    shareWithService: ["MESSAGE", "SAFE_CONTACT"],
    safeChannels: ["WORK_EMAIL"],
    termsAccepted: "on",
    ...options.fields,
  };
  const checked = checkRequestForm(raw, send ? "send" : "save", new Set([serviceId]));
  if (!checked.ok) throw new Error(`the support request form was refused: ${JSON.stringify(checked.errors)}`);
  return saveRequest(await contextForPerson(prisma, employeeId), { form: checked.form, send });
}

/**
 * A police-suspect case reported by `reporterId` about `suspectId`, through the model as the intake form creates it
 * (restricted at once, PSD on its access list, its referral chain started). `form` overrides the fictional report.
 */
export async function makeCase(
  prisma: Db,
  reporterId: string,
  suspectId: string,
  options: { form?: Partial<Record<keyof IntakeForm, string>>; timing?: ChainTiming } = {},
): Promise<{ id: string; reference: string }> {
  const [{ createPoliceSuspectCase }, { fictionalIntake }] = await Promise.all([import("~/models/cases/case.server"), import("./cases")]);
  return prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId, form: fictionalIntake(suspectId, options.form), timing: options.timing }));
}
