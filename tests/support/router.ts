// React Router's side of a request for tests that call loaders, actions or the access helpers directly.
import { RouterContextProvider, type LoaderFunctionArgs, type Params } from "react-router";
import { requestContextMiddleware } from "~/access/request-context.server";

/** The arguments a loader or action gets for `request`, after the root middleware has resolved its session. */
export async function routerArgs(request: Request, params: Params = {}): Promise<LoaderFunctionArgs> {
  const context = new RouterContextProvider();
  const args = { request, params, context, url: new URL(request.url), pattern: "" };
  await requestContextMiddleware(args, async () => new Response(null));
  return args;
}
