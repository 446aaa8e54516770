// The workplace safety plan: measures agreed with the employee, and who may see each one (docs/features/safety-plan.md).
// The only code that talks to the database about safety measures. Every read goes through the access scope of its
// action AND the measure's id, every decision is audited in the transaction of what it describes (subject
// "SafetyMeasure", hidden from the general audit trail), and a measure someone may not reach is "not found".
import { z } from "zod";
import type { Action } from "#policies/subjects";
import { accessScope } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { addressName } from "~/utils/names";
import { ChangeRejected, type FormResult, parseForm, submittedValues } from "~/utils/forms";
import { MEASURE_INSTRUCTIONS_MAX, MEASURE_KIND_KEYS, MEASURE_STATUS_LABELS, MEASURE_TITLE_MAX, measureName, type MeasureStatus } from "~/models/safety-plan-labels";
import { appendAudit, type AuditOutcome } from "~/utils/audit.server";
import { parseDay } from "~/utils/dates";

export { ChangeRejected };

const SUBJECT = "SafetyMeasure";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isMeasureId = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

type MeasureScope = Prisma.SafetyMeasureWhereInput;
const scope = (context: RequestContext, action: Action): MeasureScope => accessScope(context.ability, action, "SafetyMeasure");

function audit(
  context: RequestContext,
  tx: DbTx,
  entry: {
    action: string;
    measureId: string | null;
    outcome: AuditOutcome;
    reason?: string | null;
    details?: Record<string, unknown>;
  }
) {
  return appendAudit(tx, {
    actorId: context.actor.id,
    action: entry.action,
    subjectType: SUBJECT,
    subjectId: entry.measureId,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    details: entry.details,
    ...context.client,
  });
}

const named = {
  select: { firstName: true, lastName: true, preferredName: true },
} as const;

// ─── The measure form ──────────────────────────────────────────────────────────

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(max, `Keep this under ${max} characters`));

export const MeasureFormSchema = z.object({
  kind: z.enum(MEASURE_KIND_KEYS as [string, ...string[]], {
    error: "Choose a measure",
  }),
  title: text(MEASURE_TITLE_MAX),
  instructions: text(MEASURE_INSTRUCTIONS_MAX),
  ownerEmail: z
    .string({ error: "Give the work email of the person who will see to it" })
    .trim()
    .toLowerCase()
    .min(1, "Give the work email of the person who will see to it")
    .max(254, "Keep this under 254 characters"),
  status: z.enum(Object.keys(MEASURE_STATUS_LABELS) as [MeasureStatus, ...MeasureStatus[]], { error: "Choose a status" }),
  reviewOn: z
    .string({ error: "Give a review date" })
    .trim()
    .min(1, "Give a review date")
    .transform((value, ctx) => {
      const day = parseDay(value);
      if (!day)
        ctx.addIssue({
          code: "custom",
          message: "Give a real date, for example 2027-01-31",
        });
      return day ?? new Date(0);
    }),
  version: z.coerce.number().int().optional(),
});
export type MeasureForm = z.infer<typeof MeasureFormSchema>;

const OWN_WITHOUT_WORDS = "Say what the measure is, in your own words";

/** Checks the measure form, every field at once (their own measure needs their words, whatever else is missing). */
export function parseMeasureForm(formData: FormData): FormResult<MeasureForm> {
  const parsed = parseForm(MeasureFormSchema, formData);
  const ownWithoutWords = formData.get("kind") === "OWN" && String(formData.get("title") ?? "").trim() === "";
  if (parsed.ok && !ownWithoutWords) return parsed;
  const errors = parsed.ok ? {} : { ...parsed.errors };
  if (ownWithoutWords) errors.title ??= OWN_WITHOUT_WORDS;
  return { ok: false, errors, reply: parsed.reject(errors), values: submittedValues(formData), reject: parsed.reject };
}

async function ownerFor(tx: DbTx, email: string): Promise<string> {
  const owner = await tx.person.findFirst({
    where: { workEmail: { equals: email, mode: "insensitive" }, active: true },
    select: { id: true },
  });
  if (!owner)
    throw new ChangeRejected({
      ownerEmail: "No one in the portal has that work email",
    });
  return owner.id;
}

const fields = (form: MeasureForm, ownerId: string) => ({
  kind: form.kind,
  title: form.kind === "OWN" ? form.title : "",
  instructions: form.instructions,
  ownerId,
  status: form.status,
  reviewOn: form.reviewOn,
});

