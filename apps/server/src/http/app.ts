import { createMatrixBinding } from "@myelin/http";
import { Hono } from "hono";
import type { ServerConfig } from "../config/schema.js";
import type { Logger } from "../observability/logger.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { Requester } from "../services/requester.js";
import type { Services } from "../services/services.js";
import { clientAddressOf, recordClientAddress } from "./client-address.js";
import { bindWithLabels, OperationLabels, type RouteContext } from "./context.js";
import { RateLimiter } from "./rate-limit.js";
import { requestLog } from "./request-log.js";
import { accountRoutes } from "./routes/account.js";
import { deviceRoutes } from "./routes/devices.js";
import { discoveryRoutes } from "./routes/discovery.js";
import { loginRoutes } from "./routes/login.js";
import { profileRoutes } from "./routes/profile.js";
import { registrationRoutes } from "./routes/registration.js";
import { sharedSecretRoutes } from "./routes/shared-secret.js";

/** Endpoints whose abuse costs the most (password hashing, account creation): the ones rate limited per address. */
const RATE_LIMITED_OPERATIONS: Record<string, "login" | "register"> = { login: "login", register: "register", refresh: "login" };

export function createHttpApp(deps: { config: ServerConfig; services: Services; logger: Logger; metrics: ServerMetrics }): Hono {
  const { config, services, logger, metrics } = deps;
  const app = new Hono();
  const labels = new OperationLabels();
  const limiter = new RateLimiter({ login: config.rateLimits.login, register: config.rateLimits.register }, services.clock);

  app.use("*", requestLog(logger, metrics, labels));
  app.use("*", recordClientAddress);

  const matrix = createMatrixBinding<Requester>({
    authenticate: (token) => services.sessions.authenticate(token),
    maxJsonBodyBytes: config.maxRequestBodySize,
    maxRawBodyBytes: config.maxUploadSize,
    rateLimit: ({ endpoint, request }) => {
      const action = RATE_LIMITED_OPERATIONS[endpoint.operationId];
      if (config.rateLimits.enabled && action !== undefined) limiter.take(action, clientAddressOf(request));
    },
    onUnexpectedError: (error) => logger.error({ err: error }, "unexpected error while handling a request"),
  });
  matrix.fallbacks(app);

  // Prometheus scrapes this; like Synapse's metrics listener it carries no
  // secrets, but deployments should keep it off the public internet.
  app.get("/metrics", async (c) => {
    return c.body(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType });
  });

  const context: RouteContext = { app, config, services, logger, serve: bindWithLabels(app, matrix, labels) };
  discoveryRoutes(context);
  if (config.serveClient) {
    registrationRoutes(context);
    loginRoutes(context);
    accountRoutes(context);
    deviceRoutes(context);
    profileRoutes(context);
  }
  sharedSecretRoutes(context);
  return app;
}
