import { MatrixError, type AnyEndpoint, type Handler, type MatrixBinding } from "@myelin/http";
import type { Hono } from "hono";
import type { ServerConfig } from "../config/schema.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/services.js";
import type { Requester } from "../services/requester.js";
import { requireGuestAllowed } from "./guest-access.js";

/** What every route module gets: the app, the services, and `serve` to bind an endpoint. */
export interface RouteContext {
  app: Hono;
  config: ServerConfig;
  services: Services;
  logger: Logger;
  serve: <E extends AnyEndpoint>(endpoint: E, handler: Handler<E, Requester>, options?: ServeOptions) => void;
}

export interface ServeOptions {
  /**
   * Let NUL characters through in the JSON body. Off by default: no account
   * field can meaningfully hold one and PostgreSQL TEXT cannot store it.
   * Event content (later slices) may carry "\u0000" legitimately.
   */
  allowNulInBody?: boolean;
}

/**
 * Which operation answered a request, looked up by the hono route that
 * matched (`METHOD path`). Kept here because the binding registers its own
 * handlers; the metrics and the request log want the spec's operationId.
 */
export class OperationLabels {
  private readonly byRoute = new Map<string, string>();

  add(endpoint: AnyEndpoint): void {
    for (const template of [endpoint.path, ...endpoint.legacyPaths]) {
      const honoPath = template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1");
      this.byRoute.set(`${endpoint.method} ${honoPath}`, endpoint.operationId);
      // Endpoints whose last parameter may be empty are also bound without it.
      const base = honoPath.slice(0, honoPath.lastIndexOf("/"));
      this.byRoute.set(`${endpoint.method} ${base}`, endpoint.operationId);
      this.byRoute.set(`${endpoint.method} ${base}/`, endpoint.operationId);
    }
  }

  label(method: string, routePath: string): string | undefined {
    return this.byRoute.get(`${method} ${routePath}`);
  }
}

export function bindWithLabels(app: Hono, matrix: MatrixBinding<Requester>, labels: OperationLabels) {
  return <E extends AnyEndpoint>(endpoint: E, handler: Handler<E, Requester>, options: ServeOptions = {}): void => {
    labels.add(endpoint);
    matrix.route(app, endpoint, (request, context) => {
      if (containsNul(request.path) || containsNul(request.query)) throw MatrixError.invalidParam("Parameters must not contain NUL characters");
      if (!options.allowNulInBody && containsNul(request.body)) throw MatrixError.badJson("Strings in the body must not contain NUL characters");
      if (context.auth?.isGuest) requireGuestAllowed(endpoint.operationId, request.path);
      return handler(request, context);
    });
  };
}

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === "object" && value !== null) return Object.entries(value).some(([key, item]) => key.includes("\u0000") || containsNul(item));
  return false;
}
