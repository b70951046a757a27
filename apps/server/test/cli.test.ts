// The `myelin` command line: generate, register-user, start (and SIGTERM).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMatrixClient, getTokenOwner, login } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli, spawnServer } from "./helpers/cli.js";

describe("myelin CLI", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "myelin-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("generate writes a commented config and a Synapse-style signing key, and never overwrites them", async () => {
    const configPath = join(dir, "homeserver.yaml");
    const result = await runCli(["generate", "--server-name", "example.org", "--config", configPath]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(configPath, "utf8");
    expect(text).toContain("# ");
    const config = parse(text) as Record<string, unknown>;
    expect(config.server_name).toBe("example.org");
    expect(typeof config.registration_shared_secret).toBe("string");
    const key = readFileSync(join(dir, "example.org.signing.key"), "utf8");
    expect(key).toMatch(/^ed25519 a_[A-Za-z]{4} [A-Za-z0-9+/]{43}\n$/);

    const again = await runCli(["generate", "--server-name", "example.org", "--config", configPath]);
    expect(again.code).toBe(2);
    expect(readFileSync(join(dir, "example.org.signing.key"), "utf8")).toBe(key);
  });

  it("exits 2 with one line for a bad config or bad arguments", async () => {
    const badPort = await runCli(["register-user", "--user", "x", "--password", "y"], { MYELIN_PORT: "eighty" });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr.trim().split("\n")).toHaveLength(1);
    expect(badPort.stderr).toContain("MYELIN_PORT");
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    const badServerName = await runCli(["generate", "--server-name", "not a name", "--config", join(dir, "x.yaml")]);
    expect(badServerName.code).toBe(2);
  });

  it("register-user creates an account in the configured database, and start serves it until SIGTERM (exit 0)", async () => {
    const dataDir = join(dir, "data");
    const env = { MYELIN_DATA_DIR: dataDir, MYELIN_SERVER_NAME: "example.org" };
    const registered = await runCli(["register-user", "--user", "admin", "--password", "hunter2", "--admin"], env);
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stdout).toContain("@admin:example.org");
    const duplicate = await runCli(["register-user", "--user", "admin", "--password", "x"], env);
    expect(duplicate.code).toBe(1);

    const server = await spawnServer([], env);
    try {
      expect(existsSync(join(dataDir, "signing.key"))).toBe(true);
      const client = createMatrixClient({ baseUrl: server.baseUrl });
      const session = await client.call(login, { body: { type: "m.login.password", user: "admin", password: "hunter2" } });
      const whoami = await client.call(getTokenOwner, undefined, { accessToken: session.access_token });
      expect(whoami.user_id).toBe("@admin:example.org");
    } finally {
      server.child.kill("SIGTERM");
    }
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('"msg":"stopped"');
  });
});
