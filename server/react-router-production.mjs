// Loaded by `npm start` (`node --import=./server/react-router-production.mjs`): makes the production server load React
// Router's production build. react-router 7.18's package.json sends every condition to dist/development (upstream
// issue remix-run/react-router#14102), whose only difference is ENABLE_DEV_WARNINGS = true: console warnings and the
// default error boundary's console.error of the error, which could carry case content into the logs (ADR 017).
// Plain JavaScript, not built: it must exist before anything is compiled and whatever BUILD_DIR is.
import { register } from "node:module";

register("./react-router-production-hooks.mjs", import.meta.url);
