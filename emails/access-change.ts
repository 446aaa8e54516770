import { PRODUCT_NAME, portalLink, renderEmail, type RenderedEmail } from "./layout";

export type AccessChangeState = "proposed" | "approved" | "refused";

export interface AccessChangeParams {
  state: AccessChangeState;
  /** Where to see it: a path into the portal. */
  link: string;
}

const SAID: Record<AccessChangeState, string> = {
  proposed: "A change to someone's access in the portal has been proposed. It waits for a second administrator before it takes effect.",
  approved: "A proposed change to someone's access in the portal was approved by a second administrator and has taken effect.",
  refused: "A proposed change to someone's access in the portal was refused by a second administrator. Nothing was changed.",
};

/** Neutral on purpose: it names neither the person, the change nor who made it; the portal shows that. */
export function accessChangeEmail({ state, link }: AccessChangeParams): RenderedEmail {
  return renderEmail({
    subject: `A change to someone's access in the ${PRODUCT_NAME}`,
    greeting: "Hello,",
    paragraphs: [SAID[state], "Please sign in to the portal to see what it is."],
    action: { label: `Open the ${PRODUCT_NAME}`, href: portalLink(link) },
  });
}
