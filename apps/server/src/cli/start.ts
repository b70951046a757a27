import { mkdirSync } from "node:fs";
import type { ServerConfig } from "../config/schema.js";
import { createLogger } from "../observability/logger.js";
import { compactHeapWhenIdle } from "../observability/idle-heap-compaction.js";
import { ServerMetrics } from "../observability/metrics.js";
import { createHomeserver } from "../server.js";
import { ensureSigningKey } from "../signing-key.js";

/**
 * `myelin start`: data directory and signing key created when missing, the
 * database migrated, HTTP served until SIGTERM/SIGINT, then a graceful stop.
 * Resolves with the exit status.
 */
export async function startServer(config: ServerConfig): Promise<number> {
  const logger = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const signingKey = await ensureSigningKey(config.signingKeyPath);
  logger.info({ keyId: signingKey.keyId }, "signing key loaded");
  const server = await createHomeserver(config, { logger, metrics: new ServerMetrics({ processMetrics: true }) });
  try {
    await server.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  const stopCompaction = compactHeapWhenIdle();
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      stopCompaction();
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error({ err: error }, "error during shutdown");
          resolve(1);
        },
      );
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}
