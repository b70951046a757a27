// A hono app served over real HTTP on 127.0.0.1, for tests that go through
// the network stack (the typed client against the server binding, sync
// loops). The Node adapter is passed in rather than imported, so that this
// package does not depend on @hono/node-server (nor on Node): a test hands
// over `serve` from its own devDependency.
import type { Hono } from "hono";

/** The part of @hono/node-server's `serve` used here. */
export type ServeFunction = (
  options: { fetch: Hono["fetch"]; port: number; hostname: string },
  listening: (info: { port: number }) => void,
) => { close(callback: () => void): void; closeAllConnections?: () => void };

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Serve `app` with `serve` on 127.0.0.1 with a port the OS picks. */
export function startServer(app: Hono, serve: ServeFunction): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
      resolve({
        baseUrl: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold close() open until they time out.
            server.closeAllConnections?.();
          }),
      });
    });
  });
}
