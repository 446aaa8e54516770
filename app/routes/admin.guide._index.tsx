import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { can, requireArea } from "~/access/guard.server";
import { forbidden } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { readGuide } from "~/models/manager-guide/guide.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Conversation guide") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  if (!can(context.ability, "update", "GuideSection")) forbidden();
  const sections = await readGuide(context);
  return { sections: sections.map(({ id, title, version, updatedAt, coverable }) => ({ id, title, version, updatedAt, coverable })) };
}

export default function GuideAdmin() {
  const { sections } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>Conversation guide</h1>
      <p className="mb-6 max-w-3xl">
        The guide line managers read before or during a supportive conversation (<AppLink to="/guide">see it as they do</AppLink>). Each change is saved as a
        new version and recorded in the audit trail. Sections marked as points can be ticked on a conversation record.
      </p>
      <table className="table">
        <caption className="sr-only">Sections of the guide</caption>
        <thead>
          <tr>
            <th scope="col">Section</th>
            <th scope="col">Point on records</th>
            <th scope="col">Version</th>
            <th scope="col">Last changed</th>
          </tr>
        </thead>
        <tbody>
          {sections.map((section) => (
            <tr key={section.id}>
              <td>
                <AppLink to={`/admin/guide/${section.id}`}>{section.title}</AppLink>
              </td>
              <td>{section.coverable ? "Yes" : "No"}</td>
              <td>{section.version}</td>
              <td>{formatDateTime(new Date(section.updatedAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
