// Run in a child node by tests/unit/react-router-production.test.ts, with or without `npm start`'s flags. Reports
// which React Router files this process resolves, and whether the app's server build, @react-router/express and
// this process's own `react-router` share one copy of the router: the adapter's handler refuses a load context that
// is not an instance of ITS RouterContextProvider, as server.ts passes one from its own import.
import express from "express";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const buildDir = process.env.BUILD_DIR;
const contextFrom = process.argv[2] ?? "react-router";
const { RouterContextProvider } = await import(contextFrom);
const { createRequestHandler } = await import("@react-router/express");
const build = await import(pathToFileURL(resolve(buildDir, "server/index.js")).href);

const app = express();
app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: () => new RouterContextProvider() }));
const server = app.listen(0, "127.0.0.1");
await new Promise((done) => server.once("listening", done));
// An unknown address, signed out: React Router runs the root's middleware and loader and renders the not-found page,
// none of which needs the database without a session. Two copies of the router answer 500 before any of it.
const response = await fetch(`http://127.0.0.1:${server.address().port}/no-such-page`);
server.close();

console.log(
  JSON.stringify({
    resolved: { "react-router": import.meta.resolve("react-router"), "react-router/dom": import.meta.resolve("react-router/dom") },
    notFound: { status: response.status },
  }),
);