/**
 * Adds a measure. The employee adds to their own plan (agreed at once); a supporter of the service on one of their
 * sent requests proposes one (found through the request's "work" scope), which waits for the employee to agree.
 */
export async function addMeasure(context: RequestContext, form: MeasureForm, requestId?: string, forReportId?: string): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  const outcome = await context.prisma.$transaction(async (tx) => {
    let employeeId = context.actor.id;
    if (forReportId) {
      // A line manager's suggestion: only for someone who reports to them now (the row is held while it is written).
      const [report] = isMeasureId(forReportId)
        ? await tx.$queryRaw<{ lineManagerId: string | null; active: boolean }[]>`
            SELECT "lineManagerId"::text AS "lineManagerId", "active" FROM "person" WHERE "id" = ${forReportId}::uuid FOR SHARE`
        : [];
      if (!report || !report.active || report.lineManagerId !== context.actor.id) {
        await audit(context, tx, { action: "safety.measure.suggest", measureId: null, outcome: "REFUSED", reason: "not their direct report" });
        return null;
      }
      employeeId = forReportId;
    } else if (requestId) {
      const request = isRequestIdLike(requestId)
        ? await tx.supportRequest.findFirst({
            where: {
              AND: [accessScope(context.ability, "work", "SupportRequest"), { id: requestId }],
            },
            select: { employeeId: true },
          })
        : null;
      if (!request) {
        await audit(context, tx, {
          action: "safety.measure.propose",
          measureId: null,
          outcome: "REFUSED",
          reason: "request not shared with their service",
          details: { requestId },
        });
        return null;
      }
      employeeId = request.employeeId;
    }
    const ownerId = await ownerFor(tx, form.ownerEmail);
    const isOwn = employeeId === context.actor.id;
    await tx.safetyMeasure.create({
      data: {
        id,
        employeeId,
        requestId: requestId ?? null,
        proposedById: context.actor.id,
        agreedAt: isOwn ? new Date() : null,
        ...fields(form, ownerId),
      },
    });
    // The new row is checked against the rules before the transaction commits: a write nobody may make is undone.
    const allowed = await tx.safetyMeasure.count({
      where: { AND: [scope(context, "create"), { id }] },
    });
    if (allowed === 0) throw new Error("safety measure created outside the creator's scope");
    await audit(context, tx, {
      action: isOwn ? "safety.measure.add" : forReportId ? "safety.measure.suggest" : "safety.measure.propose",
      measureId: id,
      outcome: "SUCCESS",
      details: { kind: form.kind, requestId: requestId ?? null },
    });
    return { id };
  });
  if (!outcome) notFound();
  return outcome;
}

const isRequestIdLike = isMeasureId;

/**
 * Runs a change on one measure found through the scope of `action` inside the transaction of the change and its
 * audit row; out of scope the refusal is audited and the answer is "not found".
 */
async function changeMeasure<T>(
  context: RequestContext,
  id: string,
  action: Action,
  auditAction: string,
  change: (
    tx: DbTx,
    measure: {
      employeeId: string;
      version: number;
      agreedAt: Date | null;
      kind: string;
      title: string;
    }
  ) => Promise<{ result: T; details?: Record<string, unknown> }>
): Promise<T> {
  if (!isMeasureId(id)) notFound();
  const outcome = await context.prisma.$transaction(async (tx) => {
    const measure = await tx.safetyMeasure.findFirst({
      where: { AND: [scope(context, action), { id }] },
      select: {
        employeeId: true,
        version: true,
        agreedAt: true,
        kind: true,
        title: true,
      },
    });
    if (!measure) {
      const exists = (await tx.safetyMeasure.count({ where: { id } })) > 0;
      await audit(context, tx, {
        action: auditAction,
        measureId: id,
        outcome: exists ? "REFUSED" : "FAILURE",
        reason: exists ? "outside access scope" : "no such record",
      });
      return null;
    }
    const done = await change(tx, measure);
    await audit(context, tx, {
      action: auditAction,
      measureId: id,
      outcome: "SUCCESS",
      details: done.details,
    });
    return { done: done.result };
  });
  if (!outcome) notFound();
  return outcome.done;
}

