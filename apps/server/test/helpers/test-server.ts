import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMatrixClient, register, type MatrixClient } from "@myelin/client-server";
import { loadConfig } from "../../src/config/load.js";
import type { ConfigFile, ServerConfig } from "../../src/config/schema.js";
import { createHomeserver, type Homeserver } from "../../src/server.js";
import { createPostgresSchema, type BackendName } from "./backends.js";

export interface TestServer {
  baseUrl: string;
  server: Homeserver;
  config: ServerConfig;
  /** A typed client, without a token. */
  client(accessToken?: string): MatrixClient;
  /** Register (open registration, m.login.dummy in one request) and return a logged-in client. */
  registerUser(username: string, password?: string): Promise<{ client: MatrixClient; userId: string; deviceId: string; accessToken: string }>;
  close(): Promise<void>;
}

/**
 * The real server, in-process, on a loopback port chosen by the OS, with a
 * fresh SQLite file in a temporary directory or a fresh PostgreSQL schema.
 * Rate limits are off unless the overrides turn them on.
 */
export async function startTestServer(backend: BackendName, overrides: ConfigFile = {}, env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "myelin-test-"));
  const postgres = backend === "postgres" ? await createPostgresSchema() : undefined;
  const config = loadConfig({
    env,
    cwd: dataDir,
    overrides: { bind: "127.0.0.1", port: 0, data_dir: dataDir, log_level: "silent", rate_limits: { enabled: false }, ...overrides },
  });
  if (postgres) config.database = postgres.database;
  const server = await createHomeserver(config);
  const { baseUrl } = await server.listen();

  const client = (accessToken?: string) =>
    createMatrixClient({ baseUrl, ...(accessToken !== undefined && { accessToken }), maxRateLimitRetries: 0 });

  return {
    baseUrl,
    server,
    config,
    client,
    async registerUser(username, password = "correct horse battery staple") {
      const response = await client().call(register, { body: { username, password, auth: { type: "m.login.dummy" } } });
      if (response.access_token === undefined || response.device_id === undefined) throw new Error("registration did not log in");
      return { client: client(response.access_token), userId: response.user_id, deviceId: response.device_id, accessToken: response.access_token };
    },
    async close() {
      await server.close();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw request, for what the typed client would refuse to send. */
export async function rawFetch(baseUrl: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(baseUrl + path, init);
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  return { status: response.status, body };
}
