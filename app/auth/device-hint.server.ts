// "Chrome on Windows": enough for a person to recognise their own device in "Where you're signed in", read from the
// user agent their browser sent at sign-in (which any browser may misstate: it is a hint, not a proof).
import Bowser from "bowser";

export function deviceHint(userAgent: string | null): string {
  if (!userAgent?.trim()) return "Unknown browser";
  const { browser, os, platform } = Bowser.parse(userAgent);
  const name = browser.name || "Unknown browser";
  const system = os.name ? ` on ${os.name}${os.versionName ? ` ${os.versionName}` : ""}` : "";
  const kind = platform.type === "mobile" || platform.type === "tablet" ? ` (${platform.type})` : "";
  return `${name}${system}${kind}`;
}
