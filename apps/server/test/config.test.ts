// Configuration: defaults, the MYELIN_* environment, validation, and the
// registration rules per server name (issue: open on localhost only by default).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/config-error.js";
import { loadConfig } from "../src/config/load.js";

const dir = mkdtempSync(join(tmpdir(), "myelin-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("loadConfig", () => {
  it("defaults to localhost on 127.0.0.1:8008 with SQLite in ./.myelin-data and open registration", () => {
    const config = loadConfig({ env: {}, cwd: dir });
    expect(config).toMatchObject({ serverName: "localhost", bind: "127.0.0.1", port: 8008, dataDir: join(dir, ".myelin-data") });
    expect(config.database).toEqual({ kind: "sqlite", path: join(dir, ".myelin-data", "homeserver.db") });
    expect(config.registration.enabled).toBe(true);
    expect(config.rateLimits.enabled).toBe(true);
  });

  it("keeps registration closed for another server name unless opened or given tokens", () => {
    expect(loadConfig({ env: { MYELIN_SERVER_NAME: "example.org" }, cwd: dir }).registration.enabled).toBe(false);
    expect(loadConfig({ env: { MYELIN_SERVER_NAME: "example.org", MYELIN_ENABLE_REGISTRATION: "true" }, cwd: dir }).registration.enabled).toBe(true);
    const withTokens = writeConfig("tokens.yaml", 'server_name: example.org\nregistration_tokens: ["abc"]\n');
    expect(loadConfig({ configPath: withTokens, env: {} }).registration.enabled).toBe(true);
    expect(loadConfig({ env: { MYELIN_ENABLE_REGISTRATION: "false" }, cwd: dir }).registration.enabled).toBe(false);
  });

  it("lets the environment override the file, and selects PostgreSQL by URL", () => {
    const path = writeConfig("env.yaml", "server_name: file.example\nport: 9000\nbind: 0.0.0.0\n");
    const config = loadConfig({
      env: { MYELIN_CONFIG: path, MYELIN_PORT: "9100", MYELIN_BIND: "::1", MYELIN_DATABASE_URL: "postgres://u@db/x", MYELIN_RATE_LIMITS: "off", MYELIN_REGISTRATION_SHARED_SECRET: "s" },
    });
    expect(config).toMatchObject({ serverName: "file.example", port: 9100, bind: "::1", database: { kind: "postgres", url: "postgres://u@db/x" } });
    expect(config.rateLimits.enabled).toBe(false);
    expect(config.registration.sharedSecret).toBe("s");
  });

  it("resolves relative paths against the config file's directory", () => {
    const path = writeConfig("paths.yaml", "data_dir: ./d\ndatabase: hs.sqlite\nsigning_key_path: ./k.key\n");
    const config = loadConfig({ configPath: path, env: {} });
    expect(config.dataDir).toBe(join(dir, "d"));
    expect(config.database).toEqual({ kind: "sqlite", path: join(dir, "d", "hs.sqlite") });
    expect(config.signingKeyPath).toBe(join(dir, "d", "k.key"));
  });

  it("rejects bad values with one clear ConfigError", () => {
    const cases: [string, Record<string, string>][] = [
      ["port: 70000\n", {}],
      ["server_name: 'not a name'\n", {}],
      ["enable_registraton: true\n", {}],
      ["port: [\n", {}],
      ["", { MYELIN_PORT: "x" }],
      ["", { MYELIN_ENABLE_REGISTRATION: "yes" }],
      ["", { MYELIN_RATE_LIMITS: "maybe" }],
    ];
    for (const [text, env] of cases) {
      const path = writeConfig("bad.yaml", text);
      expect(() => loadConfig({ configPath: path, env }), `${text} ${JSON.stringify(env)}`).toThrow(ConfigError);
    }
    expect(() => loadConfig({ configPath: join(dir, "missing.yaml"), env: {} })).toThrow(/cannot read config file/);
  });
});
