/**
 * The portal's framework options, in one module. react-router.config.ts (the build) and app/routes.ts (the route
 * files) import this file; nothing else states these options.
 */

/** Where the app lives, relative to the project root. */
export const appDirectory = "app";

/** Files under app/routes that are not routes: hidden files and tests beside the routes. */
export const ignoredRouteFiles = ["**/.*", "**/*.test.{ts,tsx}"];

/**
 * BUILD_DIR lets the benchmark and the end-to-end suite build side by side without replacing each other's files.
 * @returns {string}
 */
export function buildDirectory() {
  return process.env.BUILD_DIR || "build";
}

/** React Router's future flags: behaviour the portal opts into before the next major version makes it the default. */
export const future = {
  v8_middleware: true,
};

export default { appDirectory, ignoredRouteFiles, buildDirectory, future };
