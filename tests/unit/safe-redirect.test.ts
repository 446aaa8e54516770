import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/utils/safe-redirect";

// Known open-redirect bypasses (tabs, newlines, backslashes, encoded slashes, schemes, lookalikes): each must fall back
// to the home page, never to another site.
const BYPASSES = [
  "//evil.example",
  "///evil.example",
  "////evil.example",
  "/\\evil.example",
  "\\/evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/ /evil.example",
  "/\u0000/evil.example",
  "/\u000b/evil.example",
  "/\u000c/evil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "/..//evil.example",
  "/\\/evil.example",
  "\\/\\/evil.example",
  "https://evil.example",
  "http:evil.example",
  "http:/evil.example",
  "https:\\\\evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "javascript://%0aalert(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "vbscript:msgbox(1)",
  "evil.example",
  "@evil.example",
  "／／evil.example", // fullwidth solidus
  "/\u3000/evil.example", // ideographic space
  "/\u00a0/evil.example", // no-break space
  "/\u2028/evil.example", // line separator
  "/\ufeff/evil.example", // byte order mark
  "",
];

describe("safeRedirect", () => {
  it.each(BYPASSES.map((target) => [JSON.stringify(target), target]))("refuses %s", (_shown, target) => {
    const result = safeRedirect(target);
    expect(result).toBe("/");
  });

  it("has at least 30 bypasses to refuse", () => {
    expect(BYPASSES.length).toBeGreaterThanOrEqual(30);
  });

  it.each([
    ["/", "/"],
    ["/records", "/records"],
    ["/records?show=open&page=2", "/records?show=open&page=2"],
    ["/support/requests/abc#reply", "/support/requests/abc#reply"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"], // an encoded slash stays a path on this site
    ["/records/../alerts", "/alerts"],
  ])("keeps the path on this site %s", (target, expected) => {
    expect(safeRedirect(target)).toBe(expected);
  });

  it("refuses what is not a string, with the fallback given", () => {
    expect(safeRedirect(null, "/home")).toBe("/home");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File([], "x"))).toBe("/");
  });

  it("whatever it returns, a browser resolves to this site", () => {
    const base = "https://portal.example";
    for (const target of BYPASSES) expect(new URL(safeRedirect(target), base).origin).toBe(base);
  });
});
