// The employee's consents on a request: the ledger of who may see which part of it and who opened it, sharing more
// and withdrawing, and the safeguarding override (sharing without consent, recorded with its reason). Every read and
// change goes through the guard. See docs/features/support-route.md.
import { z } from "zod";
import { SHARE_ITEMS, type ShareItem } from "#policies/rules/support";
import { changeAccessible, readAccessible, readPart } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { ChangeRejected, tickedBoxes } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { addressName } from "~/utils/names";
import { noteOverride, OVERRIDE_HOURS, quietReadNow } from "~/models/oversight/quiet-reads.server";
import { notifyEmployee } from "./notify.server";
import { requestExists, requestInHand, SUBJECT } from "./record.server";

export type { ShareItem };

/**
 * People whose safeguarding override was recorded as one the employee must not be told of (telling them would put
 * someone at risk): their opens, actions and assessments are left out of everything the employee sees, and the
 * override's own record says why.
 */
export async function withheldFromEmployee(tx: DbTx, requestId: string | { in: string[] }): Promise<string[]> {
  const rows = await tx.safeguardingOverride.findMany({ where: { requestId, tellEmployee: false }, select: { personId: true } });
  return [...new Set(rows.map((row) => row.personId))];
}

// ─── The ledger ────────────────────────────────────────────────────────────────

const OPEN_LABELS: Record<string, string> = {
  "access.read": "Opened your request",
  "support.acknowledge": "Picked up your request",
  "support.action": "Recorded an action",
  "support.handover": "Handed your request over",
  "support.close": "Closed your request",
  "support.message": "Sent a message",
  "support.override": "Recorded a safeguarding override",
  "support.risk": "Recorded a risk assessment",
};

/** The ledger of a request already found through the "manageConsent" scope, in that decision's transaction. */
async function ledgerOf(tx: DbTx, request: { id: string; employeeId: string }) {
  const id = request.id;
  const consents = await tx.supportConsent.findMany({
    where: { requestId: id },
    orderBy: { grantedAt: "asc" },
    select: {
      id: true,
      shares: true,
      reason: true,
      grantedAt: true,
      withdrawnAt: true,
      service: { select: { name: true } },
      person: { select: { firstName: true, lastName: true, preferredName: true } },
    },
  });
  const overrides = await tx.safeguardingOverride.findMany({
    where: { requestId: id, tellEmployee: true },
    orderBy: { recordedAt: "asc" },
    select: { id: true, ground: true, reason: true, recordedAt: true, personId: true },
  });
  const withheld = await withheldFromEmployee(tx, id);
  const events = await tx.auditEvent.findMany({
    where: { subjectType: SUBJECT, subjectId: id, actorId: { notIn: [request.employeeId, ...withheld] }, outcome: { in: ["ALLOWED", "SUCCESS"] } },
    orderBy: { id: "desc" },
    take: 500,
    select: { id: true, occurredAt: true, actorId: true, action: true },
  });
  const ids = [
    ...new Set([...events.map((event) => event.actorId), ...overrides.map((row) => row.personId)].filter((value): value is string => value !== null)),
  ];
  const people = new Map(
    (await tx.person.findMany({ where: { id: { in: ids } }, select: { id: true, firstName: true, lastName: true, preferredName: true } })).map((person) => [
      person.id,
      addressName(person),
    ]),
  );
  return {
    consents: consents.map((row) => ({
      id: row.id,
      to: row.service?.name ?? (row.person ? addressName(row.person) : "—"),
      shares: row.shares,
      reason: row.reason,
      grantedAt: row.grantedAt,
      withdrawnAt: row.withdrawnAt,
    })),
    overrides: overrides.map((row) => ({
      id: row.id,
      ground: row.ground,
      reason: row.reason,
      recordedAt: row.recordedAt,
      by: people.get(row.personId) ?? "Someone",
    })),
    opened: events.map((event) => ({
      id: String(event.id),
      at: event.occurredAt,
      who: (event.actorId && people.get(event.actorId)) ?? "Someone",
      what: OPEN_LABELS[event.action] ?? "Opened your request",
    })),
  };
}

