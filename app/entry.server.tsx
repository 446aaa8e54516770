import { PassThrough } from "node:stream";
import { isRouteErrorResponse, ServerRouter, type EntryContext, type RouterContextProvider } from "react-router";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { cspNonceContext } from "./load-context";

// server.ts sets the nonce with this key: it takes the key from here, because it is bundled apart from the app.
export { cspNonceContext };

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
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(abortTimer);
          const chunks: Buffer[] = [];
          const body = new PassThrough();
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("end", () => {
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          console.error(`render failed: ${error instanceof Error ? error.name : "unknown error"}`);
        },
      },
    );
    abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Server errors are logged by kind only: messages from the database or from validation can quote what a person typed,
 * and logs must never hold case content or names. Unknown addresses are not errors.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (error instanceof Error && error.message.startsWith("No route matches")) return;
  // A refused or malformed request (4xx) is an answer, not a failure of the server.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const kind = error instanceof Error ? error.name : typeof error;
  const code = typeof error === "object" && error !== null && "code" in error ? ` (${String((error as { code: unknown }).code)})` : "";
  console.error(`request failed: ${kind}${code}`);
}
