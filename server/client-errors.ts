// What the server answers when a request cannot even be read (Node's parser refuses it before Express sees it): an
// address or headers over Node's 16 KB limit, malformed HTTP, a request head that never finishes. Node's own answer
// writes the status and destroys the connection at once, with the rest of the request unread; the kernel then resets
// the connection, and a browser still sending a long address often shows "connection reset" instead of the answer.
// Here the answer is written and the connection closed from our side, and whatever the client still sends is read
// and dropped until it closes too (a "lingering close", as nginx and Apache do), for at most LINGER_MS.
import type { Server } from "node:http";
import type { Socket } from "node:net";

const LINGER_MS = 5_000;

function answer(status: string): string {
  return `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 0\r\n\r\n`;
}

const ANSWERS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: answer("431 Request Header Fields Too Large"),
  HPE_CHUNK_EXTENSIONS_OVERFLOW: answer("413 Payload Too Large"),
  ERR_HTTP_REQUEST_TIMEOUT: answer("408 Request Timeout"),
};
const BAD_REQUEST = answer("400 Bad Request");

/** The answer Node is writing on this connection, if any (Node's own handler looks at the same field). */
type WithAnswerInFlight = Socket & { _httpMessage?: { headersSent?: boolean } | null };

export function answerClientErrors(server: Server): void {
  // Node reports the same socket again for every later chunk its failed parser is given: answer it once.
  const answered = new WeakSet<Socket>();
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    // A connection that dropped, or one already part-way through another answer, gets nothing more.
    if (error.code === "ECONNRESET" || !socket.writable || (socket as WithAnswerInFlight)._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(ANSWERS[error.code ?? ""] ?? BAD_REQUEST);
    socket.resume();
    socket.setTimeout(LINGER_MS, () => socket.destroy());
    socket.once("end", () => socket.destroy());
  });
}