export type ConsentLedger = Awaited<ReturnType<typeof ledgerOf>>;

const ledgerSelect = { id: true, employeeId: true } as const;

/** Inside the transaction of the decision to open the request: its ledger, if the person may manage its consents. */
export async function ledgerIn(context: RequestContext, tx: DbTx, id: string): Promise<ConsentLedger | null> {
  const request = await readPart(context, tx, {
    model: SUBJECT,
    id,
    action: "manageConsent",
    find: (inTx, where) => inTx.supportRequest.findFirst({ where, select: ledgerSelect }),
  });
  return request ? ledgerOf(tx, request) : null;
}

/**
 * The employee's ledger for one request: every consent (to whom, what, when, why, withdrawn when), every
 * safeguarding override they may be told of, and who has opened the record (from the audit trail).
 */
export async function consentLedger(context: RequestContext, id: string): Promise<ConsentLedger> {
  if (!isId(id)) notFound();
  return readAccessible(context, {
    model: SUBJECT,
    id,
    action: "manageConsent",
    auditAction: "access.read.ledger",
    find: async (tx, where) => {
      const request = await tx.supportRequest.findFirst({ where, select: ledgerSelect });
      return request ? ledgerOf(tx, request) : null;
    },
    exists: requestExists,
  });
}

// ─── Sharing more, and withdrawing ─────────────────────────────────────────────

/** Withdraws one consent from now on: whoever it let in cannot open the request any more (their next request is "not found"). */
export async function withdrawConsent(context: RequestContext, id: string, consentId: string): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "manageConsent"),
    async (tx) => {
      if (!isId(consentId)) throw new ChangeRejected({ form: "That consent is not on this request." });
      const { count } = await tx.supportConsent.updateMany({ where: { id: consentId, requestId: id, withdrawnAt: null }, data: { withdrawnAt: new Date() } });
      if (count === 0) throw new ChangeRejected({ form: "That consent was already withdrawn." });
      await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "CONSENT_WITHDRAWN" } });
    },
    { action: "support.consent.withdraw", details: { consentId } },
  );
}

export const GrantSchema = z.object({
  to: z.enum(["SERVICE", "LINE_MANAGER"], { error: "Choose who to share with" }),
  shares: tickedBoxes().pipe(z.array(z.enum(SHARE_ITEMS, { error: "Choose from the list" })).min(1, "Choose at least one thing to share")),
  reason: z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(500, "Keep this under 500 characters")),
});

/** Shares more: with the request's service, or with their own line manager by name. */
export async function grantConsent(context: RequestContext, id: string, grant: z.infer<typeof GrantSchema>): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "manageConsent"),
    async (tx, request) => {
      if (request.status === "DRAFT") throw new ChangeRejected({ to: "Send your request first; then you can share it with others." });
      if (grant.to === "SERVICE") {
        const service = await tx.supportRequest.findUnique({ where: { id }, select: { service: { select: { id: true, name: true, queueRole: true } } } });
        if (!service?.service?.queueRole) throw new ChangeRejected({ to: "This request has no service to share with." });
        await tx.supportConsent.create({
          data: {
            requestId: id,
            serviceId: service.service.id,
            queueRole: service.service.queueRole,
            shares: grant.shares,
            reason: grant.reason || `You shared more with ${service.service.name}`,
          },
        });
      } else {
        const me = await tx.person.findUnique({ where: { id: context.actor.id }, select: { lineManagerId: true } });
        if (!me?.lineManagerId) throw new ChangeRejected({ to: "You have no line manager on record." });
        await tx.supportConsent.create({
          data: { requestId: id, personId: me.lineManagerId, shares: grant.shares, reason: grant.reason || "You chose to tell your line manager" },
        });
      }
      await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "CONSENT_GRANTED" } });
    },
    { action: "support.consent.grant", details: { to: grant.to, shares: grant.shares } },
  );
}

