import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { listOwnConversations } from "~/models/manager-guide/conversations.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Conversations") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const records = await listOwnConversations(context);
  return {
    records: records.map((record) => ({
      id: record.id,
      heldOn: record.heldOn,
      managerName: record.managerName,
      status: record.withdrawnAt ? "Removed at your request" : record.agreedAt ? "You agreed" : "Waiting for your answer",
    })),
  };
}

export default function Conversations() {
  const { records } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Conversations</h1>
      <p className="mb-6 max-w-3xl">
        Records your line manager made of conversations with you. Only you and the manager who made a record can see it. You can agree with a record, add a
        comment, or ask for it to be removed.
      </p>
      {records.length === 0 ? (
        <p>There are no records of conversations with you.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Records of conversations with you</caption>
          <thead>
            <tr>
              <th scope="col">Conversation</th>
              <th scope="col">Recorded by</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) => (
              <tr key={record.id}>
                <td>
                  <AppLink to={`/conversations/${record.id}`}>Conversation on {record.heldOn}</AppLink>
                </td>
                <td>{record.managerName}</td>
                <td>{record.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
