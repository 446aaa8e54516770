// Run in a child node by tests/unit/matched-routes-render.test.ts with `npm start`'s flags. Renders each address given
// twice with the app's server build: once by the build's own entry (app/entry.server.tsx, which gives ServerRouter only
// the matched routes of the manifest), and once by ServerRouter given the whole manifest, as React Router's own entry
// does. Prints, per address, the status and both pages' HTML.
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { createRequestHandler, RouterContextProvider, ServerRouter } from "react-router";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const build = await import(pathToFileURL(resolve(process.env.BUILD_DIR, "server/index.js")).href);

/** The page as ServerRouter renders it from the context React Router gives the entry, manifest and all. */
function renderWithWholeManifest(request, status, headers, context) {
  return new Promise((done, fail) => {
    const { pipe } = renderToPipeableStream(createElement(ServerRouter, { context, url: request.url }), {
      onAllReady() {
        const chunks = [];
        const body = new PassThrough();
        body.on("data", (chunk) => chunks.push(chunk));
        body.on("end", () => done(new Response(Buffer.concat(chunks), { headers, status })));
        pipe(body);
      },
      onShellError: fail,
    });
  });
}

const handlers = {
  entry: createRequestHandler(build, "production"),
  whole: createRequestHandler({ ...build, entry: { module: { ...build.entry.module, default: renderWithWholeManifest } } }, "production"),
};
const pages = [];
for (const path of process.argv.slice(2)) {
  const page = { path };
  for (const [name, handler] of Object.entries(handlers)) {
    const response = await handler(new Request(`http://localhost${path}`), new RouterContextProvider());
    page[name] = { status: response.status, html: await response.text() };
  }
  pages.push(page);
}
console.log(JSON.stringify(pages));
