// The guard for the records pages of retention, legal hold, subject access and the auditor's export: rights that rest
// on no one record (the schedule, the export), decided, acted on and audited in one transaction. Refused looks like
// absent: the refusal is audited and the person gets "not found", as for any record they may not reach.
import { defineAbilityFor } from "#policies/ability";
import type { Action } from "#policies/subjects";
import type { DbTx } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { notFound } from "../errors.server";
import type { RequestContext } from "../request-context.server";
import { accessScope, can, type ModelName } from "./records.server";

interface Right {
  action: Action;
  model: ModelName;
  /** The audit row's action, either way. */
  auditAction: string;
}

async function refuse(context: RequestContext, right: Right, subjectId: string | null = null): Promise<never> {
  await context.prisma.$transaction((tx) =>
    appendAudit(tx, {
      action: right.auditAction,
      subjectType: right.model,
      subjectId,
      outcome: "REFUSED",
      reason: "no rule allows it",
      actorId: context.actor.id,
      ...context.client,
    }),
  );
  return notFound();
}

/** Refuses (audited, 404) unless the person holds the right at all, for a page that shows nothing yet. */
export async function requireRight(context: RequestContext, right: Right): Promise<void> {
  if (!can(context.ability, right.action, right.model)) await refuse(context, right);
}

/**
 * Reads under a right that rests on no one record (what the schedule makes due, the audit trail's export) and audits
 * the read, with what `details` says of it, in the same transaction. Refused: audited, 404.
 */
export async function readUnderRight<T>(
  context: RequestContext,
  right: Right,
  read: (tx: DbTx) => Promise<T>,
  details?: (result: T) => Record<string, unknown>,
  options: { timeout?: number } = {},
): Promise<T> {
  if (!can(context.ability, right.action, right.model)) return refuse(context, right);
  return context.prisma.$transaction(
    async (tx) => {
      const result = await read(tx);
      await appendAudit(tx, {
        action: right.auditAction,
        subjectType: right.model,
        outcome: "ALLOWED",
        details: details?.(result),
        actorId: context.actor.id,
        ...context.client,
      });
      return result;
    },
    { timeout: options.timeout ?? 120_000 },
  );
}

/**
 * For a download that outlives the transaction that decided and audited it (the audit trail's export, streamed): the
 * database filter of the right as it stands now, from the person's roles as the database holds them at this moment,
 * or null once they no longer hold it (then the refusal is audited with `auditAction`, in `tx`).
 */
export async function scopeStillHeld<M extends ModelName>(context: RequestContext, tx: DbTx, right: Right & { model: M }) {
  const person = await tx.person.findUnique({ where: { id: context.actor.id }, select: { active: true, roles: { select: { role: true } } } });
  const ability = defineAbilityFor({ ...context.actor, roles: person?.active ? person.roles.map((row) => row.role) : [] });
  if (can(ability, right.action, right.model)) return accessScope(ability, right.action, right.model);
  await appendAudit(tx, {
    action: right.auditAction,
    subjectType: right.model,
    outcome: "REFUSED",
    reason: "the right was withdrawn during the download",
    actorId: context.actor.id,
    ...context.client,
  });
  return null;
}
