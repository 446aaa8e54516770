import { PRODUCT_NAME, portalLink, renderEmail, type RenderedEmail } from "./layout";

export interface NewMessageParams {
  /** Where the message can be read: a path into the portal or an address on PORTAL_BASE_URL. */
  link: string;
}

/** Says only that a message is waiting; its content is shown in the portal and never sent by mail. */
export function newMessageEmail({ link }: NewMessageParams): RenderedEmail {
  return renderEmail({
    subject: `You have a new message in the ${PRODUCT_NAME}`,
    greeting: "Hello,",
    paragraphs: [`You have a new message in the ${PRODUCT_NAME}.`, "For your privacy, messages are only shown in the portal. Please sign in to read it."],
    action: { label: "Read your message", href: portalLink(link) },
  });
}
