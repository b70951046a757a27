// Storage durability: every registration the server acknowledged survives
// SIGKILL (SQLite in WAL mode with synchronous=FULL).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMatrixClient, login, register } from "@myelin/client-server";
import { afterAll, describe, expect, it } from "vitest";
import { spawnServer } from "./helpers/cli.js";

describe("durability on SQLite", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "myelin-durability-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { MYELIN_DATA_DIR: dataDir, MYELIN_RATE_LIMITS: "off" };

  it("keeps every acknowledged registration after SIGKILL mid-load", async () => {
    const first = await spawnServer([], env);
    const client = createMatrixClient({ baseUrl: first.baseUrl, maxRateLimitRetries: 0 });
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    // Eight registrations in flight at any time; the server is killed while some are still running.
    const worker = async () => {
      while (!killed) {
        const username = `user${next++}`;
        try {
          await client.call(register, { body: { username, password: `pw-${username}`, auth: { type: "m.login.dummy" } } });
          acknowledged.push(username);
        } catch {
          // Requests cut off by the kill: not acknowledged, so no promise was made.
        }
        if (acknowledged.length >= 20 && !killed) {
          killed = true;
          first.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);

    const second = await spawnServer([], env);
    try {
      const after = createMatrixClient({ baseUrl: second.baseUrl, maxRateLimitRetries: 0 });
      for (const username of acknowledged) {
        const session = await after.call(login, { body: { type: "m.login.password", user: username, password: `pw-${username}` } });
        expect(session.user_id).toBe(`@${username}:localhost`);
      }
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  });
});
