// Where the portal may send someone after sign-in: only a path on this site. The target is parsed as a browser would
// parse it (the WHATWG URL parser drops tabs and newlines and reads backslashes as slashes), and what is returned is
// the parsed path, so what was checked is exactly what the browser will follow.
const PLACEHOLDER_ORIGIN = "http://portal.invalid";

// Control characters, whitespace and backslashes never belong in a path the portal links to; browsers strip or
// rewrite them, which is how "/\t/evil.example" becomes "//evil.example".
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u00a0\\\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** A path on this site (with its query and fragment), or `fallback` for anything else: never another host. */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || UNSAFE_CHARACTERS.test(target)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(target, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  const path = parsed.pathname + parsed.search + parsed.hash;
  // "/.//evil.example" parses to the path "//evil.example", which a browser would read as another host.
  if (parsed.origin !== PLACEHOLDER_ORIGIN || !path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
