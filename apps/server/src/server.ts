import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import type { ServerConfig } from "./config/schema.js";
import { createHttpApp } from "./http/app.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { ServerMetrics } from "./observability/metrics.js";
import { systemClock, type Clock } from "./services/clock.js";
import { createServices, type Services } from "./services/services.js";
import { openStorage } from "./storage/open.js";

export interface HomeserverOptions {
  logger?: Logger;
  metrics?: ServerMetrics;
  clock?: Clock;
}

export interface Homeserver {
  readonly config: ServerConfig;
  readonly app: Hono;
  readonly services: Services;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  /** Start listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<{ port: number; baseUrl: string }>;
  /**
   * Graceful stop: no new connections, in-flight requests finish (up to
   * `graceMs`, then their connections are cut), then the database closes.
   */
  close(graceMs?: number): Promise<void>;
}

/** Open storage (applying migrations), wire the services and the HTTP app. */
export async function createHomeserver(config: ServerConfig, options: HomeserverOptions = {}): Promise<Homeserver> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = options.metrics ?? new ServerMetrics();
  const storage = await openStorage(config.database, {
    onQuery: (statement, ms) => metrics.dbQueryDuration.observe({ statement }, ms / 1000),
  });
  const services = createServices(config, storage, options.clock ?? systemClock);
  metrics.countSyncWaiters(() => services.notifier.waiting);
  const app = createHttpApp({ config, services, logger, metrics });
  let server: ServerType | undefined;
  let closing: Promise<void> | undefined;

  return {
    config,
    app,
    services,
    logger,
    metrics,
    listen() {
      return new Promise((resolve, reject) => {
        const started = serve({ fetch: app.fetch, hostname: config.bind, port: config.port }, (info: AddressInfo) => {
          const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
          logger.info({ bind: info.address, port: info.port, serverName: config.serverName, database: storage.backend }, "listening");
          resolve({ port: info.port, baseUrl: `http://${host}:${info.port}` });
        });
        started.once("error", reject);
        server = started;
      });
    },
    close(graceMs = 10_000) {
      closing ??= (async () => {
        if (server) {
          const httpServer = server;
          await new Promise<void>((resolve) => {
            const force = setTimeout(() => {
              if ("closeAllConnections" in httpServer) httpServer.closeAllConnections();
            }, graceMs);
            httpServer.close(() => {
              clearTimeout(force);
              resolve();
            });
            // Idle keep-alive connections would hold close() open; busy ones finish their request first.
            if ("closeIdleConnections" in httpServer) httpServer.closeIdleConnections();
          });
        }
        await storage.close();
        logger.info("stopped");
      })();
      return closing;
    },
  };
}