/** Changes a measure. An edit by anyone but the employee needs the employee's agreement again (grantees lose sight until then). */
export function updateMeasure(context: RequestContext, id: string, form: MeasureForm) {
  return changeMeasure(context, id, "update", "safety.measure.update", async (tx, measure) => {
    if (form.version !== undefined && form.version !== measure.version)
      throw new ChangeRejected({
        form: "Someone changed this measure since you opened it. Open it again to see the change.",
      });
    const ownerId = await ownerFor(tx, form.ownerEmail);
    const byEmployee = measure.employeeId === context.actor.id;
    const { count } = await tx.safetyMeasure.updateMany({
      where: { id, version: measure.version },
      data: {
        ...fields(form, ownerId),
        agreedAt: byEmployee ? measure.agreedAt ?? new Date() : null,
        version: { increment: 1 },
      },
    });
    if (count === 0)
      throw new ChangeRejected({
        form: "Someone changed this measure since you opened it. Open it again to see the change.",
      });
    return { result: null, details: { agreedAgainNeeded: !byEmployee } };
  });
}

/** The employee agrees a measure a supporter proposed or changed. */
export function agreeMeasure(context: RequestContext, id: string) {
  return changeMeasure(context, id, "agree", "safety.measure.agree", async (tx) => {
    const { count } = await tx.safetyMeasure.updateMany({
      where: { id, agreedAt: null },
      data: { agreedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0)
      throw new ChangeRejected({
        form: "You have already agreed this measure.",
      });
    return { result: null };
  });
}

export const GrantSchema = z
  .object({
    to: z.enum(["LINE_MANAGER", "PERSON"], {
      error: "Choose who may see this measure",
    }),
    email: z
      .string()
      .optional()
      .transform((value) => (value ?? "").trim().toLowerCase()),
    reason: z
      .string()
      .optional()
      .transform((value) => (value ?? "").trim())
      .pipe(z.string().max(500, "Keep this under 500 characters")),
  })
  .superRefine((grant, ctx) => {
    if (grant.to === "PERSON" && grant.email === "")
      ctx.addIssue({
        code: "custom",
        path: ["email"],
        message: "Give their work email",
      });
  });
export type Grant = z.infer<typeof GrantSchema>;

/** The employee lets one named person see this measure (and nothing else). */
export function grantSight(context: RequestContext, id: string, grant: Grant) {
  return changeMeasure(context, id, "manageConsent", "safety.grant", async (tx, measure) => {
    if (!measure.agreedAt)
      throw new ChangeRejected({
        to: "Agree this measure first; then you can choose who may see it.",
      });
    let personId: string;
    if (grant.to === "LINE_MANAGER") {
      const me = await tx.person.findUnique({
        where: { id: context.actor.id },
        select: { lineManagerId: true },
      });
      if (!me?.lineManagerId)
        throw new ChangeRejected({
          to: "You have no line manager on record.",
        });
      personId = me.lineManagerId;
    } else {
      const person = await tx.person.findFirst({
        where: {
          workEmail: { equals: grant.email, mode: "insensitive" },
          active: true,
        },
        select: { id: true },
      });
      if (!person)
        throw new ChangeRejected({
          email: "No one in the portal has that work email",
        });
      personId = person.id;
    }
    if (personId === context.actor.id)
      throw new ChangeRejected({
        email: "That is you: you always see your own plan.",
      });
    const already = await tx.safetyMeasureGrant.count({
      where: { measureId: id, personId, withdrawnAt: null },
    });
    if (already > 0) throw new ChangeRejected({ to: "They can already see this measure." });
    const row = await tx.safetyMeasureGrant.create({
      data: { measureId: id, personId, reason: grant.reason },
    });
    return { result: null, details: { grantId: row.id, to: personId } };
  });
}

/** Withdraws a grant from now on: the person's next request for the measure is "not found". */
export function withdrawSight(context: RequestContext, id: string, grantId: string) {
  return changeMeasure(context, id, "manageConsent", "safety.grant.withdraw", async (tx) => {
    if (!isMeasureId(grantId))
      throw new ChangeRejected({
        form: "That is not a grant on this measure.",
      });
    const { count } = await tx.safetyMeasureGrant.updateMany({
      where: { id: grantId, measureId: id, withdrawnAt: null },
      data: { withdrawnAt: new Date() },
    });
    if (count === 0) throw new ChangeRejected({ form: "That was already withdrawn." });
    return { result: null, details: { grantId } };
  });
}

// ─── Reading ───────────────────────────────────────────────────────────────────

export interface OpenedMeasure {
  id: string;
  name: string;
  kind: string;
  title: string;
  instructions: string;
  owner: string | null;
  ownerEmail: string | null;
  status: MeasureStatus;
  reviewOn: Date | null;
  agreed: boolean;
  version: number;
  /** Whose plan it is, for someone it was shared with (never why). */
  sharedBy: string | null;
  isOwn: boolean;
  requestId: string | null;
  may: { update: boolean; agree: boolean; manageConsent: boolean };
  grants: {
    id: string;
    to: string;
    grantedAt: Date;
    withdrawnAt: Date | null;
  }[];
}

/**
 * Opens one measure through the "read" scope, audited with the same transaction. What a grantee gets is the
 * measure's own fields: never the request, its reason or the rest of the plan.
 */
export async function openMeasure(context: RequestContext, id: string): Promise<OpenedMeasure> {
  if (!isMeasureId(id)) notFound();
  const opened = await context.prisma.$transaction(async (tx) => {
    const measure = await tx.safetyMeasure.findFirst({
      where: { AND: [scope(context, "read"), { id }] },
      select: {
        id: true,
        employeeId: true,
        kind: true,
        title: true,
        instructions: true,
        status: true,
        reviewOn: true,
        agreedAt: true,
        version: true,
        owner: { select: { ...named.select, workEmail: true } },
        employee: named,
      },
    });
    if (!measure) {
      const exists = (await tx.safetyMeasure.count({ where: { id } })) > 0;
      await audit(context, tx, {
        action: "access.read",
        measureId: id,
        outcome: exists ? "REFUSED" : "FAILURE",
        reason: exists ? "not shared with them" : "no such record",
      });
      return null;
    }
    const within = async (action: Action) =>
      (await tx.safetyMeasure.count({
        where: { AND: [scope(context, action), { id }] },
      })) > 0;
    const may = {
      update: await within("update"),
      agree: await within("agree"),
      manageConsent: await within("manageConsent"),
    };
    const isOwn = measure.employeeId === context.actor.id;
    // The link to the request, for the employee and the supporter working on it only.
    const link = may.update
      ? await tx.safetyMeasure.findFirst({
          where: { AND: [scope(context, "update"), { id }] },
          select: { requestId: true },
        })
      : null;
    const grants = may.manageConsent
      ? await tx.safetyMeasureGrant.findMany({
          where: { measureId: id },
          orderBy: { grantedAt: "asc" },
          select: {
            id: true,
            grantedAt: true,
            withdrawnAt: true,
            person: named,
          },
        })
      : [];
    await audit(context, tx, {
      action: "access.read",
      measureId: id,
      outcome: "ALLOWED",
      details: { via: "page" },
    });
    return {
      id: measure.id,
      name: measureName(measure),
      kind: measure.kind,
      title: measure.title,
      instructions: measure.instructions,
      owner: measure.owner ? addressName(measure.owner) : null,
      ownerEmail: measure.owner && may.update ? measure.owner.workEmail : null,
      status: measure.status,
      reviewOn: measure.reviewOn,
      agreed: measure.agreedAt !== null,
      version: measure.version,
      // A grantee is told whose measure it is; a supporter works with it through the request, which shows the
      // employee's name only if they shared who they are.
      sharedBy: isOwn || may.update ? null : addressName(measure.employee),
      isOwn,
      requestId: link?.requestId ?? null,
      may,
      grants: grants.map((grant) => ({
        id: grant.id,
        to: addressName(grant.person),
        grantedAt: grant.grantedAt,
        withdrawnAt: grant.withdrawnAt,
      })),
    } satisfies OpenedMeasure;
  });
  if (!opened) notFound();
  return opened;
}

const listSelect = {
  id: true,
  kind: true,
  title: true,
  status: true,
  reviewOn: true,
  agreedAt: true,
  owner: named,
} as const;
type ListRow = Prisma.SafetyMeasureGetPayload<{ select: typeof listSelect }>;
const listed = (row: ListRow) => ({
  id: row.id,
  name: measureName(row),
  status: row.status,
  reviewOn: row.reviewOn,
  agreed: row.agreedAt !== null,
  owner: row.owner ? addressName(row.owner) : null,
});

async function listMeasures(context: RequestContext, where: MeasureScope, details: Record<string, unknown>) {
  return context.prisma.$transaction(async (tx) => {
    const rows = await tx.safetyMeasure.findMany({
      where: { AND: [scope(context, "list"), where] },
      orderBy: { createdAt: "asc" },
      select: listSelect,
    });
    await audit(context, tx, {
      action: "access.list",
      measureId: null,
      outcome: "ALLOWED",
      details: { ...details, count: rows.length },
    });
    return rows.map(listed);
  });
}

/** The employee's own plan. */
export const myPlan = (context: RequestContext) => listMeasures(context, { employeeId: context.actor.id }, { list: "own plan" });

/** Measures someone else shared with them by name (an active grant), and nothing else of that person's plan. */
export async function measuresSharedWithMe(context: RequestContext) {
  const count = await context.prisma.safetyMeasure.count({
    where: {
      AND: [scope(context, "list"), { employeeId: { not: context.actor.id } }, { grants: { some: { personId: context.actor.id, withdrawnAt: null } } }],
    },
  });
  if (count === 0) return [];
  return listMeasures(
    context,
    {
      employeeId: { not: context.actor.id },
      grants: { some: { personId: context.actor.id, withdrawnAt: null } },
    },
    { list: "shared with me" }
  );
}

/** The measures on one request, for the supporter working on it (and the employee). */
export const measuresOnRequest = (context: RequestContext, requestId: string) => listMeasures(context, { requestId }, { list: "on request", requestId });

const OPEN_LABELS: Record<string, string> = {
  "access.read": "Opened the measure",
  "safety.measure.update": "Changed the measure",
  "safety.measure.propose": "Proposed the measure",
};

/**
 * The employee's ledger for their plan: every grant of sight (to whom, which measure, when, withdrawn when) and
 * everyone else who opened or changed a measure (from the audit trail).
 */
export async function planLedger(context: RequestContext) {
  return context.prisma.$transaction(async (tx) => {
    const measures = await tx.safetyMeasure.findMany({
      where: {
        AND: [scope(context, "manageConsent"), { employeeId: context.actor.id }],
      },
      select: { id: true, kind: true, title: true },
    });
    const names = new Map(measures.map((row) => [row.id, measureName(row)]));
    const ids = measures.map((row) => row.id);
    const grants = await tx.safetyMeasureGrant.findMany({
      where: { measureId: { in: ids } },
      orderBy: { grantedAt: "asc" },
      select: {
        id: true,
        measureId: true,
        reason: true,
        grantedAt: true,
        withdrawnAt: true,
        person: named,
      },
    });
    const events = await tx.auditEvent.findMany({
      where: {
        subjectType: SUBJECT,
        subjectId: { in: ids },
        actorId: { not: context.actor.id },
        outcome: { in: ["ALLOWED", "SUCCESS"] },
        action: { in: Object.keys(OPEN_LABELS) },
      },
      orderBy: { id: "desc" },
      take: 500,
      select: {
        id: true,
        occurredAt: true,
        actorId: true,
        action: true,
        subjectId: true,
      },
    });
    const actorIds = [...new Set(events.map((event) => event.actorId).filter((value): value is string => value !== null))];
    const people = new Map(
      (
        await tx.person.findMany({
          where: { id: { in: actorIds } },
          select: { id: true, ...named.select },
        })
      ).map((person) => [person.id, addressName(person)])
    );
    await audit(context, tx, {
      action: "access.read.ledger",
      measureId: null,
      outcome: "ALLOWED",
    });
    return {
      grants: grants.map((grant) => ({
        id: grant.id,
        measureId: grant.measureId,
        measure: names.get(grant.measureId) ?? "A measure",
        to: addressName(grant.person),
        reason: grant.reason,
        grantedAt: grant.grantedAt,
        withdrawnAt: grant.withdrawnAt,
      })),
      opened: events.map((event) => ({
        id: String(event.id),
        at: event.occurredAt,
        who: (event.actorId && people.get(event.actorId)) ?? "Someone",
        measure: (event.subjectId && names.get(event.subjectId)) ?? "A measure",
        what: OPEN_LABELS[event.action] ?? "Opened the measure",
      })),
    };
  });
}

/** The plan's measures and grants for the employee's own data export. */
export async function planForExport(tx: DbTx, personId: string) {
  return tx.safetyMeasure.findMany({
    where: { employeeId: personId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      title: true,
      instructions: true,
      status: true,
      reviewOn: true,
      agreedAt: true,
      createdAt: true,
      owner: named,
      grants: {
        select: {
          grantedAt: true,
          withdrawnAt: true,
          reason: true,
          person: named,
        },
      },
    },
  });
}