/** The person's own line manager's name, for the "share with my line manager" choice. */
export async function myLineManager(context: RequestContext, tx: DbTx = context.prisma): Promise<string | null> {
  const me = await tx.person.findUnique({
    where: { id: context.actor.id },
    select: { lineManager: { select: { firstName: true, lastName: true, preferredName: true } } },
  });
  return me?.lineManager ? addressName(me.lineManager) : null;
}

// ─── Safeguarding override ─────────────────────────────────────────────────────

export const OverrideSchema = z
  .object({
    ground: z.enum(["CHILD_AT_RISK", "HIGH_RISK_OF_HARM"], { error: "Choose the ground for sharing without consent" }),
    reason: z.string({ error: "Give the reason" }).trim().min(1, "Give the reason").max(2000, "Keep this under 2000 characters"),
    tellEmployee: z.enum(["yes", "no"], { error: "Say whether the employee will be told" }),
    withheldReason: z
      .string()
      .optional()
      .transform((value) => (value ?? "").trim())
      .pipe(z.string().max(2000, "Keep this under 2000 characters")),
  })
  .superRefine((form, ctx) => {
    if (form.tellEmployee === "no" && !form.withheldReason)
      ctx.addIssue({ code: "custom", path: ["withheldReason"], message: "Say why telling them would put someone at risk" });
  });

/** Where a safeguarding lead stands on a request: may they record an override (audited either way), and do they hold one that has not expired? */
export async function requireOverridePage(context: RequestContext, id: string): Promise<{ id: string; already: boolean }> {
  if (!isId(id)) notFound();
  const found = await readAccessible(context, {
    model: SUBJECT,
    id,
    action: "overrideConsent",
    find: (tx, where) =>
      tx.supportRequest.findFirst({
        where,
        select: { id: true, overrides: { where: { personId: context.actor.id, expiresAt: { gt: quietReadNow() } }, select: { id: true } } },
      }),
    exists: requestExists,
  });
  return { id: found.id, already: found.overrides.length > 0 };
}

/**
 * Records a safeguarding override with its reason. The employee is told (in their ledger and history, and by a
 * content-free notice through their safe route) unless that would itself put someone at risk, which is recorded.
 */
export async function recordOverride(context: RequestContext, id: string, form: z.infer<typeof OverrideSchema>): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "overrideConsent"),
    async (tx, request) => {
      // A child-protection concern opens an override at any risk level; the other ground needs a high-risk assessment.
      if (form.ground === "HIGH_RISK_OF_HARM" && (await tx.riskAssessment.count({ where: { requestId: id, level: "HIGH" } })) === 0)
        throw new ChangeRejected({ ground: "This request has not been assessed as high risk: an override here is for a child at risk only" });
      const tell = form.tellEmployee === "yes";
      const recordedAt = quietReadNow();
      const expiresAt = new Date(recordedAt.getTime() + OVERRIDE_HOURS * 3_600_000);
      await tx.safeguardingOverride.create({
        data: {
          requestId: id,
          personId: context.actor.id,
          ground: form.ground,
          reason: form.reason,
          tellEmployee: tell,
          withheldReason: tell ? "" : form.withheldReason,
          recordedAt,
          expiresAt,
        },
      });
      // Told or not, the override is listed for review and its reviewers are alerted at once (without content).
      await noteOverride(tx, {
        readerId: context.actor.id,
        employeeId: request.employeeId,
        requestId: id,
        ground: form.ground,
        reason: form.reason,
        tellEmployee: tell,
        startedAt: recordedAt,
        expiresAt,
      });
      let notified: string = "not told: would put someone at risk";
      if (tell) {
        await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "OVERRIDE", note: form.reason } });
        notified = await notifyEmployee(tx, request);
      }
      return { ground: form.ground, employeeTold: tell, employeeNotified: notified, expiresAt: expiresAt.toISOString() };
    },
    { action: "support.override", details: (done) => done },
  );
}
