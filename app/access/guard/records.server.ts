// The one server-side guard for protected records: it checks the ability, reads through the access scope in the
// database, writes the decision to the audit trail in the same transaction, and answers "not found" for a record
// the person may not see, so that existence itself is not leaked.
import { subject as asSubject } from "@casl/ability";
import { accessibleBy } from "@casl/prisma/runtime";
import { FACTS_FOR_DECISION } from "#policies/facts";
import type { Action, AppAbility, AreaSubject, RecordSubjects } from "#policies/subjects";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { appendAudit, type AuditEntry } from "~/utils/audit.server";
import { forbidden, notFound } from "../errors.server";
import type { RequestContext } from "../request-context.server";

export type ModelName = Extract<RecordSubjects, string>;
type WhereInput<M extends ModelName> = Prisma.TypeMap["model"][M]["operations"]["findFirst"]["args"]["where"];

/** A filter that matches no row of the model: its key is in an empty list. */
function matchNothing<M extends ModelName>(model: M): NonNullable<WhereInput<M>> {
  const key = model === "RoleAssignment" || model === "Credential" ? "personId" : "id";
  return { AND: [{ [key]: { in: [] } }] } as unknown as NonNullable<WhereInput<M>>;
}

/**
 * The database filter for the records of a type that the person may act on. Fails closed: where no rule grants the
 * action at all, @casl/prisma answers `{ OR: [] }`, which Prisma 7 treats as no condition (every row!), so that case
 * is answered here with a filter that matches nothing.
 */
export function accessScope<M extends ModelName>(ability: AppAbility, action: Action, model: M): NonNullable<WhereInput<M>> {
  if (!can(ability, action, model)) return matchNothing(model);
  try {
    const once = refusalsSaidOnce(ability, action, model);
    if (once === null) return matchNothing(model);
    const scope = (once ?? accessibleBy(ability, action).ofType(model)) as NonNullable<WhereInput<M>> & { OR?: unknown[] };
    if (Array.isArray(scope.OR) && scope.OR.length === 0 && Object.keys(scope).length === 1) return matchNothing(model);
    return scope;
  } catch {
    // Older @casl/prisma throws when no rule allows the action at all.
    return matchNothing(model);
  }
}

/**
 * The scope with each refusal said once: `refusals AND (grant OR grant …)`. CASL's own form repeats every refusal inside
 * each rule that grants the action, so the conflict check on a case (ADR 047) appeared once per such rule in one
 * statement, each copy planned and run. Where every refusal outranks every grant (the conflict refusal is built last),
 * the two forms are the same filter. `undefined` leaves it to CASL: no refusal at all, or a refusal that only some
 * grants are below; `null` is "nothing" (no grant, or an unconditional refusal first), as CASL would answer it.
 */
function refusalsSaidOnce(ability: AppAbility, action: Action, model: ModelName): object | null | undefined {
  const refusals: object[] = [];
  const grants: object[] = [];
  let everything = false;
  // Highest priority first: the order CASL itself reads them in.
  for (const rule of ability.rulesFor(action, model as never)) {
    const conditions = rule.conditions as object | undefined;
    if (rule.inverted) {
      if (grants.length > 0) return undefined;
      if (!conditions) break;
      refusals.push({ NOT: conditions });
    } else if (!conditions) {
      everything = true;
      break;
    } else {
      grants.push(conditions);
    }
  }
  if (refusals.length === 0) return undefined;
  if (everything) return { AND: refusals };
  return grants.length === 0 ? null : { AND: [...refusals, { OR: grants }] };
}

/**
 * In memory, CASL reads a field the record does not carry as absent, and a rule that excludes people by that field
 * ("not in the named colleague's line chain") would then let them through. A record of such a model that was loaded
 * without those facts is refused instead of decided on.
 */
function carriesFactsForDecision(model: ModelName | AreaSubject, record: object): boolean {
  const facts = FACTS_FOR_DECISION[model as ModelName];
  return facts === undefined || facts.every((fact) => fact in record);
}

/** True only if a rule allows it; an error in the check counts as a refusal. */
export function can(ability: AppAbility, action: Action, model: ModelName | AreaSubject, record?: object, field?: string): boolean {
  try {
    if (record) {
      if (!carriesFactsForDecision(model, record)) return false;
      return ability.can(action, asSubject(model as ModelName, record as never) as never, field);
    }
    return ability.can(action, model as never, field);
  } catch {
    return false;
  }
}

export function auditFor(context: RequestContext, entry: Omit<AuditEntry, "actorId" | "ipAddress" | "userAgent">): AuditEntry {
  return { ...entry, actorId: context.actor.id, ...context.client };
}

