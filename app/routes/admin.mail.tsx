import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { listFailedMail } from "~/models/mail/failed-mail.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Mail not delivered") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const failed = await listFailedMail(context);
  return {
    failed: failed.map((mail) => ({
      id: mail.id,
      to: mail.toAddress,
      kind: mail.template,
      queuedAt: formatDateTime(mail.createdAt),
      attempts: mail.attempts,
      answer: mail.lastError ?? "",
    })),
  };
}

export default function FailedMail() {
  const { failed } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>Mail not delivered</h1>
      <p className="mb-6 max-w-3xl">
        Mail the portal gave up on: the mail server refused the recipient or the message, or it could not be delivered for 72 hours. Put the address right (the
        person's work email, or a force's mailbox) and tell the recipient by another route: the portal does not send it again.
      </p>
      {failed.length === 0 ? (
        <p>Every mail has been delivered or is still being tried.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Mail not delivered, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">To</th>
              <th scope="col">Kind</th>
              <th scope="col">Attempts</th>
              <th scope="col">The mail server's last answer</th>
            </tr>
          </thead>
          <tbody>
            {failed.map((mail) => (
              <tr key={mail.id}>
                <td>{mail.queuedAt}</td>
                <td>{mail.to}</td>
                <td>{mail.kind}</td>
                <td>{mail.attempts}</td>
                <td>{mail.answer}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
