// A request Node cannot read gets its answer even while the client is still sending: an address far over the 16 KB
// limit, sent in pieces as a slow connection would, is answered 431 and the connection stays open to the last byte
// (with Node's own handler the later pieces meet a reset connection); a malformed request gets 400; both leave the
// server answering the next client.
import http from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerClientErrors } from "./client-errors";

interface Outcome {
  /** What the server sent back, as text. */
  answer: string;
  /** How many bytes of the request were written before the connection ended, and the error that ended it, if any. */
  written: number;
  error: string | null;
}

/** Sends `request` in pieces of `piece` bytes with a pause between them, then reads until the server closes. */
function sendSlowly(port: number, request: string, piece = 64 * 1024): Promise<Outcome> {
  return new Promise((resolve) => {
    // Half-open, as a browser still uploading: the server's end of the connection does not stop the sending.
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let answer = "";
    let written = 0;
    let error: string | null = null;
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("error", (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
    socket.on("close", () => resolve({ answer, written, error }));
    const writeNext = () => {
      if (socket.destroyed) return;
      if (written >= request.length) return socket.end();
      const chunk = request.slice(written, written + piece);
      socket.write(chunk, (failure) => {
        if (failure) return;
        written += chunk.length;
        setTimeout(writeNext, 20);
      });
    };
    socket.once("connect", writeNext);
  });
}

function startServer(withAnswers: boolean): Promise<{ port: number; close: () => void }> {
  const server = http.createServer((_req, res) => res.end("fine"));
  if (withAnswers) answerClientErrors(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as AddressInfo).port, close: () => server.close() })));
}

const longAddress = (length: number) => `GET /search?q=${"x".repeat(length)} HTTP/1.1\r\nHost: localhost\r\n\r\n`;

describe("answering a request Node cannot read", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(true);
  });
  afterAll(() => server.close());

  it("answers an address of 900 KB, sent slowly, with 431 after reading all of it", async () => {
    const request = longAddress(900_000);
    const outcome = await sendSlowly(server.port, request);
    expect(outcome.error).toBeNull();
    expect(outcome.written).toBe(request.length);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(outcome.answer).toContain("Connection: close");
  });

  it("answers malformed HTTP with 400", async () => {
    const outcome = await sendSlowly(server.port, "NOT HTTP AT ALL\r\n\r\n");
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it("still answers the next request", async () => {
    await sendSlowly(server.port, longAddress(100_000));
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("fine");
  });

  it("is needed: Node's own handler resets the connection under a client still sending", async () => {
    const plain = await startServer(false);
    try {
      const request = longAddress(900_000);
      const outcome = await sendSlowly(plain.port, request);
      expect(outcome.written).toBeLessThan(request.length);
      expect(outcome.error).toMatch(/ECONNRESET|EPIPE/);
    } finally {
      plain.close();
    }
  });
});
