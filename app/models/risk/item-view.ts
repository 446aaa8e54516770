// A tracked risk item as a page shows it (a request's or a case's): dates in words, the IDVA's answer in words.
import { formatDateTime, formatDay } from "~/utils/dates";
import { IDVA_RESPONSES } from "./item-rules";

interface ItemRow {
  id: string;
  kind: string;
  label: string;
  overdue: boolean;
  openedAt: Date;
  dueAt: Date;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  closedAt: Date | null;
  ttlAssessed: boolean | null;
  rationale: string;
  decidedAt: Date | null;
  listedFor: Date | null;
  listingPastReason: string;
  outcome: string;
  childrenForScreening: string;
  idvaResponse: string | null;
  actions: { id: string; action: string; owner: string }[];
}

export function itemView(item: ItemRow) {
  return {
    id: item.id,
    kind: item.kind,
    label: item.label,
    open: item.closedAt === null,
    overdue: item.overdue,
    escalated: item.escalatedAt !== null,
    reminded: item.remindedAt !== null,
    due: formatDateTime(item.dueAt),
    opened: formatDateTime(item.openedAt),
    closedAt: item.closedAt ? formatDateTime(item.closedAt) : null,
    decision: item.decidedAt ? `${item.ttlAssessed ? "Assessment done" : "No assessment"} (${formatDateTime(item.decidedAt)}): ${item.rationale}` : null,
    listedFor: item.listedFor ? formatDay(item.listedFor) : null,
    listingPastReason: item.listingPastReason,
    childrenForScreening: item.childrenForScreening,
    outcome: item.outcome,
    idvaResponse: item.idvaResponse === "ACCEPTED" || item.idvaResponse === "DECLINED" ? IDVA_RESPONSES[item.idvaResponse] : null,
    actions: item.actions.map((row) => ({ id: row.id, action: row.action, owner: row.owner })),
  };
}

export type ItemView = ReturnType<typeof itemView>;
