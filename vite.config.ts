import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [tailwindcss(), remix(remixConfig)],
  resolve: {
    alias: {
      "~": new URL("./app", import.meta.url).pathname,
      "#policies": new URL("./policies", import.meta.url).pathname,
      "#emails": new URL("./emails", import.meta.url).pathname,
    },
  },
  optimizeDeps: { exclude: ["@node-rs/argon2"] },
  server: { port: 3000 },
});
