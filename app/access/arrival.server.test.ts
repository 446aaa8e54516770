// How an attempt came, from what the browser says: the portal's own page, typed in or bookmarked, or a link on
// another site (of which only the origin is kept, never the address of the page).
import { describe, expect, it } from "vitest";
import { arrivalLabel, arrivalOf } from "./arrival.server";

const PORTAL = "https://portal.northshire.police.invalid";
const request = (headers: Record<string, string>) => new Request(`${PORTAL}/records/ABCD-2345`, { headers });

describe("arrivalOf", () => {
  it.each([
    ["a link on one of the portal's pages", { "sec-fetch-site": "same-origin", referer: `${PORTAL}/records` }, { how: "portal", origin: null }],
    ["typed in or bookmarked", { "sec-fetch-site": "none" }, { how: "typed", origin: null }],
    [
      "a link on another site: its origin only, never the page's address or query",
      { "sec-fetch-site": "cross-site", referer: "https://chat.example.invalid/rooms/42?secret=x#y" },
      { how: "other-site", origin: "https://chat.example.invalid" },
    ],
    ["a link on another site that sent no Referer", { "sec-fetch-site": "cross-site" }, { how: "other-site", origin: null }],
    [
      "another site's form (its Origin)",
      { "sec-fetch-site": "cross-site", origin: "http://127.0.0.1:8025" },
      { how: "other-site", origin: "http://127.0.0.1:8025" },
    ],
    [
      "a sibling site of the same domain",
      { "sec-fetch-site": "same-site", referer: "https://intranet.police.invalid/x" },
      { how: "other-site", origin: "https://intranet.police.invalid" },
    ],
    [
      "no Sec-Fetch-Site, a foreign Referer",
      { referer: "https://mail.example.invalid/inbox/1" },
      { how: "other-site", origin: "https://mail.example.invalid" },
    ],
    ["no Sec-Fetch-Site, the portal's own Referer", { referer: `${PORTAL}/alerts` }, { how: "portal", origin: null }],
    ["nothing said at all", {}, { how: "typed", origin: null }],
    ["a Referer that is not an address", { "sec-fetch-site": "cross-site", referer: "null", origin: "null" }, { how: "other-site", origin: null }],
    ["a javascript: Referer", { referer: "javascript:alert(1)" }, { how: "typed", origin: null }],
  ])("%s", (_name, headers, expected) => {
    expect(arrivalOf(request(headers), PORTAL)).toEqual(expected);
  });

  it("a cross-site mark wins over a Referer that claims to be the portal", () => {
    expect(arrivalOf(request({ "sec-fetch-site": "cross-site", referer: `${PORTAL}/records` }), PORTAL)).toEqual({ how: "other-site", origin: null });
  });

  it("labels what PSD reads", () => {
    expect(arrivalLabel("other-site", "https://chat.example.invalid")).toBe("From a link on another site (https://chat.example.invalid)");
    expect(arrivalLabel("typed", null)).toMatch(/^Typed in or bookmarked/);
    expect(arrivalLabel(null, null)).toBeNull();
  });
});
