import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { CheckboxField, ErrorSummary, TextAreaField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ConversationSummary } from "~/components/conversation-summary";
import { readOwnConversation, respondToConversation, ResponseFormSchema } from "~/models/manager-guide/conversations.server";
import { COMMENT_MAX } from "~/models/support-request/form-limits";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Conversation") }];

const NOTICES: Record<string, string> = {
  agree: "You agreed with the record.",
  comment: "Your comment was added. Your manager can see it.",
  remove: "The record was removed. Your manager no longer sees it.",
};

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const record = await readOwnConversation(context, params.recordId ?? "");
  const done = args.url.searchParams.get("done") ?? "";
  return { record, notice: NOTICES[done] ?? null };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const id = params.recordId ?? "";
  const formData = await readFormData(request);
  const parsed = parseForm(ResponseFormSchema, formData);
  if (!parsed.ok) {
    // Nothing is said about a record the person may not see: check access before answering with field errors.
    await readOwnConversation(context, id);
    return { intent: String(formData.get("intent") ?? ""), reply: parsed.reply };
  }
  await respondToConversation(context, id, parsed.data);
  throw redirect(`/conversations/${id}?done=${parsed.data.intent}`);
}

export default function Conversation() {
  const { record, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const replyTo = (intent: string) => (actionData?.intent === intent ? actionData.reply : undefined);
  const commentForm = useFormReply("comment", replyTo("comment"));
  const removeForm = useFormReply("remove", replyTo("remove"));
  return (
    <>
      <p className="mb-2">
        <AppLink to="/conversations">Conversations</AppLink>
      </p>
      <h1>Conversation on {record.heldOn}</h1>
      {notice && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          {notice}
        </p>
      ) : null}
      <ConversationSummary record={record} viewer="employee" headingLevel={2} />
      {record.withdrawnAt ? null : (
        <>
          {record.agreedAt ? null : (
            <section aria-labelledby="agree-heading" className="mb-8">
              <h2 id="agree-heading">Agree with the record</h2>
              <p className="mb-3">If the record is right, say so. You can still comment on it afterwards.</p>
              <Form method="post">
                <input type="hidden" name="intent" value="agree" />
                <button type="submit" className="button" disabled={busy}>
                  I agree with this record
                </button>
              </Form>
            </section>
          )}
          <section aria-labelledby="comment-heading" className="mb-8">
            <h2 id="comment-heading">Add a comment</h2>
            <ErrorSummary errors={commentForm.errors} order={["form", "body"]} />
            <Form method="post" {...commentForm.formProps} className="max-w-3xl">
              <input type="hidden" name="intent" value="comment" />
              <TextAreaField
                name="body"
                label="Your comment"
                hint="Your manager will see it. Say if something is wrong or missing."
                rows={4}
                maxLength={COMMENT_MAX}
                defaultValue={commentForm.text("body")}
                error={commentForm.errors.body}
              />
              <button type="submit" className="button" disabled={busy}>
                Add the comment
              </button>
            </Form>
          </section>
          <section aria-labelledby="remove-heading" className="mb-8">
            <h2 id="remove-heading">Ask for the record to be removed</h2>
            <p className="mb-3 max-w-3xl">
              The record and your comments are erased straight away and your manager no longer sees them. What stays is that a record was made and removed, with
              the dates, visible only to you, and the audit trail&apos;s note that it happened (never what it said).
            </p>
            <ErrorSummary errors={removeForm.errors} order={["form", "confirm"]} />
            <Form method="post" {...removeForm.formProps} className="max-w-3xl">
              <input type="hidden" name="intent" value="remove" />
              <CheckboxField name="confirm" label="Yes, remove this record" defaultChecked={false} error={removeForm.errors.confirm} />
              <button type="submit" className="button button-warning" disabled={busy}>
                Remove the record
              </button>
            </Form>
          </section>
        </>
      )}
    </>
  );
}
