// The guide's text format, parsed into blocks that React renders as text: administrators write plain text, and no
// HTML they type ever reaches a page. Blank lines separate paragraphs; lines starting "- " are list items;
// [words](/path) is a link, allowed only to a page inside the portal.

import type { PortalPath } from "~/utils/portal-path";

export type Inline = { kind: "text"; text: string } | { kind: "link"; text: string; href: PortalPath };
export type Block = { kind: "paragraph"; content: Inline[] } | { kind: "list"; items: Inline[][] };

const LINK = /\[([^\]\n]{1,200})\]\(([^)\s]{1,200})\)/g;
/** A path inside the portal: no scheme, no second slash (another host), no percent-encoding or backslashes. */
const INTERNAL_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~/]*(\?[A-Za-z0-9\-._~=&]*)?(#[A-Za-z0-9\-._~]*)?$/;

export function isInternalPath(href: string): href is PortalPath {
  return INTERNAL_PATH.test(href);
}

/** Text with its links: a link to anywhere outside the portal stays as the literal text the administrator typed. */
export function parseInline(text: string): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const [whole, words, href] = match;
    if (!isInternalPath(href!)) continue;
    if (match.index > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    parts.push({ kind: "link", text: words!, href: href! });
    last = match.index + whole.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

export function parseGuideMarkup(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    const lines = chunk
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    let paragraph: string[] = [];
    let list: Inline[][] = [];
    const flushParagraph = () => {
      if (paragraph.length) blocks.push({ kind: "paragraph", content: parseInline(paragraph.join(" ")) });
      paragraph = [];
    };
    const flushList = () => {
      if (list.length) blocks.push({ kind: "list", items: list });
      list = [];
    };
    for (const line of lines) {
      if (line.startsWith("- ")) {
        flushParagraph();
        list.push(parseInline(line.slice(2).trim()));
      } else {
        flushList();
        paragraph.push(line);
      }
    }
    flushParagraph();
    flushList();
  }
  return blocks;
}

/** Links in `body` that point outside the portal (shown to the administrator as an error). */
export function externalLinks(body: string): string[] {
  return [...body.matchAll(LINK)].map((match) => match[2]!).filter((href) => !isInternalPath(href));
}
