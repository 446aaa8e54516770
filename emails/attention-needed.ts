import { PRODUCT_NAME, containsSensitiveWord, greetingFor, portalLink, renderEmail, type RenderedEmail } from "./layout";

/** How an attempt reached the portal (app/access/arrival.server.ts): said in an access alert's mail, nothing more. */
export interface MailArrival {
  how: "portal" | "typed" | "other-site";
  /** For "other-site": the other site's origin (scheme, host, port), when the browser said. */
  origin: string | null;
}

export interface AttentionNeededParams {
  /** Preferred first name only; anything that does not look like one is left out. */
  recipientName?: string;
  /** A path into the portal ("/messages") or an address on PORTAL_BASE_URL. */
  link: string;
  /** For an alert on an attempt: how it came, so that a crafted link cannot quietly frame the person who followed it. */
  arrival?: MailArrival;
}

// An origin as the browser gives it, and nothing else (no path, no query, no credentials).
const PLAIN_ORIGIN = /^https?:\/\/[a-z0-9.\-[\]:]+$/;

/** How it came, in words that say nothing of what was attempted. Another site's origin only when it is a plain one that
 * itself says nothing sensitive (a site's name is chosen by whoever made the link); otherwise the portal shows it. */
export function arrivalSentence(arrival: MailArrival): string {
  if (arrival.how === "portal") return "It came from a page of this portal.";
  if (arrival.how === "typed") return "It was typed in or bookmarked: no page linked to it.";
  const origin = arrival.origin?.toLowerCase() ?? null;
  if (origin === null) return "It was followed from another site (the browser did not say which).";
  if (!PLAIN_ORIGIN.test(origin) || origin.length > 200 || containsSensitiveWord(origin.replace(/[-.:/[\]]/g, " ")))
    return "It was followed from another site (the portal shows which).";
  return `It was followed from another site: ${origin}`;
}

export function attentionNeededEmail({ recipientName, link, arrival }: AttentionNeededParams): RenderedEmail {
  return renderEmail({
    subject: `Something in the ${PRODUCT_NAME} needs your attention`,
    greeting: greetingFor(recipientName),
    paragraphs: [
      `Something in the ${PRODUCT_NAME} needs your attention.`,
      ...(arrival ? [arrivalSentence(arrival)] : []),
      "Please sign in to the portal to see what it is.",
    ],
    action: { label: `Open the ${PRODUCT_NAME}`, href: portalLink(link) },
  });
}
