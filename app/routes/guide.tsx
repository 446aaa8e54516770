import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { GuideText } from "~/components/guide-content";
import { readGuide } from "~/models/manager-guide/guide.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Conversation guide") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const sections = await readGuide(context);
  return { sections: sections.map(({ id, key, title, body }) => ({ id, key, title, body })), isManager: context.actor.reportCount > 0 };
}

export default function Guide() {
  const { sections, isManager } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Supportive conversation guide</h1>
      <p className="mb-4 max-w-3xl text-lg">
        For line managers, before or during a conversation with someone who may be experiencing abuse at home. Your part is to support them and to say what help
        there is, not to deal with the abuse itself.
      </p>
      <p className="callout callout-warning mb-6 max-w-3xl font-semibold">If anyone is in immediate danger, call 999.</p>
      <nav aria-labelledby="guide-contents" className="mb-8">
        <h2 id="guide-contents" className="text-xl">
          Contents
        </h2>
        <ol className="list-decimal pl-6">
          {sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.key}`}>{section.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      {sections.map((section) => (
        <section key={section.id} aria-labelledby={section.key} className="mb-8">
          <h2 id={section.key} tabIndex={-1}>
            {section.title}
          </h2>
          <GuideText body={section.body} />
        </section>
      ))}
      {isManager ? (
        <p className="mt-8">
          <AppLink to="/team">Go to your team</AppLink> to record a conversation with one of your reports.
        </p>
      ) : null}
    </>
  );
}
