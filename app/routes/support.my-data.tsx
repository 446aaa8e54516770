import type { LoaderFunctionArgs } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { exportMyData } from "~/models/support-request/export.server";

/** The person's own data, as a JSON download. */
export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const data = await exportMyData(context);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
