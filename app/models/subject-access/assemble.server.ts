// What the portal holds about a person, item by item, for a subject-access request: which record and which part of it,
// disclosed or withheld and on what ground. Items name parts of records; they never copy their content.
import type { DbTx } from "~/db.server";
import { formatDate } from "~/utils/dates";
import type { Exemption } from "./exemptions";

export interface AssembledItem {
  sourceType: string;
  sourceId: string;
  part: string;
  label: string;
  disclosed: boolean;
  exemption: Exemption | null;
}

const disclosed = (sourceType: string, sourceId: string, part: string, label: string): AssembledItem => ({
  sourceType,
  sourceId,
  part,
  label,
  disclosed: true,
  exemption: null,
});
const withheld = (sourceType: string, sourceId: string, part: string, label: string, exemption: Exemption): AssembledItem => ({
  sourceType,
  sourceId,
  part,
  label,
  disclosed: false,
  exemption,
});

/** Every item about `personId`: their own records in full; their part of case files, with what is withheld and why. */
export async function assembleItems(tx: DbTx, personId: string): Promise<AssembledItem[]> {
  const items: AssembledItem[] = [disclosed("Person", personId, "DETAILS", "Their details in the directory: name, pronouns, rank or grade, unit, work email")];
  items.push(...(await ownRecords(tx, personId)));
  items.push(...(await caseParts(tx, personId)));
  const actions = await tx.auditEvent.count({ where: { actorId: personId } });
  if (actions > 0)
    items.push(disclosed("AuditEvent", personId, "OWN_ACTIONS", `The audit trail's record of their own sign-ins and actions (${actions} entries)`));
  return items;
}

async function ownRecords(tx: DbTx, personId: string): Promise<AssembledItem[]> {
  const items: AssembledItem[] = [];
  const requests = await tx.supportRequest.findMany({
    where: { employeeId: personId },
    select: { id: true, status: true, submittedAt: true, createdAt: true, overrides: { select: { id: true, withheldReason: true } } },
    orderBy: { createdAt: "asc" },
  });
  for (const request of requests) {
    const when = formatDate(request.submittedAt ?? request.createdAt);
    const name = request.status === "DRAFT" ? `Unsent support request (started ${when})` : `Support request (sent ${when})`;
    items.push(
      disclosed("SupportRequest", request.id, "REQUEST", `${name}: what they wrote, safe contact, messages, who it was shared with and who opened it`),
    );
    for (const override of request.overrides) {
      // An override the employee was not told of stays withheld while telling them would put someone at risk.
      items.push(
        override.withheldReason
          ? withheld("SafeguardingOverride", override.id, "OVERRIDE", `${name}: a safeguarding override they were not told of`, "SERIOUS_HARM")
          : disclosed("SafeguardingOverride", override.id, "OVERRIDE", `${name}: a safeguarding override and its reason`),
      );
    }
  }
  const counts: [string, string, number][] = [
    ["IncidentEntry", "Their incident log", await tx.incidentEntry.count({ where: { personId } })],
    [
      "ConversationRecord",
      "Records of supportive conversations with their line manager",
      await tx.conversationRecord.count({ where: { employeeId: personId } }),
    ],
    ["SafetyMeasure", "Their workplace safety plan", await tx.safetyMeasure.count({ where: { employeeId: personId } })],
    ["PersonalOrderNotice", "Their notices of court orders", await tx.personalOrderNotice.count({ where: { personId } })],
  ];
  for (const [type, label, count] of counts) if (count > 0) items.push(disclosed(type, personId, "ALL", `${label} (${count})`));
  return items;
}

/** Their part of each case they are in: as the person who reported, the victim, the interested person or the suspect. */
async function caseParts(tx: DbTx, personId: string): Promise<AssembledItem[]> {
  const cases = await tx.policeSuspectCase.findMany({
    where: { OR: [{ reportedById: personId }, { victimPersonId: personId }, { interestedPersonId: personId }, { suspectPersonId: personId }] },
    select: {
      id: true,
      reference: true,
      status: true,
      reportedById: true,
      victimPersonId: true,
      interestedPersonId: true,
      suspectPersonId: true,
      criminalTrack: { select: { status: true } },
      conductTrack: { select: { caseId: true } },
    },
    orderBy: { reportedAt: "asc" },
  });
  const items: AssembledItem[] = [];
  for (const found of cases) {
    const open = found.status === "OPEN";
    const item = (part: string, what: string, exemption: Exemption | null) =>
      exemption
        ? withheld("PoliceSuspectCase", found.id, part, `Case ${found.reference}: ${what}`, exemption)
        : disclosed("PoliceSuspectCase", found.id, part, `Case ${found.reference}: ${what}`);
    if (found.suspectPersonId === personId) {
      // The suspect is never given the victim's account or contact details, nor anything while the investigation is open.
      items.push(item("ACCOUNT", "the account given in the report (the victim's)", "THIRD_PARTY"));
      items.push(item("VICTIM", "who the victim is and how to contact them", "THIRD_PARTY"));
      items.push(item("STATUS", "that the case exists, its status and dates", open ? "CRIME" : null));
      if (found.conductTrack) items.push(item("CONDUCT", "the conduct matter: its type, the decision on their duties and the outcome", open ? "CRIME" : null));
      if (found.criminalTrack) items.push(item("CRIMINAL", "the criminal investigation's status and outcome", open ? "CRIME" : null));
      continue;
    }
    const role = found.reportedById === personId ? "the report they made" : "the report about what happened to them";
    items.push(item("ACCOUNT", `${role}, as they gave it or as it was recorded`, null));
    items.push(item("STATUS", "its status and dates", null));
    if (found.interestedPersonId === personId) items.push(item("UPDATES", "the updates published to them as an interested person", null));
    items.push(item("SUSPECT", "who the suspect is and what is recorded about them", "THIRD_PARTY"));
    if (found.criminalTrack) items.push(item("CRIMINAL", "the criminal investigation's status and outcome", open ? "CRIME" : null));
    items.push(item("DECLARATIONS", "the declarations of conflicts of interest by those working on it", "THIRD_PARTY"));
  }
  return items;
}
