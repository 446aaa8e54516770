// The tracked risk items of a record (a support request or a police-suspect case), each with its deadline, what was
// recorded on it and the forms the person may use; overdue in red, in words.
import type { IntentResult } from "~/components/support-request/intent-forms";
import { useFormReply, type FormState } from "~/components/ui/use-form-reply";
import type { ItemView } from "~/models/risk/item-view";
import { DeadlineStatus } from "./deadline-status";
import { FirstContactForm, IdvaAnswerForm, MaracActionForm, MaracListingForm, MaracOutcomeForm, ThreatToLifeForm } from "./risk-item-forms";

export const ITEM_FIELD_ORDER = ["form", "assessed", "rationale", "listedFor", "pastReason", "childrenForScreening", "action", "owner", "outcome", "response"];

export type ItemIntent = "ttl" | "marac-list" | "marac-action" | "marac-outcome" | "idva" | "first-contact";

/** Each item form's state, fed by the last post's reply when that form sent it. */
export function useItemForms(result: IntentResult | undefined): Record<ItemIntent, FormState> {
  const replyTo = (intent: string) => (result && "reply" in result && result.intent === intent ? result.reply : undefined);
  return {
    ttl: useFormReply("risk-ttl", replyTo("ttl")),
    "marac-list": useFormReply("risk-marac-list", replyTo("marac-list")),
    "marac-action": useFormReply("risk-marac-action", replyTo("marac-action")),
    "marac-outcome": useFormReply("risk-marac-outcome", replyTo("marac-outcome")),
    idva: useFormReply("risk-idva", replyTo("idva")),
    "first-contact": useFormReply("risk-first-contact", replyTo("first-contact")),
  };
}

export interface ItemRights {
  decideThreatToLife: boolean;
  manageMarac: boolean;
  manageIdva: boolean;
  firstContact: boolean;
}

interface Props {
  items: ItemView[];
  closed: boolean;
  may: ItemRights;
  forms: Record<ItemIntent, FormState>;
  busy: boolean;
}

export function RiskItemsSection({ items, closed, may, forms, busy }: Props) {
  const formsFor = (item: ItemView) => {
    if (!item.open || closed) return null;
    if (item.kind === "THREAT_TO_LIFE" && may.decideThreatToLife) return <ThreatToLifeForm itemId={item.id} form={forms.ttl} busy={busy} />;
    if (item.kind === "IDVA" && may.manageIdva) return <IdvaAnswerForm itemId={item.id} form={forms.idva} busy={busy} />;
    if (item.kind === "FIRST_CONTACT" && may.firstContact) return <FirstContactForm itemId={item.id} form={forms["first-contact"]} busy={busy} />;
    if (item.kind === "MARAC" && may.manageMarac)
      return (
        <>
          <MaracListingForm itemId={item.id} form={forms["marac-list"]} busy={busy} />
          <MaracActionForm itemId={item.id} form={forms["marac-action"]} busy={busy} />
          {item.listedFor ? <MaracOutcomeForm itemId={item.id} form={forms["marac-outcome"]} busy={busy} /> : null}
        </>
      );
    return null;
  };
  return (
    <>
      {items.map((item) => (
        <section key={item.id} aria-labelledby={`item-${item.id}`} className={`mb-8 ${item.open && item.overdue ? "border-l-4 border-error pl-3" : ""}`}>
          <h2 id={`item-${item.id}`}>{item.label}</h2>
          <p className="mb-2">
            {item.open ? <DeadlineStatus overdue={item.overdue} escalated={item.escalated} due={item.due} /> : `Closed ${item.closedAt}`}
            {item.open && item.reminded && !item.overdue ? " (reminded)" : ""}. Opened {item.opened}.
          </p>
          {item.decision ? <p className="mb-2">Decision: {item.decision}</p> : null}
          {item.listedFor ? (
            <p className="mb-2">
              Listed for the meeting on {item.listedFor}
              {item.listingPastReason ? ` (recorded after the date: ${item.listingPastReason})` : ""}.
            </p>
          ) : null}
          {item.childrenForScreening ? <p className="mb-2">Children noted for joint screening: {item.childrenForScreening}</p> : null}
          {item.actions.length > 0 ? (
            <ul className="mb-2">
              {item.actions.map((row) => (
                <li key={row.id}>
                  {row.action} (owner: {row.owner})
                </li>
              ))}
            </ul>
          ) : null}
          {item.outcome ? <p className="mb-2">Outcome: {item.outcome}</p> : null}
          {item.idvaResponse ? <p className="mb-2">The IDVA's answer: {item.idvaResponse}</p> : null}
          {formsFor(item)}
        </section>
      ))}
    </>
  );
}
