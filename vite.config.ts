import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Alias } from "vite";
import { buildFlavour } from "./remix.config.js";

/**
 * The browser bundle of a production build takes React Router's production files. Its package.json sends every
 * condition to dist/development (upstream issue remix-run/react-router#14102), which differs only in
 * ENABLE_DEV_WARNINGS: console warnings and a console.error of every error the default boundary shows (ADR 017).
 * The entries are the ones Node resolves, moved to dist/production, so no chunk name is written down here. The server
 * gets the same swap from server/react-router-production.mjs.
 */
function productionRouter(): Alias[] {
  return ["react-router", "react-router/dom"].map((specifier) => {
    const development = fileURLToPath(import.meta.resolve(specifier));
    const production = development.replace(/([\\/])dist\1development\1/, "$1dist$1production$1");
    if (production === development || !existsSync(production)) throw new Error(`No production build of ${specifier} beside ${development}`);
    return { find: new RegExp(`^${specifier}$`), replacement: production };
  });
}

export default defineConfig(({ command, mode, isSsrBuild }) => ({
  plugins: [tailwindcss(), reactRouter()],
  resolve: {
    alias: [
      { find: "~", replacement: new URL("./app", import.meta.url).pathname },
      { find: "#policies", replacement: new URL("./policies", import.meta.url).pathname },
      { find: "#emails", replacement: new URL("./emails", import.meta.url).pathname },
      ...(command === "build" && mode === "production" && !isSsrBuild ? productionRouter() : []),
    ],
  },
  // The flavour is written into the built code, where nothing set at start can change it (app/config/build-flavour.ts).
  define: { __PORTAL_BUILD__: JSON.stringify(buildFlavour()) },
  optimizeDeps: { exclude: ["@node-rs/argon2"] },
  server: { port: 3000 },
}));
