// Compiles server.ts (and the app modules it uses: database, mail worker, mail catcher) to one JavaScript file beside
// the React Router build, so production runs on plain Node: no TypeScript loader in memory or on the request path.
import { build } from "esbuild";
import { buildFlavour } from "../remix.config.js";

const outDir = process.env.BUILD_DIR || "build";
// The same flavour as the React Router build beside it (vite.config.ts): both read PORTAL_BUILD through remix.config.js.
const flavour = buildFlavour();
await build({
  entryPoints: ["server.ts"],
  outfile: `${outDir}/server.js`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  alias: { "~": "./app", "#policies": "./policies", "#emails": "./emails" },
  define: { __PORTAL_BUILD__: JSON.stringify(flavour) },
  logLevel: "warning",
});
console.log(`Built ${outDir}/server.js (${flavour} build)`);
