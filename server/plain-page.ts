// The page for answers given before React Router is reached (a form from another site, too much data, too many
// attempts, an address that cannot be read, a server fault). Whoever lands on it may be a victim being watched: it
// has the portal's neutral title, its quick exit (the button, and Escape twice, from public/quick-exit.js), the demo
// banner where there is one, and landmarks, like every other page. It cannot use the app's built stylesheet (whose
// name the build chooses), so its few styles are inline, in the same colours.
import type { Response } from "express";
import { DEMO_NOTICE, isDemo } from "../app/config/build-flavour";
import { PRODUCT_NAME, pageTitle } from "../app/utils/page-title";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLES = `body{font-family:system-ui,sans-serif;margin:0;color:#0b0c0c;line-height:1.5}
header{background:#1d3a5f;color:#fff}header p{margin:0;max-width:60rem;padding:1rem 10rem 1rem 1rem;font-size:1.25rem;font-weight:700}
.demo{background:#ffdd00;color:#0b0c0c;border-bottom:4px solid #000;font-size:1rem;font-weight:400}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}a{color:#1d3a5f}
.quick-exit{position:fixed;top:.75rem;right:.75rem;margin:0}
.quick-exit button{background:#b10e1e;color:#fff;border:0;border-bottom:2px solid rgba(0,0,0,.4);padding:.5rem 1rem;font:inherit;font-weight:600;cursor:pointer}
:focus-visible{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap}`;

/** The page's HTML. `nonce` lets the quick exit's script run under the content security policy. */
function plainPage(heading: string, message: string, shell: { nonce?: string; quickExitUrl?: string } = {}): string {
  const nonce = shell.nonce ? ` nonce="${escape(shell.nonce)}"` : "";
  const url = escape(shell.quickExitUrl ?? "https://www.bbc.co.uk/weather");
  const demo = isDemo ? `<p class="demo"><strong>Demo:</strong> ${escape(DEMO_NOTICE)}</p>` : "";
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin"><title>${escape(pageTitle(heading))}</title><style>${STYLES}</style>
<script src="/quick-exit.js" defer${nonce}></script></head>
<body><header><form method="post" action="/quick-exit" class="quick-exit"><button type="submit" data-quick-exit="" data-url="${url}" aria-describedby="quick-exit-hint">Quick exit</button>
<span id="quick-exit-hint" class="sr-only">Leaves this site at once and opens a weather page. You can also press the Escape key twice.</span></form>
${demo}<p>${PRODUCT_NAME}</p></header>
<main id="main"><h1>${escape(heading)}</h1><p>${escape(message)}</p><p><a href="/">Back to the portal</a></p></main></body></html>`;
}

/** Sends the page with `status`, inside the shell of the response's own security headers (nonce, quick exit). */
export function sendPlainPage(res: Response, status: number, heading: string, message: string): void {
  const shell = { nonce: res.locals.cspNonce as string | undefined, quickExitUrl: res.locals.quickExitUrl as string | undefined };
  res
    .status(status)
    .type("html")
    .send(plainPage(heading, message, shell));
}
