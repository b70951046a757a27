import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMatrixClient, register, type MatrixClient } from "@myelin/client-server";
import { loadConfig } from "@myelin/server/dist/config/load.js";
import { createHomeserver, type Homeserver } from "@myelin/server/dist/server.js";
import { CLIENT_DIST } from "./paths.js";

export interface TestHomeserver {
  /** `http://127.0.0.1:<port>`: the homeserver, and the client at `/`. */
  readonly baseUrl: string;
  /** The running instance (a new one after `restart`). */
  readonly server: Homeserver;
  /** A typed API client, for what a test sets up or checks behind the browser's back. */
  client(accessToken?: string): MatrixClient;
  /** Register through the API (m.login.dummy) and return a logged-in client. */
  registerUser(username: string, password?: string): Promise<{ client: MatrixClient; userId: string; accessToken: string }>;
  /**
   * Stop the server (cutting open connections, like a crash or a deploy),
   * stay down for `downMs`, then start it again on the same port and
   * database, so clients see an outage and a return.
   */
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const PASSWORD = "correct horse battery staple";

/**
 * The real homeserver, in-process, on a loopback port the OS picks, with a
 * fresh SQLite database in a temporary directory, open registration, rate
 * limits off, serving the built client from apps/client/dist.
 */
export async function startHomeserver(): Promise<TestHomeserver> {
  const dataDir = mkdtempSync(join(tmpdir(), "myelin-e2e-"));
  // env: {} so the caller's MYELIN_* settings do not leak in.
  const config = loadConfig({
    env: {},
    cwd: dataDir,
    overrides: { bind: "127.0.0.1", port: 0, data_dir: dataDir, log_level: "silent", rate_limits: { enabled: false }, enable_registration: true, web_client_dir: CLIENT_DIST },
  });
  let server = await createHomeserver(config);
  const { baseUrl, port } = await server.listen();
  const client = (accessToken?: string) => createMatrixClient({ baseUrl, ...(accessToken === undefined ? {} : { accessToken }), maxRateLimitRetries: 0 });
  return {
    baseUrl,
    get server() {
      return server;
    },
    client,
    async registerUser(username, password = PASSWORD) {
      const response = await client().call(register, { body: { username, password, auth: { type: "m.login.dummy" } } });
      if (response.access_token === undefined) throw new Error("registration did not log in");
      return { client: client(response.access_token), userId: response.user_id, accessToken: response.access_token };
    },
    async restart(downMs = 1_000) {
      await server.close(0);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await createHomeserver({ ...config, port });
      await server.listen();
    },
    async close() {
      await server.close(1_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
