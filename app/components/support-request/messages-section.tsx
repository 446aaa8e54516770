import { TextAreaField } from "~/components/ui";
import { Form } from "react-router";
import type { IntentForms } from "./intent-forms";

interface MessagesSectionProps {
  messages: { id: string; body: string; sentAt: string; mine: boolean; from: string }[];
  closed: boolean;
  forms: IntentForms;
}

/** The messages on a request, and the form to write one. */
export function MessagesSection({ messages, closed, forms }: MessagesSectionProps) {
  return (
    <section aria-labelledby="messages-title" className="mb-8">
      <h2 id="messages-title">Messages</h2>
      {messages.length === 0 ? <p className="mb-4">No messages yet.</p> : null}
      <ol className="mb-4 grid gap-3">
        {messages.map((message) => (
          <li key={message.id} className={`border-l-4 p-3 ${message.mine ? "border-brand bg-gray-50" : "border-gray-400"}`}>
            <p className="hint">
              {message.from}, {message.sentAt}
            </p>
            <p className="whitespace-pre-wrap">{message.body}</p>
          </li>
        ))}
      </ol>
      {closed ? <p className="mb-4">This request is closed, so messages can no longer be sent.</p> : null}
      <Form method="post" {...forms.message.formProps} className="max-w-2xl">
        <TextAreaField name="body" label="Write a message" rows={4} defaultValue={forms.message.text("body")} error={forms.message.errors.body} />
        <button type="submit" name="intent" value="message" className="button" disabled={forms.busy}>
          Send message
        </button>
      </Form>
    </section>
  );
}
