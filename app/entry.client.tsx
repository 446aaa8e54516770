import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";

/**
 * Lets React Router decode the page's data before React hydrates the page.
 *
 * `HydratedRouter` suspends at the root of the document until it has decoded the data the server streamed into the
 * page. A key press or click that reaches a React 18 root suspended like that forces a synchronous hydration, which
 * fails for good (React error 345): the page keeps working as plain HTML, but without its scripts. Called once as a
 * function, before any render, the router starts decoding and throws the promise it would suspend on; hydration
 * starts when that settles, and the router's render then finds the data decoded. Anything else it throws, or a
 * router that needed no wait, leaves hydration as it would have been.
 */
async function routerDataDecoded() {
  try {
    HydratedRouter({});
  } catch (thrown) {
    if (thrown instanceof Promise) await thrown.catch(() => undefined);
  }
}

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <HydratedRouter />
      </StrictMode>,
    );
  });
}

void routerDataDecoded().then(hydrate);
