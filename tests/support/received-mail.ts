// What the mail catcher (~/utils/smtp-catcher.server) received, read back as the outbox rows that were sent.
import { caughtMessages } from "~/utils/smtp-catcher.server";

/** Received mail, per recipient, as outbox ids in the order they arrived (the catcher lists the newest first). */
export function receivedInOrder(): Map<string, string[]> {
  const perRecipient = new Map<string, string[]>();
  for (const message of [...caughtMessages()].reverse()) {
    const id = /^<?([0-9a-f-]{36})\.outbox@/.exec(message.messageId)?.[1] ?? `unknown:${message.messageId}`;
    for (const to of message.to) perRecipient.set(to, [...(perRecipient.get(to) ?? []), id]);
  }
  return perRecipient;
}
