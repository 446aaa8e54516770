// A small MIME reader for the mail catcher. It understands what nodemailer writes (headers with encoded words,
// multipart bodies, base64 and quoted-printable, UTF-8 and other charsets TextDecoder knows), which is all the
// catcher ever receives. It is not a general-purpose parser.

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  from: string;
  to: string;
  text: string;
  html: string;
}

interface MimePart {
  headers: Map<string, string>;
  body: string; // bytes as a latin1 string, so no decoding happens before the charset is known
}

function splitHeadersAndBody(raw: string): MimePart {
  const match = /\r?\n\r?\n/.exec(raw);
  const headerBlock = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : "";
  const headers = new Map<string, string>();
  for (const line of headerBlock.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset || "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function quotedPrintableBytes(value: string): Buffer {
  const unfolded = value.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded.slice(i + 1, i + 3);
    if (unfolded[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(unfolded.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 words (=?utf-8?Q?...?= / =?utf-8?B?...?=); neighbours are joined before decoding, as a character may span two. */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const collapsed = value.replace(/(\?=)\s+(?==\?)/g, "$1");
  let result = "";
  let last = 0;
  let pending = null as { charset: string; chunks: Buffer[] } | null;
  const flush = () => {
    if (pending) result += decodeBytes(Buffer.concat(pending.chunks), pending.charset);
    pending = null;
  };
  for (const match of collapsed.matchAll(word)) {
    const [whole, rawCharset = "utf-8", encoding = "Q", data = ""] = match;
    const charset = rawCharset.split("*")[0]!.toLowerCase();
    if (match.index > last || pending?.charset !== charset) {
      flush();
      result += collapsed.slice(last, match.index);
    }
    const bytes = encoding.toUpperCase() === "B" ? Buffer.from(data, "base64") : quotedPrintableBytes(data.replaceAll("_", " "));
    pending ??= { charset, chunks: [] };
    pending.chunks.push(bytes);
    last = match.index + whole.length;
  }
  flush();
  return result + collapsed.slice(last);
}

function headerParam(headerValue: string, name: string): string | undefined {
  const pattern = new RegExp(`;\\s*${name}\\s*=\\s*("((?:[^"\\\\]|\\\\.)*)"|[^;\\s]+)`, "i");
  const match = pattern.exec(headerValue);
  if (!match) return undefined;
  return match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[1];
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const charset = headerParam(part.headers.get("content-type") ?? "", "charset") ?? "utf-8";
  const bytes =
    encoding === "base64"
      ? Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64")
      : encoding === "quoted-printable"
        ? quotedPrintableBytes(part.body)
        : Buffer.from(part.body, "latin1");
  return decodeBytes(bytes, charset);
}

function collectBodies(part: MimePart, found: { text?: string; html?: string }): void {
  const contentType = part.headers.get("content-type") ?? "text/plain";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  const isAttachment = /^attachment/i.test(part.headers.get("content-disposition") ?? "");
  if (mediaType.startsWith("multipart/")) {
    const boundary = headerParam(contentType, "boundary");
    if (!boundary) return;
    const delimiter = `--${boundary}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // The line break before a delimiter belongs to it. sections[0] is the preamble; a section starting with "--"
    // follows the closing delimiter.
    const sections = `\r\n${part.body}`.split(new RegExp(`\\r?\\n${delimiter}`));
    for (const section of sections.slice(1)) {
      if (section.startsWith("--")) break;
      collectBodies(splitHeadersAndBody(section.replace(/^[ \t]*\r?\n/, "")), found);
    }
    return;
  }
  if (isAttachment) return;
  if (mediaType === "text/plain" && found.text === undefined) found.text = decodeBody(part);
  if (mediaType === "text/html" && found.html === undefined) found.html = decodeBody(part);
}

export function parseMail(raw: Buffer): ParsedMail {
  const root = splitHeadersAndBody(raw.toString("latin1"));
  const headers = new Map([...root.headers].map(([name, value]) => [name, decodeEncodedWords(decodeBytes(Buffer.from(value, "latin1"), "utf-8"))]));
  const found: { text?: string; html?: string } = {};
  collectBodies(root, found);
  return {
    headers,
    subject: headers.get("subject") ?? "",
    from: headers.get("from") ?? "",
    to: headers.get("to") ?? "",
    text: found.text ?? "",
    html: found.html ?? "",
  };
}
