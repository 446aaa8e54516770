import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { rateLimit as expressRateLimit, type Store } from "express-rate-limit";
import onHeaders from "on-headers";
import { CLIENT_ADDRESS_HEADER } from "../app/auth/client-info.server";
import { sendPlainPage } from "./plain-page";

/** Strict headers on every response; a fresh nonce lets React Router's own inline scripts run and nothing else. */
/**
 * `hotReload` is for `npm run dev` alone: Vite's module reloading needs a WebSocket. Any other server's pages may
 * connect only to the portal itself.
 */
export function securityHeaders(options: { secure: boolean; quickExitUrl?: string; hotReload?: boolean }) {
  // The quick exit's form (without JavaScript) posts to the portal, which redirects to the neutral site: form-action
  // governs that redirect too, so the neutral site's origin is the one other place a form may lead.
  const formAction = ["'self'", ...(options.quickExitUrl ? [new URL(options.quickExitUrl).origin] : [])].join(" ");
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    // For the pages answered before React Router is reached (server/plain-page.ts): their quick exit goes there too.
    res.locals.quickExitUrl = options.quickExitUrl;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        `connect-src 'self'${options.hotReload ? " ws:" : ""}`,
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        `form-action ${formAction}`,
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    // No other site (such as the neutral site a quick exit opens) learns where the person came from. Not
    // "no-referrer": browsers then send `Origin: null` on the portal's own forms, which the origin check must refuse.
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (options.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // Pages may hold personal information: never keep them in a shared or browser cache.
    if (!req.path.startsWith("/assets/")) {
      res.setHeader("Cache-Control", "no-store");
      keepNoStoreAlone(res);
    }
    next();
  };
}

/**
 * React Router's Express adapter appends each header of its answer to those already set, so a Cache-Control of its
 * own would become a second one beside no-store (its lazy route manifest asked for "public, max-age=31536000,
 * immutable" before ADR 034 made the manifest a static file). Just before the headers leave, anything appended to
 * no-store is dropped. A header that replaced no-store (the static files at the root set their own) is left alone.
 */
function keepNoStoreAlone(res: Response) {
  onHeaders(res, () => {
    const cacheControl = res.getHeader("Cache-Control");
    if (Array.isArray(cacheControl) && cacheControl.includes("no-store")) res.setHeader("Cache-Control", "no-store");
  });
}

/** The audit trail records the peer address that Express saw; a client cannot supply its own. */
export function recordClientAddress(req: Request, _res: Response, next: NextFunction) {
  req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? req.socket.remoteAddress ?? "";
  next();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery: the session cookie is SameSite=Lax, and every state-changing request must also come
 * from the portal's own pages (Origin, or Sec-Fetch-Site where a browser sends no Origin).
 */
export function sameOriginOnly(allowedOrigins: () => string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    const ownOrigin = `${req.protocol}://${req.get("host")}`;
    const fetchSite = req.get("sec-fetch-site");
    // "null" is an opaque origin (a sandboxed frame, a page from a file, a redirect across sites): never the portal's own
    // page. React Router refuses it too, but only after logging an error, so it is refused here first.
    const allowed =
      origin !== undefined
        ? origin === ownOrigin || allowedOrigins().includes(origin)
        : fetchSite === undefined || fetchSite === "same-origin" || fetchSite === "none";
    if (allowed) return next();
    sendPlainPage(res, 403, "Request refused", "This form was sent from another site, so it was not accepted. Go back to the portal and try again.");
  };
}

/** The body's limit counts every byte as it arrives, chunked or compressed (ADR 032). */
export { bodyLimit } from "./body-limit";

/**
 * A path as the router will treat it: percent-decoded, lower case, without repeated or trailing slashes. The limit is
 * matched on this, so `/sign-in/`, `/SIGN-IN`, `/%73ign-in` and `/sign-in.data`, which reach the same action, count as
 * `/sign-in`.
 */
export function normalisedPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // rejectMalformedUrls answers such an address with 400 before it gets here.
  }
  const collapsed = decoded.toLowerCase().replace(/\/{2,}/g, "/");
  const trimmed = collapsed.length > 1 ? collapsed.replace(/\/+$/, "") : collapsed;
  // React Router's own pages post to `<path>.data` (single fetch): the same action.
  return trimmed.endsWith(".data") ? trimmed.slice(0, -".data".length) || "/" : trimmed;
}

/**
 * Limits POSTs to the given paths per client address (express-rate-limit), matched after normalisation. An IPv6
 * client is keyed by its /56 subnet, so a single host cannot step round the limit by changing addresses within it.
 * The address is Express's `req.ip`: forwarded headers count only from the configured number of proxy hops
 * (`trust proxy`, set from TRUST_PROXY in server.ts), so a forged X-Forwarded-For gives no fresh allowance.
 * `store` keeps the counts where every server process shares them (the database, server.ts); without one each
 * process counts in its own memory.
 */
export function rateLimit(options: { windowMs: number; max: number; paths: string[]; store?: Store }) {
  const paths = new Set(options.paths.map(normalisedPath));
  return expressRateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    ipv6Subnet: 56,
    ...(options.store ? { store: options.store } : {}),
    skip: (req) => req.method !== "POST" || !paths.has(normalisedPath(req.path)),
    handler: (_req, res, _next, limited) => {
      sendPlainPage(
        res,
        limited.statusCode,
        "Too many attempts",
        "There have been too many sign-in attempts from this device. Wait a few minutes, then try again.",
      );
    },
  });
}

/** An address that cannot be decoded is a bad request (400), not a server error. */
export function rejectMalformedUrls(req: Request, res: Response, next: NextFunction) {
  try {
    decodeURIComponent(req.path);
    next();
  } catch {
    sendPlainPage(res, 400, "Page not found", "That address is not valid. Check it, or go back to the portal.");
  }
}
