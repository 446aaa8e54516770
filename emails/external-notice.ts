import { PRODUCT_NAME, renderEmail, type RenderedEmail } from "./layout";

export interface ExternalNoticeParams {
  /** The sending force's short name ("Northshire"). */
  fromForce: string;
}

/**
 * To a mailbox outside the force (a police and crime commissioner, another force's nominated officer): they have no
 * account, so there is no link, and nothing about the matter itself; the officer responsible follows it up in person.
 */
export function externalNoticeEmail({ fromForce }: ExternalNoticeParams): RenderedEmail {
  return renderEmail({
    subject: `A confidential matter from ${fromForce} (${PRODUCT_NAME})`,
    greeting: "Hello,",
    paragraphs: [
      `A confidential matter from ${fromForce} needs your attention.`,
      "Their nominated senior officer will contact you through the agreed secure route to pass on the details. You do not need to do anything until then.",
    ],
  });
}
