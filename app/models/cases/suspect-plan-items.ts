// The items of a suspect's risk and duties plan, and the choices for each, as data: a force adds an item to the
// SuspectDutyKind enum and a row here, and the page, the form and the checks follow. Words shown to PSD only.
import type { SupportOfferResponse, SuspectDutyKind, SuspectSupportKind } from "~/generated/prisma/enums";

export interface SuspectDutyItem {
  label: string;
  hint: string;
  /** The decisions that can be recorded on the item, by stored value. */
  choices: Record<string, string>;
}

export const SUSPECT_DUTY_ITEMS: Record<SuspectDutyKind, SuspectDutyItem> = {
  DUTIES_STATUS: {
    label: "Suspension or restricted duties",
    hint: "Whether the suspect stays on full duties, is restricted, or is suspended.",
    choices: { "no-restriction": "No suspension or restriction", restricted: "Restricted duties", suspended: "Suspended" },
  },
  ROLE_REMOVAL: {
    label: "Public-facing, call-handling and firearms roles",
    hint: "Whether the suspect is removed from roles that put them in contact with the public, victims' calls or firearms.",
    choices: {
      "stays-in-role": "Stays in their role",
      "removed-public-facing": "Removed from public-facing duties",
      "removed-call-handling": "Removed from call handling",
      "removed-firearms-role": "Removed from a firearms role",
      "removed-several": "Removed from more than one of these roles",
    },
  },
  FIREARMS: {
    label: "Firearms authorisation and licence",
    hint: "A firearms authorisation at work, or a firearms or shotgun licence at home.",
    choices: {
      "not-applicable": "Holds neither",
      "authorisation-suspended": "Firearms authorisation suspended",
      "licence-referred": "Licence referred to firearms licensing",
      "both-actioned": "Authorisation suspended and licence referred",
      "no-action": "Considered: no action",
    },
  },
  WARRANT_CARD_AND_EQUIPMENT: {
    label: "Warrant card and equipment",
    hint: "Warrant card, PAVA, baton, radio and other equipment.",
    choices: { retained: "Kept by the suspect", "warrant-card-withdrawn": "Warrant card withdrawn", "all-withdrawn": "Warrant card and equipment withdrawn" },
  },
  SYSTEMS_ACCESS: {
    label: "Police-systems access",
    hint: "Access to police systems, and monitoring for searches of the victim, their address or the case.",
    choices: {
      unchanged: "Access unchanged",
      monitored: "Access monitored for searches of the victim, their address or the case",
      restricted: "Access restricted",
      "restricted-and-monitored": "Access restricted and monitored",
    },
  },
  DISTANCE_FROM_VICTIM: {
    label: "Distance from the victim at work",
    hint: "Keeping the suspect away from the victim's place of work, shifts and teams.",
    choices: {
      "not-needed": "Not needed (the victim does not work for the force or works far away)",
      "moved-suspect": "The suspect is moved",
      "shifts-separated": "Shifts or teams separated",
      "victim-consulted": "Arrangements agreed with the victim",
    },
  },
  VETTING_REVIEW: {
    label: "Vetting review",
    hint: "Whether the suspect's vetting is referred for review.",
    choices: { referred: "Referred for a vetting review", "not-referred": "Considered: not referred" },
  },
};

export const SUSPECT_DUTY_KINDS = Object.keys(SUSPECT_DUTY_ITEMS) as SuspectDutyKind[];

/** The item a page names (`?item=FIREARMS`), if it names one. */
export function suspectDutyKind(value: string | null | undefined): SuspectDutyKind | null {
  return SUSPECT_DUTY_KINDS.find((kind) => kind === value) ?? null;
}

export const SUSPECT_SUPPORT_LABELS: Record<SuspectSupportKind, string> = {
  OCCUPATIONAL_HEALTH: "Occupational health",
  STAFF_ASSOCIATION: "Staff association",
  POLICE_FEDERATION: "Police Federation",
  TRADE_UNION: "Trade union",
};

export const SUPPORT_OFFER_RESPONSE_LABELS: Record<SupportOfferResponse, string> = {
  NOT_YET_KNOWN: "Not yet known",
  ACCEPTED: "Accepted",
  DECLINED: "Declined",
};
