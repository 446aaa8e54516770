// How a request reached the portal, recorded with every attempt on a restricted case: a crafted link can make a
// colleague's browser attempt a case, so PSD must be able to tell an attempt made from the portal's own pages from one
// typed in (or bookmarked) and from one that came from a link on another site. From the browser's Sec-Fetch-Site and
// the Referer; of another site only its origin (scheme, host, port) is kept, never a full address.

export type ArrivalHow = "portal" | "typed" | "other-site";

export interface Arrival {
  how: ArrivalHow;
  /** For "other-site": the origin of the page it came from, when the browser said (a Referer, or an Origin). */
  origin: string | null;
}

/** The origin of an address, or null for anything that is not an http(s) address (including "null"). */
function originOf(value: string | null): string | null {
  if (!value || value.length > 2048) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

export function arrivalOf(request: Request, portalOrigin: string | null): Arrival {
  const own = new Set([new URL(request.url).origin, ...(portalOrigin ? [originOf(portalOrigin)] : [])]);
  const site = request.headers.get("sec-fetch-site");
  const referer = originOf(request.headers.get("referer"));
  const elsewhere = [referer, originOf(request.headers.get("origin"))].find((origin) => origin !== null && !own.has(origin)) ?? null;
  if (site === "same-origin") return { how: "portal", origin: null };
  if (site === "same-site" || site === "cross-site") return { how: "other-site", origin: elsewhere };
  if (site === "none") return { how: "typed", origin: null };
  // A browser that does not send Sec-Fetch-Site, or a client that is not a browser: the Referer alone says.
  if (elsewhere) return { how: "other-site", origin: elsewhere };
  if (referer) return { how: "portal", origin: null };
  return { how: "typed", origin: null };
}

/** What PSD reads: the alert pages, the case's access log and its export. */
export function arrivalLabel(how: string | null | undefined, origin: string | null | undefined): string | null {
  if (how === "portal") return "From one of the portal's own pages";
  if (how === "typed") return "Typed in or bookmarked (no page linked to it)";
  if (how === "other-site") return origin ? `From a link on another site (${origin})` : "From a link on another site (the site was not given)";
  return null;
}
