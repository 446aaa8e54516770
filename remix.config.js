/** Remix options. vite.config.ts imports this file and passes it to the Remix Vite plugin.
 * @type {import("@remix-run/dev").VitePluginConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // BUILD_DIR lets the benchmark and the end-to-end suite build side by side without replacing each other's files.
  buildDirectory: process.env.BUILD_DIR || "build",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