export type AuditDetails = Record<string, unknown>;

interface ReadOne<M extends ModelName, T> {
  model: M;
  id: string;
  action?: Action;
  /** The query to run with the combined filter (the access scope AND the id). */
  find: (tx: DbTx, where: NonNullable<WhereInput<M>>) => Promise<T | null>;
  /** Checks whether the id exists at all, for the audit trail only (the person sees "not found" either way). */
  exists: (tx: DbTx, id: string) => Promise<boolean>;
}

interface ReadAudit<T> {
  /** The audit row's action: `access.<action>` unless given. */
  auditAction?: string;
  /** Recorded with the decision either way (how the record was reached, say). */
  details?: AuditDetails;
  /** Recorded with an allowed decision: what was shown of what was read. */
  shown?: (record: T) => AuditDetails;
}

/** The filter for one record of a type through the scope of an action: the scope AND the id. */
function inScope<M extends ModelName>(context: RequestContext, action: Action, model: M, id: string): NonNullable<WhereInput<M>> {
  return { AND: [accessScope(context.ability, action, model), { id }] } as NonNullable<WhereInput<M>>;
}

/**
 * Reads one protected record through the access scope and audits the decision, all in one transaction; 404 when not
 * visible. `find` may read more in the same transaction (the parts with rules of their own, through `readPart`).
 */
export async function readAccessible<M extends ModelName, T>(context: RequestContext, query: ReadOne<M, T> & ReadAudit<T>): Promise<T> {
  const action = query.action ?? "read";
  const where = inScope(context, action, query.model, query.id);
  const record = await context.prisma.$transaction(async (tx) => {
    const found = await query.find(tx, where);
    const existsAtAll = found ? true : await query.exists(tx, query.id);
    const details = found && query.shown ? { ...query.details, ...query.shown(found) } : query.details;
    await appendAudit(
      tx,
      auditFor(context, {
        action: query.auditAction ?? `access.${action}`,
        subjectType: query.model,
        subjectId: query.id,
        outcome: found ? "ALLOWED" : existsAtAll ? "REFUSED" : "FAILURE",
        reason: found ? null : existsAtAll ? "outside access scope" : "no such record",
        details,
      }),
    );
    return found;
  });
  if (!record) notFound();
  return record;
}

/**
 * Inside the transaction of a decision already taken on a record: reads a part of it that has a rule of its own (a
 * field only some may see, say) through the scope of that action AND the record's id. Null where the rule does not
 * reach it. It writes no audit row: the decision's row records what was shown.
 */
export function readPart<M extends ModelName, T>(
  context: RequestContext,
  tx: DbTx,
  part: { model: M; id: string; action: Action; find: (tx: DbTx, where: NonNullable<WhereInput<M>>) => Promise<T | null> },
): Promise<T | null> {
  return part.find(tx, inScope(context, part.action, part.model, part.id));
}

/** Lists protected records through the access scope and audits that the list was read. */
export async function listAccessible<M extends ModelName, T>(
  context: RequestContext,
  model: M,
  list: (tx: DbTx, scope: NonNullable<WhereInput<M>>) => Promise<T[]>,
  details?: Record<string, unknown>,
): Promise<T[]> {
  if (!can(context.ability, "list", model)) {
    await context.prisma.$transaction((tx) =>
      appendAudit(tx, auditFor(context, { action: "access.list", subjectType: model, outcome: "REFUSED", reason: "no rule allows it" })),
    );
    forbidden();
  }
  const scope = accessScope(context.ability, "list", model);
  return context.prisma.$transaction(async (tx) => {
    const rows = await list(tx, scope);
    await appendAudit(tx, auditFor(context, { action: "access.list", subjectType: model, outcome: "ALLOWED", details: { ...details, count: rows.length } }));
    return rows;
  });
}

/** Refuses (audited, 403) unless the person may enter an area such as the administration pages. */
export async function requireArea(context: RequestContext, area: AreaSubject): Promise<void> {
  if (can(context.ability, "read", area)) return;
  await context.prisma.$transaction((tx) =>
    appendAudit(tx, auditFor(context, { action: "access.read", subjectType: area, outcome: "REFUSED", reason: "no rule allows it" })),
  );
  forbidden();
}

/**
 * Audits a refusal that the page answers with a message of its own next to the form (an administrator trying to
 * change their own rank, or to approve their own proposal), where "forbidden" would not say what to do instead.
 */
