import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useLoaderData } from "react-router";
import { can } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { addressName } from "~/utils/names";
import { isId } from "~/utils/ids";
import { listNotices, ORDER_KIND_LABELS, recordNoticeSeen } from "~/models/manager-guide/order-notices.server";
import { readFormData } from "~/utils/forms";
import { formatDate, formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Notices") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const me = context.actor.id;
  const notices = await listNotices(context);
  const psd = can(context.ability, "review", "PersonalOrderNotice");
  const url = args.url;
  return {
    sent: url.searchParams.get("sent"),
    notices: notices.map((notice) => ({
      id: notice.id,
      kind: ORDER_KIND_LABELS[notice.kind],
      madeOn: notice.madeOn.toISOString(),
      details: notice.details,
      submittedAt: notice.submittedAt.toISOString(),
      from: notice.personId === me ? "You" : addressName(notice.person),
      to: notice.commander ? (notice.commanderId === me ? "You" : addressName(notice.commander)) : "No commander recorded: professional standards only",
      mine: notice.personId === me,
      seenByCommanderAt: notice.seenByCommanderAt?.toISOString() ?? null,
      seenByPsdAt: notice.seenByPsdAt?.toISOString() ?? null,
      mayMarkSeen: (notice.commanderId === me && !notice.seenByCommanderAt) || (psd && notice.personId !== me && !notice.seenByPsdAt),
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  const formData = await readFormData(request);
  const noticeId = String(formData.get("noticeId") ?? "");
  if (!isId(noticeId)) notFound();
  await recordNoticeSeen(context, noticeId);
  throw redirect("/notices");
}

export default function Notices() {
  const { notices, sent } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Notices of court orders</h1>
      {sent ? (
        <div className="callout mb-6" role="status">
          <p className="font-semibold">
            Your notice has been sent
            {sent === "psd" ? " to professional standards (no commander is recorded for you)" : " to your commander and professional standards"}.
          </p>
          <p>Nobody else can see it.</p>
        </div>
      ) : null}
      <p className="mb-4 max-w-3xl">
        If a civil court order or a restriction on contact with a child, related to domestic abuse, concerns you, the force's policy asks you to tell your
        commander. Your notice reaches your commander and professional standards, and nobody else.
      </p>
      <p className="mb-8">
        <AppLink to="/notices/new" className="button">
          Tell your commander about an order
        </AppLink>
      </p>
      {notices.length === 0 ? (
        <p>There are no notices for you to see.</p>
      ) : (
        <ul className="list-none pl-0">
          {notices.map((notice) => (
            <li key={notice.id} className="mb-6 border-l-4 border-gray-300 pl-4">
              <h2 className="text-lg">{notice.kind}</h2>
              <dl className="summary-list">
                <dt>From</dt>
                <dd>{notice.from}</dd>
                <dt>To</dt>
                <dd>{notice.to}</dd>
                <dt>Made on</dt>
                <dd>{formatDate(new Date(notice.madeOn))}</dd>
                <dt>Sent</dt>
                <dd>{formatDateTime(new Date(notice.submittedAt))}</dd>
                <dt>Details</dt>
                <dd className="whitespace-pre-wrap">{notice.details}</dd>
                <dt>Seen</dt>
                <dd>
                  {notice.seenByCommanderAt ? `By the commander, ${formatDateTime(new Date(notice.seenByCommanderAt))}. ` : "Not yet by the commander. "}
                  {notice.seenByPsdAt ? `By professional standards, ${formatDateTime(new Date(notice.seenByPsdAt))}.` : "Not yet by professional standards."}
                </dd>
              </dl>
              {notice.mayMarkSeen ? (
                <Form method="post">
                  <input type="hidden" name="noticeId" value={notice.id} />
                  <button type="submit" className="button-secondary">
                    Record that I have seen this notice
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
