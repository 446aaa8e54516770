import type { Config } from "@react-router/dev/config";
import { appDirectory, buildDirectory, future, routeDiscovery } from "./remix.config.js";

export default {
  appDirectory,
  buildDirectory: buildDirectory(),
  ssr: true,
  routeDiscovery,
  future,
} satisfies Config;
