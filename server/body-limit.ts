// The limit on what a request may send (issue 16, ADR 032). Content-Length alone is no limit: a chunked body has none,
// and a small gzip body can inflate to gigabytes. So the body is read here, before the origin check, the sign-in limit,
// the session or any route: every byte is counted as it arrives (and again after inflating gzip or deflate), and the
// moment the count passes the limit the request is answered 413 and its connection closed. Only a body read whole
// and within the limit goes on, to React Router, decoded, with its true length.
import { Readable } from "node:stream";
import { createGunzip, createInflate } from "node:zlib";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { sendPlainPage } from "./plain-page";

/** More than any form of the portal ever sends (it takes no uploads). */
export const BODY_LIMIT_BYTES = 1_000_000;

const BODY = Symbol("limited body");
type WithBody = Response & { locals: { [BODY]?: Buffer } };

function refuse(req: Request, res: Response, status: 400 | 413 | 415) {
  // Nothing more is read: the connection ends after the answer.
  req.unpipe();
  req.pause();
  res.setHeader("Connection", "close");
  if (status === 413) sendPlainPage(res, 413, "Too much data", "What was sent is larger than the portal accepts. Go back and try again with less.");
  else if (status === 415) sendPlainPage(res, 415, "Not accepted", "What was sent is in a form the portal does not accept. Go back and try again.");
  else sendPlainPage(res, 400, "Not accepted", "What was sent could not be read. Go back and try again.");
}

function decoderFor(encoding: string | undefined): ReturnType<typeof createGunzip> | null | "unknown" {
  const name = (encoding ?? "").trim().toLowerCase();
  if (name === "" || name === "identity") return null;
  if (name === "gzip" || name === "x-gzip") return createGunzip();
  if (name === "deflate") return createInflate();
  return "unknown";
}

/** Reads each request's body whole, within `maxBytes` before and after decoding, or answers 413 (415 for an encoding
 * it cannot decode, 400 for one that does not decode). */
export function bodyLimit(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = req.get("content-length");
    if (declared === undefined && req.get("transfer-encoding") === undefined) return next();
    if (declared !== undefined && !(Number(declared) <= maxBytes)) return refuse(req, res, 413);
    const decoder = decoderFor(req.get("content-encoding"));
    if (decoder === "unknown") return refuse(req, res, 415);

    let received = 0;
    let decoded = 0;
    let settled = false;
    const chunks: Buffer[] = [];
    const settle = (status: 400 | 413 | null) => {
      if (settled) return;
      settled = true;
      if (status !== null) {
        decoder?.destroy();
        return refuse(req, res, status);
      }
      const body = Buffer.concat(chunks);
      // React Router sees the body as it is now: decoded, whole, of a known length.
      delete req.headers["content-encoding"];
      delete req.headers["transfer-encoding"];
      req.headers["content-length"] = String(body.length);
      (res as WithBody).locals[BODY] = body;
      next();
    };

    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) settle(413);
    });
    const output: Readable = decoder ? req.pipe(decoder) : req;
    output.on("data", (chunk: Buffer) => {
      decoded += chunk.length;
      if (decoded > maxBytes) settle(413);
      else chunks.push(chunk);
    });
    output.on("end", () => settle(null));
    output.on("error", () => settle(400));
    // A client that goes away mid-body: nothing to answer, nothing goes on.
    req.on("aborted", () => {
      settled = true;
      decoder?.destroy();
    });
  };
}

/**
 * React Router's Express adapter reads the body from the request stream, which bodyLimit has already read: this hands
 * it a view of the request whose stream gives the body again. Everything else (headers, address, protocol) is the
 * request's own.
 */
export function withLimitedBody(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const body = (res as WithBody).locals[BODY];
    if (body === undefined) return handler(req, res, next);
    const replay = Readable.from(body.length > 0 ? [body] : [], { objectMode: false });
    const view = Object.create(req) as Request;
    for (const method of [
      "on",
      "once",
      "off",
      "addListener",
      "removeListener",
      "emit",
      "pause",
      "resume",
      "isPaused",
      "pipe",
      "unpipe",
      "read",
      "destroy",
    ] as const) {
      Object.defineProperty(view, method, { value: (replay[method] as (...args: unknown[]) => unknown).bind(replay) });
    }
    Object.defineProperty(view, "readableHighWaterMark", { value: replay.readableHighWaterMark });
    return handler(view, res, next);
  };
}
