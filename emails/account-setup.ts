import { PRODUCT_NAME, portalLink, renderEmail, type RenderedEmail } from "./layout";

export interface AccountSetupParams {
  /** The one-time set-up page: a path into the portal. */
  link: string;
  /** How long the link works. */
  hours: number;
}

/** Sent to the person's own work address: they choose their password themselves; no administrator ever knows it. */
export function accountSetupEmail({ link, hours }: AccountSetupParams): RenderedEmail {
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 14) throw new Error("The link's lifetime must be a whole number of hours between 1 and 336.");
  return renderEmail({
    subject: `Set up your ${PRODUCT_NAME} account`,
    greeting: "Hello,",
    paragraphs: [
      `An account in the ${PRODUCT_NAME} is ready for you. Choose your own password with the link below: nobody else, not even an administrator, will know it.`,
      `The link works once and expires after ${hours} hours. If it has expired, ask an administrator to send a new one.`,
      "If you did not expect this mail, do not use the link and contact the IT service desk.",
    ],
    action: { label: "Choose your password", href: portalLink(link) },
  });
}
