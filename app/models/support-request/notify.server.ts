// Content-free notices about support requests. The mail says only that something is waiting; its link is a fixed
// page of the portal (never a request's id), and the employee is mailed only through the route they said is safe.
import { attentionNeeded, newMessage } from "#emails/index";
import type { DbTx } from "~/db.server";
import type { Role } from "~/generated/prisma/client";
import { holdsOneOf } from "~/models/people/role-holders";
import { queueMail } from "~/utils/outbox.server";

/** Where a supporter's notice points: the requests shared with them. */
const SUPPORTER_LINK = "/support/queue";
/** Where a notice about a tracked risk item points: the person's own risk deadlines (a fixed page, like every link). */
export const DEADLINES_LINK = "/support/deadlines";
/** Where the employee's notice points: their Support page, which shows what is new (no id: it says nothing about which request). */
const EMPLOYEE_LINK = "/support";

interface Recipient {
  workEmail: string;
  firstName: string;
  preferredName: string | null;
}

const recipientSelect = { workEmail: true, firstName: true, preferredName: true } as const;

export async function tellAtWork(tx: DbTx, people: Recipient[], link: string = SUPPORTER_LINK): Promise<void> {
  for (const person of people) await queueMail(tx, person.workEmail, attentionNeeded({ recipientName: person.preferredName ?? person.firstName, link }));
}

/** The request a notice is about. */
export interface AboutRequest {
  id: string;
  employeeId: string;
}

/**
 * Who may be told of, or handed, a request at all: active, not the employee, and not in the conflict set of the
 * colleague the employee named as harming them (that colleague and everyone above them in line management now,
 * ADR 024), as in the rules. Decided in the database, so the named colleague is never read out of the request.
 */
export function mayBeToldOf(request: AboutRequest) {
  return { active: true, id: { not: request.employeeId }, ...outsideConflictSetOf(request.id) };
}

/** Not the colleague named on request `requestId` as harming the employee, nor above them in line management now. */
export function outsideConflictSetOf(requestId: string) {
  return { chainBelow: { none: { person: { supportNamedAsAbuser: { some: { id: requestId } } } } } };
}

/** Tells the assigned supporter, or if there is none (or they left the service) everyone in it, at work. */
export async function notifySupporters(
  tx: DbTx,
  queueRole: Role,
  assignedToId: string | null,
  request: AboutRequest,
  link: string = SUPPORTER_LINK,
): Promise<void> {
  const inService = { ...mayBeToldOf(request), roles: { some: { role: queueRole } } };
  const assigned = assignedToId ? await tx.person.findMany({ where: { AND: [inService, { id: assignedToId }] }, select: recipientSelect }) : [];
  await tellAtWork(tx, assigned.length > 0 ? assigned : await tx.person.findMany({ where: inService, select: recipientSelect }), link);
}

/** Tells the safeguarding leads (holders of `roles` who may be told of the request) that something needs their attention. */
export async function notifyLeads(tx: DbTx, roles: readonly Role[], request: AboutRequest, link: string = SUPPORTER_LINK): Promise<void> {
  await tellAtWork(tx, await tx.person.findMany({ where: { AND: [mayBeToldOf(request), holdsOneOf(roles)] }, select: recipientSelect }), link);
}

/**
 * Tells holders of `roles` outside the employee's own chain of command (as it is now), who may be told of the request,
 * that something needs their attention: what risk escalation opens to duty inspectors and safeguarding leads never
 * reaches the employee's managers (docs/features/risk-escalation.md).
 */
export async function notifyLeadsOutsideTheirChain(tx: DbTx, roles: readonly Role[], request: AboutRequest, link: string = DEADLINES_LINK): Promise<void> {
  const where = { AND: [mayBeToldOf(request), { chainBelow: { none: { personId: request.employeeId } } }, holdsOneOf(roles)] };
  await tellAtWork(tx, await tx.person.findMany({ where, select: recipientSelect }), link);
}

/**
 * Tells the employee a message (or another update) is waiting: by mail only if they said their work email is safe,
 * and then with no content; otherwise the portal shows it when they sign in. Returns which it was, for the audit row.
 */
export async function notifyEmployee(
  tx: DbTx,
  request: { employeeId: string; safeChannels: string[]; unsafeChannels: string[] },
  kind: "message" | "update" = "update",
): Promise<"work-email" | "in-portal only"> {
  if (!request.safeChannels.includes("WORK_EMAIL") || request.unsafeChannels.includes("WORK_EMAIL")) return "in-portal only";
  const employee = await tx.person.findUnique({ where: { id: request.employeeId }, select: { workEmail: true, active: true } });
  if (!employee?.active) return "in-portal only";
  await queueMail(tx, employee.workEmail, kind === "message" ? newMessage({ link: EMPLOYEE_LINK }) : attentionNeeded({ link: EMPLOYEE_LINK }));
  return "work-email";
}
