import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
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
