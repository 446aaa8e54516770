import type { Config } from "@react-router/dev/config";
import { appDirectory, buildDirectory, future } from "./remix.config.js";

export default {
  appDirectory,
  buildDirectory: buildDirectory(),
  ssr: true,
  future,
} satisfies Config;
