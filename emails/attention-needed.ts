import { PRODUCT_NAME, greetingFor, portalLink, renderEmail, type RenderedEmail } from "./layout";

export interface AttentionNeededParams {
  /** Preferred first name only; anything that does not look like one is left out. */
  recipientName?: string;
  /** A path into the portal ("/messages") or an address on PORTAL_BASE_URL. */
  link: string;
}

export function attentionNeededEmail({ recipientName, link }: AttentionNeededParams): RenderedEmail {
  return renderEmail({
    subject: `Something in the ${PRODUCT_NAME} needs your attention`,
    greeting: greetingFor(recipientName),
    paragraphs: [`Something in the ${PRODUCT_NAME} needs your attention.`, "Please sign in to the portal to see what it is."],
    action: { label: `Open the ${PRODUCT_NAME}`, href: portalLink(link) },
  });
}
