// An SMTP server outside the portal's process that accepts and discards mail, so that the benchmark's server only
// does what it does in production with an external SMTP_URL (the client side), not the receiving side as well.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** Port 0 takes any free port. */
export async function startSmtpSink(port: number): Promise<{ url: string; received: () => number; stop: () => Promise<void> }> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, done) {
      stream.on("data", () => {});
      stream.on("end", () => {
        count++;
        done();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received: () => count,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
