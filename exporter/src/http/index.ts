export { abandonedInference, createRoutes, type RoutesOptions } from "./routes";
export { basicMatches, bearerMatches } from "./auth";
