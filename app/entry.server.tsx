import { Writable } from "node:stream";
import { isRouteErrorResponse, ServerRouter, type EntryContext, type RouterContextProvider } from "react-router";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { cspNonceContext, requestLogContext } from "./load-context";
import { appLogger } from "./utils/logger.server";
import { requestIdOf } from "./utils/request-log.server";

// server.ts sets the nonce and the log notes with these keys: it takes them from here, as it is bundled apart from the app.
export { cspNonceContext, requestLogContext };

const ABORT_DELAY = 5_000;
/** How long React Router waits for deferred data before it gives up on a render (the portal defers none). */
export const streamTimeout = ABORT_DELAY;

/**
 * Renders the whole page, then answers in one piece. The portal defers no data, so streaming gains nothing here, and
 * on these virtual machines every extra socket write of a streamed page costs more than the wait for the last byte.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  const nonce = loadContext.get(cspNonceContext) ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    // Cleared as soon as the page is rendered: a pending timer would keep the whole render (the page's text and
    // buffers) alive for ABORT_DELAY after the answer has gone, which under load is most of the server's memory.
    let abortTimer: NodeJS.Timeout | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <ServerRouter context={withMatchedRoutesOnly(routerContext)} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(abortTimer);
          const page = collectedPage((html) => {
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
          }, reject);
          pipe(page);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          appLogger().error({ requestId: requestIdOf(loadContext), err: error }, "render failed");
        },
      },
    );
    abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Where React writes the finished page: a sink that keeps the chunks and hands them over, joined, when React ends it.
 *
 * Not a PassThrough, as it was: React also listens for its destination's "close" and then ends it a second time, and
 * ending a finished stream makes (and drops) an error with its stack trace, on every page. This sink never emits
 * "close", never asks React to wait for a drain (the page is all ready, and kept whole in memory either way), and has
 * no readable side to pass the chunks through (docs/benchmarks.md, 2026-12-07).
 */
function collectedPage(done: (html: Buffer<ArrayBuffer>) => void, failed: (error: Error) => void): Writable {
  const chunks: Buffer[] = [];
  return new Writable({
    emitClose: false,
    highWaterMark: Number.MAX_SAFE_INTEGER,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      done(Buffer.concat(chunks));
      callback();
    },
    destroy(error, callback) {
      if (error) failed(error);
      callback(error);
    },
  });
}

/**
 * The router context as `ServerRouter` needs it to render this page: the route manifest cut down to the routes the
 * request matched (the root, its layouts and the page), which are all a static render draws.
 *
 * Why: `ServerRouter` builds a route object, and `createStaticRouter` a data route, for every route in the manifest on
 * every document request, though it renders only the matched ones. With about a hundred routes that was the largest
 * single cost of a page in React Router's own code, and a fifth of what a page allocated (docs/benchmarks.md, ADR 045).
 * Remix 2 had a local patch for it; React Router is not patched (ADR 017): the upstream proposal is in
 * docs/upstream/react-router-server-routes.md. Everything else in the context stays whole: the browser loads the full
 * manifest from its own file (`routeDiscovery: "initial"`), and the server-side lookups (`<Links>`, `<Scripts>`, the
 * hydration data) are all by matched route. tests/unit/matched-routes-render.test.ts checks the HTML is the same.
 */
function withMatchedRoutesOnly(context: EntryContext): EntryContext {
  const routes: EntryContext["manifest"]["routes"] = {};
  for (const { route } of context.staticHandlerContext.matches) routes[route.id] = context.manifest.routes[route.id];
  return { ...context, manifest: { ...context.manifest, routes } };
}

/**
 * Server errors are logged by kind and code only (the logger's error serializer): messages from the database or from
 * validation can quote what a person typed, and logs must never hold case content or names. The request id ties the
 * line to the request's own. Unknown addresses are not errors.
 */
export function handleError(error: unknown, { request, context }: { request: Request; context: Readonly<RouterContextProvider> }) {
  if (request.signal.aborted) return;
  if (error instanceof Error && error.message.startsWith("No route matches")) return;
  // A refused or malformed request (4xx) is an answer, not a failure of the server.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  appLogger().error({ requestId: requestIdOf(context), err: error }, "request failed");
}
