import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { can } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { demoMailboxOpen } from "~/config/mail-delivery.server";
import { formatDateTime } from "~/utils/dates";
import { caughtMessages } from "~/utils/smtp-catcher.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Demo mailbox") }];

/**
 * The demo's mailbox: in the demo build only (remix.config.js, ADR 018), and open only while no SMTP_URL is set and the
 * local catcher receives the mail. Each person sees the mail sent to them; administrators see all of it.
 */
export async function loader(args: LoaderFunctionArgs) {
  if (!demoMailboxOpen()) notFound();
  const context = await requireUser(args);
  const seesAll = can(context.ability, "read", "AdminArea");
  const mine = context.actor.workEmail.toLowerCase();
  const messages = caughtMessages()
    .filter((message) => seesAll || message.to.some((address) => address.toLowerCase() === mine))
    .slice(0, 100)
    .map((message) => ({
      id: message.id,
      receivedAt: formatDateTime(message.receivedAt),
      to: message.to.join(", "),
      subject: message.subject,
      text: message.text,
    }));
  return { seesAll, messages };
}

export default function DevMailbox() {
  const { seesAll, messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Demo mailbox</h1>
      <p className="mb-6 max-w-2xl">
        This demo has no mail server, so the portal keeps the mail it sends here instead (until it restarts).{" "}
        {seesAll ? "As an administrator you see all of it." : "You see the mail sent to you."}
      </p>
      {messages.length === 0 ? (
        <p>No mail yet.</p>
      ) : (
        <ul className="space-y-6">
          {messages.map((message) => (
            <li key={message.id} className="border-l-4 border-brand bg-gray-50 p-4">
              <h2 className="mb-1 text-lg">{message.subject}</h2>
              <p className="mb-2 text-sm text-gray-700">
                To {message.to} at {message.receivedAt}
              </p>
              <pre className="whitespace-pre-wrap font-sans">{message.text}</pre>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
