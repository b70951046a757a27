import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The server's Prometheus metrics, in a registry of its own (tests run
 * several servers in one process; the global registry would mix them).
 */
export class ServerMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: "myelin_http_requests_total",
    help: "HTTP requests answered, by endpoint operationId, method and status",
    labelNames: ["operation", "method", "status"] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: "myelin_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by endpoint operationId",
    labelNames: ["operation"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30],
    registers: [this.registry],
  });

  readonly dbQueryDuration = new Histogram({
    name: "myelin_db_query_duration_seconds",
    help: "Database query time, by statement kind",
    labelNames: ["statement"] as const,
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  /** Read when scraped; the server points it at the notifier once services exist. */
  private syncWaitersSource: () => number = () => 0;

  readonly syncWaiters: Gauge = new Gauge({
    name: "myelin_sync_waiters",
    help: "/sync long-polls waiting for news",
    registers: [this.registry],
    collect: (): void => {
      this.syncWaiters.set(this.syncWaitersSource());
    },
  });

  countSyncWaiters(source: () => number): void {
    this.syncWaitersSource = source;
  }

  constructor(options: { processMetrics?: boolean } = {}) {
    // Process metrics (CPU, memory, event loop lag) only for the real
    // process: they register process-wide observers.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