export async function auditRefusal(
  context: RequestContext,
  entry: { action: string; model: ModelName; subjectId?: string | null; reason: string; details?: AuditDetails },
): Promise<void> {
  await context.prisma.$transaction((tx) =>
    appendAudit(
      tx,
      auditFor(context, {
        action: entry.action,
        subjectType: entry.model,
        subjectId: entry.subjectId ?? null,
        outcome: "REFUSED",
        reason: entry.reason,
        details: entry.details,
      }),
    ),
  );
}

/** What the audit row of a change says: `details` may be computed from what the change returned. */
interface ChangeAudit<T> {
  action: string;
  details?: AuditDetails | ((result: T) => AuditDetails | undefined);
}

const detailsOf = <T>(describe: ChangeAudit<T>, result: T) => (typeof describe.details === "function" ? describe.details(result) : describe.details);

/**
 * Refuses (audited, 403) unless the ability allows `action` on this record: for a decision that rests on nothing in
 * the database but the person themselves (the export of their own incident log).
 */
export async function requireAllowed(context: RequestContext, check: { action: Action; model: ModelName; record: object }, auditAction: string): Promise<void> {
  if (can(context.ability, check.action, check.model, check.record)) return;
  await context.prisma.$transaction((tx) =>
    appendAudit(tx, auditFor(context, { action: auditAction, subjectType: check.model, outcome: "REFUSED", reason: "no rule allows it" })),
  );
  forbidden();
}

/**
 * Makes an audited change: refuses (audited, 403) unless the ability allows `action` on the record as it is now,
 * then runs the change and writes its audit row in one transaction. For a record the change creates, `subjectId`
 * may be computed from what the change returned.
 */
export async function changeWithAudit<T>(
  context: RequestContext,
  check: { action: Action; model: ModelName; record?: object; subjectId?: string | ((result: T) => string); fields?: string[] },
  change: (tx: DbTx) => Promise<T>,
  describe: ChangeAudit<T>,
): Promise<T> {
  const fields = check.fields ?? [undefined];
  const allowed = fields.every((field) => can(context.ability, check.action, check.model, check.record, field));
  const subjectOf = (result: T | null) =>
    typeof check.subjectId === "function" ? (result === null ? null : check.subjectId(result)) : (check.subjectId ?? null);
  if (!allowed) {
    await context.prisma.$transaction((tx) =>
      appendAudit(
        tx,
        auditFor(context, { action: describe.action, subjectType: check.model, subjectId: subjectOf(null), outcome: "REFUSED", reason: "no rule allows it" }),
      ),
    );
    forbidden();
  }
  return context.prisma.$transaction(async (tx) => {
    const result = await change(tx);
    await appendAudit(
      tx,
      auditFor(context, {
        action: describe.action,
        subjectType: check.model,
        subjectId: subjectOf(result),
        outcome: "SUCCESS",
        details: detailsOf(describe, result),
      }),
    );
    return result;
  });
}

/** A change whose permission rests on rows as they are at the moment of the change (see `changeDecidedInTransaction`). */
export interface DecidedChange<R extends object, T> {
  action: Action;
  model: ModelName;
  /**
   * Reads, inside the change's transaction, the record the rules decide on (null: there is no such thing), locking
   * the rows it reads (`FOR SHARE`) so that a concurrent change to them waits until the decision has committed.
   */
  load: (tx: DbTx) => Promise<R | null>;
  /** A condition beyond the rules on the same record, if any. */
  alsoRequires?: (record: R) => boolean;
  change: (tx: DbTx, record: R) => Promise<T>;
  audit: {
    action: string;
    /** Where the audit rows are filed, if not under `model` (a referral is filed with the support records it starts). */
    subjectType?: string;
    subjectId?: (result: T) => string | null;
    details?: (result: T) => Record<string, unknown>;
    /** Why a refusal was refused, and why nothing was found, in the words of the domain. */
    refusedBecause?: string;
    missingBecause?: string;
    refusalDetails?: Record<string, unknown>;
  };
}

/**
 * Makes a change that the rules decide on other records as they are now (a manager writing about someone who reports
 * to them now): the record is loaded and locked, the ability decides on it, and the change and its audit row are
 * written, all in one transaction, so a relationship ended between the page load and the post is seen. Refused, or
 * nothing loaded: the refusal is audited in that transaction and the person gets "not found".
 */
