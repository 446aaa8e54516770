// Module resolution hook registered by react-router-production.mjs. Node resolves every import as usual; a file of
// React Router's development build is swapped for the same file of its production build. Doing it on the resolved
// file, not on the specifier, covers every importer (the app's SSR build, @react-router/express, @react-router/node)
// and every entry, so the process holds one copy of the router: its context keys and error classes are shared.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DEVELOPMENT = "/node_modules/react-router/dist/development/";
const PRODUCTION = "/node_modules/react-router/dist/production/";

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (!resolved.url.includes(DEVELOPMENT)) return resolved;
  const url = resolved.url.replace(DEVELOPMENT, PRODUCTION);
  // Fail loudly if a React Router release moves its files, rather than quietly running the development build.
  if (!existsSync(fileURLToPath(url))) throw new Error(`React Router's production build has no ${url}`);
  return { ...resolved, url };
}
