import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import { buildFlavour } from "./remix.config.js";

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
  resolve: {
    alias: {
      "~": new URL("./app", import.meta.url).pathname,
      "#policies": new URL("./policies", import.meta.url).pathname,
      "#emails": new URL("./emails", import.meta.url).pathname,
    },
  },
  // The flavour is written into the built code, where nothing set at start can change it (app/config/build-flavour.ts).
  define: { __PORTAL_BUILD__: JSON.stringify(buildFlavour()) },
  optimizeDeps: { exclude: ["@node-rs/argon2"] },
  server: { port: 3000 },
});