export async function changeDecidedInTransaction<R extends object, T>(context: RequestContext, spec: DecidedChange<R, T>): Promise<T> {
  const { audit } = spec;
  const entry = { action: audit.action, subjectType: audit.subjectType ?? spec.model };
  const outcome = await context.prisma.$transaction(async (tx) => {
    const record = await spec.load(tx);
    const allowed = record !== null && can(context.ability, spec.action, spec.model, record) && (spec.alsoRequires?.(record) ?? true);
    if (!allowed) {
      await appendAudit(
        tx,
        auditFor(context, {
          ...entry,
          subjectId: null,
          outcome: record ? "REFUSED" : "FAILURE",
          reason: record ? (audit.refusedBecause ?? "no rule allows it") : (audit.missingBecause ?? "no such record"),
          details: audit.refusalDetails,
        }),
      );
      return { done: false as const };
    }
    const result = await spec.change(tx, record);
    await appendAudit(tx, auditFor(context, { ...entry, subjectId: audit.subjectId?.(result) ?? null, outcome: "SUCCESS", details: audit.details?.(result) }));
    return { done: true as const, result };
  });
  if (!outcome.done) notFound();
  return outcome.result;
}

/**
 * Changes one protected record: finds it through the scope of `action` AND its id inside the transaction of the
 * change, so the decision, the change and the audit row commit together (a right withdrawn before the transaction is
 * seen). Out of scope (or missing): the refusal is audited and the person gets "not found"; but with `knownThrough`,
 * someone who finds the record through that action's scope (they know it exists) is refused with 403.
 */
export async function changeAccessible<M extends ModelName, R, T>(
  context: RequestContext,
  query: ReadOne<M, R> & { action: Action; knownThrough?: Action },
  change: (tx: DbTx, record: R) => Promise<T>,
  describe: ChangeAudit<T>,
): Promise<T> {
  const outcome = await context.prisma.$transaction(async (tx) => {
    const found = await query.find(tx, inScope(context, query.action, query.model, query.id));
    const entry = { action: describe.action, subjectType: query.model, subjectId: query.id };
    if (!found) {
      const known = query.knownThrough ? (await query.find(tx, inScope(context, query.knownThrough, query.model, query.id))) !== null : false;
      const existsAtAll = known || (await query.exists(tx, query.id));
      const reason = known ? "no rule allows it" : existsAtAll ? "outside access scope" : "no such record";
      await appendAudit(tx, auditFor(context, { ...entry, outcome: existsAtAll ? "REFUSED" : "FAILURE", reason }));
      return { done: false as const, known };
    }
    const result = await change(tx, found);
    await appendAudit(tx, auditFor(context, { ...entry, outcome: "SUCCESS", details: detailsOf(describe, result) }));
    return { done: true as const, result };
  });
  if (!outcome.done) return outcome.known ? forbidden() : notFound();
  return outcome.result;
}

/** Thrown inside a transaction to undo a row written outside the writer's scope. */
class WrittenOutsideScope extends Error {}

/**
 * Creates one protected record and decides on the new row itself: `create` writes it (or answers null when what it
 * needs, such as the request the record belongs to, is out of the person's reach), then the row must lie within the
 * scope of `action` ("create" unless said). The insert, that check and the audit row share one transaction. Refused:
 * nothing is written, the refusal is audited and the person gets "not found".
 */
export async function createAccessible<M extends ModelName, T extends { id: string }>(
  context: RequestContext,
  query: {
    model: M;
    action?: Action;
    create: (tx: DbTx) => Promise<T | null>;
    /** The query to run with the combined filter (the scope AND the new row's id). */
    find: (tx: DbTx, where: NonNullable<WhereInput<M>>) => Promise<unknown>;
  },
  describe: { action: string; details?: Record<string, unknown> },
): Promise<T> {
  const scope = accessScope(context.ability, query.action ?? "create", query.model);
  const entry = { action: describe.action, subjectType: query.model, details: describe.details };
  const refusal = { ...entry, subjectId: null, outcome: "REFUSED" as const, reason: "outside access scope" };
  let created: T | null;
  try {
    created = await context.prisma.$transaction(async (tx) => {
      const row = await query.create(tx);
      if (!row) {
        await appendAudit(tx, auditFor(context, refusal));
        return null;
      }
      const within = await query.find(tx, { AND: [scope, { id: row.id }] } as NonNullable<WhereInput<M>>);
      if (!within) throw new WrittenOutsideScope();
      await appendAudit(tx, auditFor(context, { ...entry, subjectId: row.id, outcome: "SUCCESS" }));
      return row;
    });
  } catch (error) {
    if (!(error instanceof WrittenOutsideScope)) throw error;
    await context.prisma.$transaction((tx) => appendAudit(tx, auditFor(context, refusal)));
    created = null;
  }
  if (!created) notFound();
  return created;
}
