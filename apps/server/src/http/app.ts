import { createMatrixBinding } from "@myelin/http";
import { Hono } from "hono";
import type { ServerConfig } from "../config/schema.js";
import type { Logger } from "../observability/logger.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { Requester } from "../services/requester.js";
import type { Services } from "../services/services.js";
import { clientAddressOf, recordClientAddress } from "./client-address.js";
import { clientStaticRoutes, defaultClientDir } from "./client-static.js";
import { bindWithLabels, OperationLabels, type RouteContext } from "./context.js";
import { RateLimiter } from "./rate-limit.js";
import { requestLog } from "./request-log.js";
import { accountRoutes } from "./routes/account.js";
import { deviceRoutes } from "./routes/devices.js";
import { discoveryRoutes } from "./routes/discovery.js";
import { loginRoutes } from "./routes/login.js";
import { profileRoutes } from "./routes/profile.js";
import { mediaRoutes } from "./routes/media.js";
import { registrationRoutes } from "./routes/registration.js";
import { roomDirectoryRoutes } from "./routes/room-directory.js";
import { roomMembershipRoutes } from "./routes/room-membership.js";
import { roomRoutes } from "./routes/rooms.js";
import { sharedSecretRoutes } from "./routes/shared-secret.js";
import { accountDataRoutes } from "./routes/account-data.js";
import { filterRoutes } from "./routes/filters.js";
import { presenceRoutes } from "./routes/presence.js";
import { syncRoutes } from "./routes/sync.js";
import { typingAndReceiptRoutes } from "./routes/typing-receipts.js";
import { userDirectoryRoutes } from "./routes/user-directory.js";
import { relationRoutes } from "./routes/relations.js";
import { pushRoutes } from "./routes/push.js";

/** Endpoints whose abuse costs the most (password hashing, account creation): the ones rate limited per address. */
const RATE_LIMITED_OPERATIONS: Record<string, "login" | "register"> = { login: "login", register: "register", refresh: "login" };

export function createHttpApp(deps: { config: ServerConfig; services: Services; logger: Logger; metrics: ServerMetrics }): Hono {
  const { config, services, logger, metrics } = deps;
  const app = new Hono();
  const labels = new OperationLabels();
  const limiter = new RateLimiter({ login: config.rateLimits.login, register: config.rateLimits.register }, services.clock);

  app.use("*", requestLog(logger, metrics, labels));
  app.use("*", recordClientAddress);

  // A failed last-seen write must not fail the request it was noted for.
  const recordDeviceUse = async (requester: Requester, request: Request) => {
    const address = clientAddressOf(request);
    try {
      await services.deviceActivity.seen(requester, address === "unknown" ? null : address);
    } catch (error) {
      logger.warn({ err: error }, "could not record device activity");
    }
  };

  const matrix = createMatrixBinding<Requester>({
    authenticate: async (token, { request }) => {
      const requester = await services.sessions.authenticate(token);
      if (requester) await recordDeviceUse(requester, request);
      return requester;
    },
    maxJsonBodyBytes: config.maxRequestBodySize,
    maxRawBodyBytes: config.maxUploadSize,
    rateLimit: ({ endpoint, request }) => {
      const action = RATE_LIMITED_OPERATIONS[endpoint.operationId];
      if (config.rateLimits.enabled && action !== undefined) limiter.take(action, clientAddressOf(request));
    },
    onUnexpectedError: (error) => logger.error({ err: error }, "unexpected error while handling a request"),
  });
  matrix.fallbacks(app);
  // The web client at `/`. Registered before the endpoints so that they stay the
  // last matched route (the request log's operation label); server paths fall
  // through it to them or to the Matrix 404.
  if (config.webClient.enabled) clientStaticRoutes(app, config.webClient.dir ?? defaultClientDir(), logger);

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
    roomRoutes(context);
    roomMembershipRoutes(context);
    roomDirectoryRoutes(context);
    mediaRoutes(context);
    filterRoutes(context);
    accountDataRoutes(context);
    typingAndReceiptRoutes(context);
    presenceRoutes(context);
    userDirectoryRoutes(context);
    syncRoutes(context);
    relationRoutes(context);
    pushRoutes(context);
  }
  sharedSecretRoutes(context);
  return app;
}
