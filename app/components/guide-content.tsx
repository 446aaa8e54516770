// Renders guide text parsed by app/utils/guide-markup.ts as React elements: text is always text, never HTML.

import { parseGuideMarkup, type Inline } from "~/utils/guide-markup";
import { AppLink } from "~/components/app-link";

function InlineText({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.kind === "link" ? (
          <AppLink key={index} to={part.href}>
            {part.text}
          </AppLink>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

export function GuideText({ body }: { body: string }) {
  return (
    <>
      {parseGuideMarkup(body).map((block, index) =>
        block.kind === "paragraph" ? (
          <p key={index} className="mb-3 max-w-3xl">
            <InlineText parts={block.content} />
          </p>
        ) : (
          <ul key={index} className="mb-3 max-w-3xl list-disc pl-6">
            {block.items.map((item, itemIndex) => (
              <li key={itemIndex} className="mb-1">
                <InlineText parts={item} />
              </li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}
