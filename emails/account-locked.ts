import { PRODUCT_NAME, portalLink, renderEmail, type RenderedEmail } from "./layout";

export interface AccountLockedParams {
  /** How long the account stays locked. */
  minutes: number;
  /** Usually the sign-in page: a path into the portal or an address on PORTAL_BASE_URL. */
  link: string;
}

function describeDuration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60) {
    throw new Error("The lock duration must be a whole number of minutes between 1 and 10080.");
  }
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 1 ? "1 hour" : `${hours} hours`;
  }
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export function accountLockedEmail({ minutes, link }: AccountLockedParams): RenderedEmail {
  return renderEmail({
    subject: `Your ${PRODUCT_NAME} account has been locked`,
    greeting: "Hello,",
    paragraphs: [
      `Your ${PRODUCT_NAME} account has been locked for ${describeDuration(minutes)} after several unsuccessful attempts to sign in.`,
      "You can sign in again once that time has passed.",
      "If you did not try to sign in, please contact the IT service desk.",
    ],
    action: { label: "Go to the sign-in page", href: portalLink(link) },
  });
}
