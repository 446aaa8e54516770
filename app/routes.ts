import type { RouteConfig } from "@react-router/dev/routes";
import { flatRoutes } from "@react-router/fs-routes";
import { ignoredRouteFiles } from "../remix.config.js";

export default flatRoutes({ ignoredRouteFiles }) satisfies RouteConfig;
