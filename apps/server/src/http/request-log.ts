import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "../observability/logger.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { OperationLabels } from "./context.js";

/**
 * One log line and one metrics sample per request: method, operation (the
 * spec's operationId, or the route when it is not a Matrix endpoint), status
 * and milliseconds. The URL is never logged: its query may carry a token.
 */
export function requestLog(logger: Logger, metrics: ServerMetrics, labels: OperationLabels): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    const route = routePath(c, -1);
    const operation = labels.label(c.req.method, route) ?? (route === "*" || route === "/*" ? "unrecognized" : route);
    const status = c.res.status;
    metrics.httpRequests.inc({ operation, method: c.req.method, status: String(status) });
    metrics.httpDuration.observe({ operation }, ms / 1000);
    logger.info({ method: c.req.method, route: operation, status, ms: Math.round(ms * 10) / 10 }, "request");
  };
}
