// Which build this is (PORTAL_BUILD, remix.config.js, ADR 018). Shared by the server and the browser: the "Demo" banner
// is drawn from it on every page, even where the root loader's data is missing (an error page).
import { buildFlavour as flavourFromEnvironment, type BuildFlavour } from "../../remix.config.js";

export type { BuildFlavour };

/** Written into the built code by the build (vite.config.ts and scripts/build-server.mjs), so nothing set when the
 * server starts can change it: a deployment build cannot be turned into a demo. */
declare const __PORTAL_BUILD__: BuildFlavour | undefined;

/** The built code's flavour; code run from source (`npm run dev`'s server, Vitest) reads PORTAL_BUILD as a build would. */
export const buildFlavour: BuildFlavour = typeof __PORTAL_BUILD__ === "string" ? __PORTAL_BUILD__ : flavourFromEnvironment();

/** The demo `npm run setup` builds: fictional data, the demo mailbox and a "Demo" banner on every page. */
export const isDemo = buildFlavour === "demo";

/** What the demo's banner says on every page, after the word "Demo". */
export const DEMO_NOTICE = "This is a demonstration of the portal with fictional people and data. Do not enter real information.";
