// The one place that turns a template's words into mail: every value is escaped here, every link is checked here,
// and nothing leaves here that names the kind of matter the portal deals with.
import { env } from "../app/config/env.server";

export const PRODUCT_NAME = "Staff Support Portal";

/** A link that portalLink() checked points into the portal. Templates accept only these or strings they check. */
export type PortalLink = string & { readonly __portalLink: true };

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailBody {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** The link into the portal; left out for people outside the force, who have no account. */
  action?: { label: string; href: PortalLink };
}

/**
 * Words that must never appear in a subject, body or link: mail is read on shared screens, phones and by mailbox
 * delegates, so it must not reveal why someone uses the portal. Checked at render time as a last line of defence.
 */
export const SENSITIVE_WORDS: readonly RegExp[] = [
  /\bdomestic/i,
  /\babus(e|es|ed|er|ers|ive)\b/i,
  /\bcases?\b/i,
  /\bvictims?\b/i,
  /\bsuspects?\b/i,
  /\ballegations?\b/i,
  /\balleged(ly)?\b/i,
  /\bpsd\b/i,
  /\bprofessional standards\b/i,
  /\bmisconduct\b/i,
  /\bcomplaints?\b/i,
  /\binvestigat(e|es|ed|ion|ions|or|ors)\b/i,
  /\bsafeguarding\b/i,
  /\bviolen(ce|t)\b/i,
  /\bperpetrators?\b/i,
  /\boffen(ce|ces|der|ders)\b/i,
  /\breferrals?\b/i,
  /\bsurvivors?\b/i,
  /\bcoerci(on|ve)\b/i,
  /\brefuge\b/i,
];

export function containsSensitiveWord(value: string): boolean {
  return SENSITIVE_WORDS.some((pattern) => pattern.test(value));
}

export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

function portalBaseUrl(): URL {
  const base = new URL(env().PORTAL_BASE_URL);
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new Error("PORTAL_BASE_URL must be an http:// or https:// address.");
  }
  return base;
}

// Opaque identifiers only: no percent-encoding (which could smuggle any text), no spaces, no credentials.
const SAFE_LINK = /^\/(?!\/)[A-Za-z0-9\-._~/]*(\?[A-Za-z0-9\-._~=&]*)?(#[A-Za-z0-9\-._~]*)?$/;

/**
 * Builds an absolute link into the portal from a path ("/messages") or checks an absolute address is on the portal
 * (same scheme, host and port as PORTAL_BASE_URL, under its path). Anything else is refused. The error never repeats
 * the value, which could be something that must not reach a log.
 */
export function portalLink(pathOrUrl: string): PortalLink {
  const base = portalBaseUrl();
  const basePath = base.pathname.replace(/\/+$/, "");
  let path = pathOrUrl;
  if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) {
    let absolute: URL;
    try {
      absolute = new URL(pathOrUrl);
    } catch {
      throw new Error("An email link must be a path or an address on the portal.");
    }
    const underBase = absolute.pathname === basePath || absolute.pathname.startsWith(`${basePath}/`);
    if (absolute.origin !== base.origin || absolute.username || absolute.password || !underBase) {
      throw new Error("An email link must point to the portal (PORTAL_BASE_URL), not to another site.");
    }
    path = (absolute.pathname.slice(basePath.length) || "/") + absolute.search + absolute.hash;
  }
  if (!SAFE_LINK.test(path) || path.split("/").includes("..")) {
    throw new Error("An email link may only contain a plain path into the portal.");
  }
  if (containsSensitiveWord(path.replace(/[-._~/?=&#]/g, " "))) {
    throw new Error("An email link must not reveal what it is about.");
  }
  return `${base.origin}${basePath}${path}` as PortalLink;
}

/** Greets by preferred first name when it looks like one; otherwise greets nobody in particular. */
export function greetingFor(recipientName?: string): string {
  const name = recipientName?.trim();
  const looksLikeFirstName =
    name !== undefined && /^[\p{L}][\p{L}\p{M}'’-]*( [\p{L}][\p{L}\p{M}'’-]*)?$/u.test(name) && name.length <= 30 && !containsSensitiveWord(name);
  return looksLikeFirstName ? `Hello ${name},` : "Hello,";
}

const FOOTER = `This is an automatic message from the ${PRODUCT_NAME}. Please do not reply to it.`;

function assertNeutral(body: EmailBody): void {
  const words = [body.subject, body.greeting, ...body.paragraphs, body.action?.label ?? ""].join("\n");
  if (containsSensitiveWord(words)) {
    throw new Error("An email template contains words that must not appear in mail.");
  }
}

export function renderEmail(body: EmailBody): RenderedEmail {
  assertNeutral(body);
  const href = body.action ? escapeHtml(body.action.href) : null;
  const muted = "font-size:14px;color:#505a5f;margin:0 0 16px;";
  const paragraph = (text: string) => `<p style="margin:0 0 16px;">${escapeHtml(text)}</p>`;
  const html = [
    "<!DOCTYPE html>",
    '<html lang="en-GB">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(body.subject)}</title>`,
    "</head>",
    '<body style="margin:0;padding:24px;background:#ffffff;color:#0b0c0c;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">',
    `<div role="article" aria-label="${escapeHtml(body.subject)}" style="max-width:600px;margin:0 auto;">`,
    `<p style="margin:0 0 24px;font-weight:bold;">${escapeHtml(PRODUCT_NAME)}</p>`,
    paragraph(body.greeting),
    ...body.paragraphs.map(paragraph),
    ...(body.action && href
      ? [
          `<p style="margin:0 0 16px;"><a href="${href}" style="color:#1d70b8;font-weight:bold;">${escapeHtml(body.action.label)}</a></p>`,
          `<p style="${muted}">If the link does not work, copy this address into your browser:<br>${href}</p>`,
        ]
      : []),
    '<hr style="border:0;border-top:1px solid #b1b4b6;margin:24px 0;">',
    `<p style="${muted}">${escapeHtml(FOOTER)}</p>`,
    "</div>",
    "</body>",
    "</html>",
  ].join("\n");
  const text = [body.greeting, ...body.paragraphs, ...(body.action ? [`${body.action.label}: ${body.action.href}`] : []), "--", FOOTER].join("\n\n");
  return { subject: body.subject, html, text: `${text}\n` };
}
