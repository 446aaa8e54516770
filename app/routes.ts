import type { RouteConfig } from "@react-router/dev/routes";
import { flatRoutes } from "@react-router/fs-routes";
import { buildFlavour, ignoredRouteFilesFor } from "../remix.config.js";

// The flavour's own routes are in its build; every other flavour's are not there at all (remix.config.js, ADR 018).
export default flatRoutes({ ignoredRouteFiles: ignoredRouteFilesFor(buildFlavour()) }) satisfies RouteConfig;
