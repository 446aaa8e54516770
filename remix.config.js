/**
 * The portal's framework options, in one module. react-router.config.ts (the build), app/routes.ts (the route files),
 * vite.config.ts and scripts/build-server.mjs (the build flavour) import this file; nothing else states these options.
 */

/** Where the app lives, relative to the project root. */
export const appDirectory = "app";

/** Files under app/routes that are not routes: hidden files and tests beside the routes. */
export const ignoredRouteFiles = ["**/.*", "**/*.test.{ts,tsx}"];

/**
 * @typedef {"deployment" | "demo" | "e2e" | "bench"} BuildFlavour
 */

/**
 * What each build flavour adds to the deployment's routes (files relative to the app directory). PORTAL_BUILD chooses
 * the flavour when the app is built; a flavour's routes are not in any other flavour's build at all (ADR 018).
 * - deployment: what a force runs (`npm run build`); nothing for development, demonstration or measurement.
 * - demo: `npm run setup`'s build for a newcomer: the demo mailbox, and the "Demo" banner on every page.
 * - e2e: the end-to-end suite's build (`npm run test:e2e`): the test clock that moves the referral scheduler's time.
 * - bench: the benchmark's build (`npm run bench`): the bare page it compares the guarded pages with.
 * @type {Record<BuildFlavour, readonly string[]>}
 */
export const flavourRoutes = {
  deployment: [],
  demo: ["routes/dev.mailbox.tsx"],
  e2e: ["routes/dev.clock.tsx"],
  bench: ["routes/bench.bare.tsx"],
};

/**
 * The flavour being built (or, for code run from source, served): PORTAL_BUILD, `deployment` when unset. Anything else
 * stops the build, so a misspelt flavour never quietly becomes another one.
 * @param {Record<string, string | undefined>} [environment]
 * @returns {BuildFlavour}
 */
export function buildFlavour(environment = process.env) {
  const value = environment.PORTAL_BUILD || "deployment";
  if (!Object.hasOwn(flavourRoutes, value)) {
    throw new Error(`PORTAL_BUILD must be one of ${Object.keys(flavourRoutes).join(", ")}; it is "${value}".`);
  }
  return /** @type {BuildFlavour} */ (value);
}

/**
 * The route files a flavour's build leaves out: the usual ignored files, and every other flavour's routes.
 * @param {BuildFlavour} flavour
 * @returns {string[]}
 */
export function ignoredRouteFilesFor(flavour) {
  const others = Object.values(flavourRoutes)
    .flat()
    .filter((file) => !flavourRoutes[flavour].includes(file));
  return [...ignoredRouteFiles, ...others];
}

/**
 * BUILD_DIR lets the benchmark and the end-to-end suite build side by side without replacing each other's files.
 * @returns {string}
 */
export function buildDirectory() {
  return process.env.BUILD_DIR || "build";
}

/**
 * React Router's future flags: behaviour the portal opts into before the next major version makes it the default.
 * - v8_middleware: the root route's middleware resolves the session once per request (ADR 019).
 * - v8_passThroughRequests: loaders and actions get the request as it came instead of a copy of it without React
 *   Router's own `index` and `_routes` parameters (making that copy was a tenth of the bare page's CPU). No loader reads
 *   either parameter; loaders read only the named parameters they expect.
 */
export const future = {
  v8_middleware: true,
  v8_passThroughRequests: true,
};

/**
 * The browser learns every route from one static manifest file when the app starts, instead of asking the server
 * for the routes of each link as it comes into view (React Router's default, "lazy"). ADR 034:
 * - the lazy manifest requests (`/__manifest?paths=…`) listed the case references a page links to in their address;
 *   now no request carries them;
 * - answering them, and computing each page's partial manifest while rendering it, cost every page CPU; the full
 *   manifest is a file the browser caches.
 * The route paths were never secret: the lazy manifest answered them to anyone who asked.
 */
export const routeDiscovery = /** @type {const} */ ({ mode: "initial" });

export default { appDirectory, ignoredRouteFiles, flavourRoutes, buildFlavour, ignoredRouteFilesFor, buildDirectory, future, routeDiscovery };
