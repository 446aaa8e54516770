// Where the server sends its mail, by build flavour (ADR 018).
import { buildFlavour, type BuildFlavour } from "./build-flavour";
import { env } from "./env.server";

/**
 * SMTP_URL when it is set. Without it only the demo has somewhere to put mail: the local catcher, shown at /dev/mailbox.
 * Any other build refuses to start, naming the problem, rather than drop or hide mail that people are waiting for.
 */
export function mailDelivery(flavour: BuildFlavour, smtpUrl: string | undefined): "smtp" | "demo catcher" {
  if (smtpUrl) return "smtp";
  if (flavour === "demo") return "demo catcher";
  throw new Error(
    `The portal cannot start: SMTP_URL is not set. This ${flavour} build sends mail only through a mail server: set SMTP_URL=smtp://host:port. ` +
      "(Only the demo build, from `npm run setup` or `npm run build:demo`, keeps mail in a local demo mailbox.)",
  );
}

/** The demo mailbox is open while the demo build's catcher receives the mail, and in no other build. */
export function demoMailboxOpen(): boolean {
  return buildFlavour === "demo" && !env().SMTP_URL;
}
