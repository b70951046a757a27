import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "./config-error.js";
import { configFileSchema, type ConfigFile, type DatabaseConfig, type ServerConfig } from "./schema.js";

export const DEFAULT_BIND = "127.0.0.1";
export const DEFAULT_PORT = 8008;
export const DEFAULT_SERVER_NAME = "localhost";
export const DEFAULT_DATA_DIR = "./.myelin-data";

type Env = Record<string, string | undefined>;

export interface LoadConfigOptions {
  /** Path of the YAML file; falls back to `MYELIN_CONFIG`; none means defaults and environment only. */
  configPath?: string | undefined;
  env?: Env;
  /** Directory that relative paths are resolved against when there is no config file. */
  cwd?: string;
  /** Values that win over the file (tests and the CLI use them); environment variables still win over both. */
  overrides?: ConfigFile;
}

/** Read the config file (if any), apply overrides and the `MYELIN_*` environment, fill in defaults. */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const configPath = options.configPath ?? nonEmpty(env.MYELIN_CONFIG);
  const file = configPath === undefined ? {} : readConfigFile(resolve(cwd, configPath));
  const baseDir = configPath === undefined ? cwd : dirname(resolve(cwd, configPath));
  return resolveConfig({ ...file, ...options.overrides }, env, baseDir);
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${firstLine((error as Error).message)}`);
  }
  return validateConfigFile(raw, path);
}

export function validateConfigFile(raw: unknown, source: string): ConfigFile {
  const parsed = configFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  throw new ConfigError(`config ${source}: ${where}: ${issue?.message ?? "invalid"}`);
}

function resolveConfig(file: ConfigFile, env: Env, baseDir: string): ServerConfig {
  // Environment variables are validated with the file's own rules, so a bad
  // MYELIN_PORT reads like a bad `port:`.
  const fromEnv = validateConfigFile(environmentOverrides(env), "environment (MYELIN_*)");
  const merged: ConfigFile = { ...file, ...fromEnv };
  const rateLimitsOff = env.MYELIN_RATE_LIMITS?.toLowerCase();
  if (rateLimitsOff !== undefined && rateLimitsOff !== "off" && rateLimitsOff !== "on") {
    throw new ConfigError(`MYELIN_RATE_LIMITS must be "off" or "on", not ${JSON.stringify(env.MYELIN_RATE_LIMITS)}`);
  }

  const serverName = merged.server_name ?? DEFAULT_SERVER_NAME;
  const dataDir = resolve(baseDir, merged.data_dir ?? DEFAULT_DATA_DIR);
  const tokens = merged.registration_tokens ?? [];
  const databaseUrl = nonEmpty(env.MYELIN_DATABASE_URL) ?? merged.database;
  return {
    serverName,
    bind: merged.bind ?? DEFAULT_BIND,
    port: merged.port ?? DEFAULT_PORT,
    dataDir,
    database: parseDatabase(databaseUrl, dataDir),
    publicBaseUrl: merged.public_baseurl,
    registration: {
      // Open by default only on "localhost", which nobody else can reach by
      // name; any real server name needs an explicit choice (or tokens).
      enabled: merged.enable_registration ?? (serverName === "localhost" || tokens.length > 0),
      tokens,
      sharedSecret: nonEmpty(env.MYELIN_REGISTRATION_SHARED_SECRET) ?? merged.registration_shared_secret,
      allowGuests: merged.allow_guest_access ?? false,
    },
    rateLimits: {
      enabled: rateLimitsOff === undefined ? (merged.rate_limits?.enabled ?? true) : rateLimitsOff === "on",
      login: bucketOf(merged.rate_limits?.login, { perSecond: 0.5, burst: 10 }),
      register: bucketOf(merged.rate_limits?.register, { perSecond: 0.2, burst: 5 }),
    },
    maxRequestBodySize: merged.max_request_body_size ?? 10 * 1024 * 1024,
    maxUploadSize: merged.max_upload_size ?? 50 * 1024 * 1024,
    urlPreview: { enabled: merged.url_preview?.enabled ?? false, ipRangeWhitelist: merged.url_preview?.ip_range_whitelist ?? [] },
    refreshableAccessTokenLifetimeMs: merged.refreshable_access_token_lifetime_ms ?? 5 * 60 * 1000,
    signingKeyPath: resolve(dataDir, merged.signing_key_path ?? "signing.key"),
    serveClient: merged.serve_client ?? true,
    webClient: { enabled: merged.serve_web_client ?? true, dir: merged.web_client_dir === undefined ? undefined : resolve(baseDir, merged.web_client_dir) },
    logLevel: merged.log_level ?? "info",
  };
}

function environmentOverrides(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  set("bind", nonEmpty(env.MYELIN_BIND));
  set("server_name", nonEmpty(env.MYELIN_SERVER_NAME));
  set("data_dir", nonEmpty(env.MYELIN_DATA_DIR));
  const port = nonEmpty(env.MYELIN_PORT);
  if (port !== undefined) {
    if (!/^\d+$/.test(port)) throw new ConfigError(`MYELIN_PORT must be a port number, not ${JSON.stringify(port)}`);
    out.port = Number(port);
  }
  const webClient = nonEmpty(env.MYELIN_SERVE_WEB_CLIENT)?.toLowerCase();
  if (webClient !== undefined) {
    if (webClient !== "true" && webClient !== "false") {
      throw new ConfigError(`MYELIN_SERVE_WEB_CLIENT must be "true" or "false", not ${JSON.stringify(env.MYELIN_SERVE_WEB_CLIENT)}`);
    }
    out.serve_web_client = webClient === "true";
  }
  const registration = nonEmpty(env.MYELIN_ENABLE_REGISTRATION)?.toLowerCase();
  if (registration !== undefined) {
    if (registration !== "true" && registration !== "false") {
      throw new ConfigError(`MYELIN_ENABLE_REGISTRATION must be "true" or "false", not ${JSON.stringify(env.MYELIN_ENABLE_REGISTRATION)}`);
    }
    out.enable_registration = registration === "true";
  }
  return out;
}

/** `postgres://` (or `postgresql://`) selects PostgreSQL; anything else is a SQLite file, relative to the data directory. */
export function parseDatabase(value: string | undefined, dataDir: string): DatabaseConfig {
  if (value === undefined) return { kind: "sqlite", path: resolve(dataDir, "homeserver.db") };
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError("database: the PostgreSQL URL is not a valid URL");
    }
    return { kind: "postgres", url: value };
  }
  const path = value.startsWith("sqlite:") ? value.slice("sqlite:".length) : value;
  if (path === ":memory:") return { kind: "sqlite", path };
  return { kind: "sqlite", path: isAbsolute(path) ? path : resolve(dataDir, path) };
}

function bucketOf(value: { per_second: number; burst: number } | undefined, fallback: { perSecond: number; burst: number }) {
  return value === undefined ? fallback : { perSecond: value.per_second, burst: value.burst };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
