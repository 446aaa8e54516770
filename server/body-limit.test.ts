// The body limit with real HTTP requests: chunked and compressed bodies are counted as they arrive and refused at the
// limit before the handler runs; a body within it reaches the handler whole and decoded, read the way React Router's
// Express adapter reads it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { deflateSync, gzipSync } from "node:zlib";
import { createReadableStreamFromReadable } from "@react-router/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit, withLimitedBody } from "./body-limit";

const LIMIT = 10_000;
let port = 0;
let close: () => void = () => {};
/** The bodies the handler was given, as text. */
const handled: string[] = [];

beforeAll(async () => {
  const app = express();
  app.use(bodyLimit(LIMIT));
  app.all(
    "*",
    withLimitedBody((req, res, next) => {
      const request = new Request("http://localhost/", { method: req.method, body: createReadableStreamFromReadable(req), duplex: "half" } as RequestInit);
      request.text().then((text) => {
        handled.push(text);
        res.json({ length: text.length, contentLength: req.get("content-length") ?? null, encoding: req.get("content-encoding") ?? null });
      }, next);
    }),
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
  close = () => server.close();
});
afterAll(() => close());

interface Answer {
  status: number;
  body: string;
  /** Bytes of the body the client had written when the answer arrived. */
  sent: number;
}

/** POSTs `chunks` one at a time (awaiting each write), stopping as soon as an answer arrives. */
function post(chunks: Buffer[], headers: Record<string, string | number> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request({ host: "127.0.0.1", port, path: "/form", method: "POST", agent: false, headers }, (response) => {
      answered = true;
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, sent }));
    });
    // Once the server has answered and closed, further writes may fail: that is the point.
    request.on("error", (error) => (answered ? undefined : reject(error)));
    void (async () => {
      for (const chunk of chunks) {
        if (answered) return;
        await new Promise<void>((done) => request.write(chunk, () => done()));
        sent += chunk.length;
        await new Promise((wait) => setTimeout(wait, 2));
      }
      if (!answered) request.end();
    })();
  });
}

const kilobytes = (count: number, fill = "a") => Array.from({ length: count }, () => Buffer.from(fill.repeat(1000)));

describe("the body limit", () => {
  it("passes a body just under the limit whole, chunked or with its length", async () => {
    const before = handled.length;
    const chunked = await post([...kilobytes(9), Buffer.from("b".repeat(999))]);
    expect(chunked.status).toBe(200);
    expect(JSON.parse(chunked.body)).toMatchObject({ length: 9_999, contentLength: "9999" });
    const whole = Buffer.from("c".repeat(LIMIT));
    const declared = await post([whole], { "content-length": LIMIT });
    expect(declared.status).toBe(200);
    expect(handled.slice(before)).toEqual(["a".repeat(9000) + "b".repeat(999), "c".repeat(LIMIT)]);
  });

  it("refuses a chunked body at the limit with 413 and the shell page, before the handler and without reading the rest", async () => {
    const before = handled.length;
    const answer = await post(kilobytes(200));
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("Too much data");
    expect(answer.body).toContain("Quick exit");
    expect(answer.sent).toBeLessThan(100_000);
    expect(handled.length).toBe(before);
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const before = handled.length;
    // Only the first kilobyte is ever sent: the answer comes on the headers alone.
    const answer = await post([Buffer.from("a".repeat(1000))], { "content-length": 5_000_000 });
    expect(answer.status).toBe(413);
    expect(handled.length).toBe(before);
  });

  it("counts a gzip body after inflating it: a small body that inflates past the limit is refused", async () => {
    const before = handled.length;
    const bomb = gzipSync(Buffer.alloc(5_000_000, "a"));
    expect(bomb.length).toBeLessThan(LIMIT);
    const answer = await post([bomb], { "content-encoding": "gzip", "content-length": bomb.length });
    expect(answer.status).toBe(413);
    const chunkedBomb = await post([bomb.subarray(0, 2000), bomb.subarray(2000)], { "content-encoding": "gzip" });
    expect(chunkedBomb.status).toBe(413);
    expect(handled.length).toBe(before);
  });

  it("hands a compressed body within the limit on decoded, gzip or deflate", async () => {
    const text = "email=someone%40northshire.police.invalid&note=" + "x".repeat(5000);
    for (const [encoding, body] of [
      ["gzip", gzipSync(text)],
      ["deflate", deflateSync(text)],
    ] as const) {
      const answer = await post([body], { "content-encoding": encoding });
      expect(answer.status, encoding).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ length: text.length, contentLength: String(text.length), encoding: null });
      expect(handled.at(-1)).toBe(text);
    }
  });

  it("refuses an encoding it cannot decode (415) and a body that does not decode (400)", async () => {
    const before = handled.length;
    expect((await post([Buffer.from("abc")], { "content-encoding": "br" })).status).toBe(415);
    expect((await post([Buffer.from("not gzip at all")], { "content-encoding": "gzip" })).status).toBe(400);
    expect(handled.length).toBe(before);
  });
});
