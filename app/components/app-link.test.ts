import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PortalPath } from "~/utils/portal-path";
import { AppLink } from "./app-link";

const render = (to: PortalPath, props: Record<string, string> = {}) => renderToStaticMarkup(createElement(AppLink, { to, ...props, children: "Records" }));

describe("AppLink", () => {
  it("draws a plain anchor to the address, marked for the shell's click handler, with the attributes it is given", () => {
    expect(render("/records?page=2", { className: "underline", "aria-current": "page" })).toBe(
      '<a href="/records?page=2" class="underline" aria-current="page" data-app-link="">Records</a>',
    );
    expect(render("/guide", { rel: "help", "aria-label": "The guide" })).toBe(
      '<a href="/guide" rel="help" aria-label="The guide" data-app-link="">Records</a>',
    );
  });

  it("refuses an address a browser reads as another site, as React Router's Link does", () => {
    expect(() => render("//evil.invalid/records")).toThrow("not another site");
    expect(() => render("/\\evil.invalid")).toThrow("not another site");
  });
});
