import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { useMemo } from "react";
import { requireUser } from "~/access/request-context.server";
import { endOtherOwnSessions, endOwnSession, listOwnSessions } from "~/auth/own-sessions.server";
import { otherSessionsEndedMessage } from "~/components/other-sessions-ended";
import { ErrorSummary, Notice } from "~/components/ui";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Where you’re signed in") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  return { sessions: await listOwnSessions(context) };
}

const NOT_FOUND = "That session was not found. It may have ended already: the list below shows where you are signed in now.";

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const formData = await readFormData(args.request);
  if (formData.get("intent") === "end-others") return { ended: await endOtherOwnSessions(context), which: "others" as const };
  const handle = formData.get("session");
  if (typeof handle === "string" && (await endOwnSession(context, handle))) return { ended: 1, which: "one" as const };
  // Someone else's session and one that does not exist get the same answer (the attempt is in the audit trail).
  return data({ problem: NOT_FOUND }, { status: 404 });
}

function endedMessage(ended: number, which: "one" | "others"): string {
  if (which === "one") return "That session has ended. Whoever uses that browser next will have to sign in again.";
  return otherSessionsEndedMessage(ended);
}

export default function WhereYoureSignedIn() {
  const { sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const ending = navigation.state === "submitting" ? (navigation.formData?.get("session") ?? navigation.formData?.get("intent")) : null;
  const problem = actionData && "problem" in actionData ? actionData.problem : null;
  const errors = useMemo(() => (problem ? { form: problem } : undefined), [problem]);
  const others = sessions.filter((session) => !session.current);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/profile">My details</AppLink>
      </p>
      <h1>Where you&rsquo;re signed in</h1>
      <p className="mb-4 max-w-2xl">
        These are the browsers signed in to your account now. If you do not recognise one, or left yourself signed in on a shared computer, end that session and
        change your password.
      </p>
      {actionData && "ended" in actionData ? <Notice>{endedMessage(actionData.ended, actionData.which)}</Notice> : null}
      <ErrorSummary errors={errors} />
      <table className="table mb-6">
        <caption className="sr-only">Your sessions</caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span className="sr-only">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.handle}>
              <td>
                {session.device}
                {session.current ? <strong className="ml-2 inline-block">(this device)</strong> : null}
              </td>
              <td className="break-all">{session.address}</td>
              <td>{session.signedInAt}</td>
              <td>{session.current ? "Now" : session.lastSeenAt}</td>
              <td>
                {session.current ? null : (
                  <Form method="post">
                    <input type="hidden" name="session" value={session.handle} />
                    <button type="submit" className="button-secondary" disabled={ending === session.handle}>
                      End this session
                      <span className="sr-only">
                        : {session.device}, last seen {session.lastSeenAt}
                      </span>
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {others.length > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="end-others" />
          <button type="submit" className="button" disabled={ending === "end-others"}>
            End all other sessions
          </button>
        </Form>
      ) : (
        <p>You are not signed in anywhere else.</p>
      )}
      <p className="mt-6 max-w-2xl">
        Changing your password on <AppLink to="/profile">My details</AppLink> also ends every other session.
      </p>
    </>
  );
}
