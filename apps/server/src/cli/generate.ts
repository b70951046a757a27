import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isValidServerName } from "@myelin/core";
import { ConfigError } from "../config/config-error.js";
import { configTemplate } from "../config/template.js";
import { writeNewSigningKey } from "../signing-key.js";

/**
 * `myelin generate`: a commented config file and a new signing key beside
 * it. Neither is ever overwritten: a signing key, once used, is the server's
 * identity.
 */
export function generateConfig(options: { serverName: string | undefined; configPath: string | undefined; cwd: string }): { configPath: string; signingKeyPath: string; keyId: string } {
  const serverName = options.serverName;
  if (serverName === undefined || serverName === "") throw new ConfigError("generate needs --server-name NAME");
  if (!isValidServerName(serverName)) throw new ConfigError(`--server-name ${JSON.stringify(serverName)} is not a valid server name`);
  const configPath = resolve(options.cwd, options.configPath ?? "homeserver.yaml");
  if (existsSync(configPath)) throw new ConfigError(`${configPath} already exists; not overwriting it`);
  const keyFileName = `${serverName.replace(/[^A-Za-z0-9.-]/g, "_")}.signing.key`;
  const signingKeyPath = resolve(dirname(configPath), keyFileName);
  if (existsSync(signingKeyPath)) throw new ConfigError(`${signingKeyPath} already exists; not overwriting it`);

  mkdirSync(dirname(configPath), { recursive: true });
  const keyId = writeNewSigningKey(signingKeyPath);
  const text = configTemplate({
    serverName,
    signingKeyPath: `./${keyFileName}`,
    registrationSharedSecret: randomBytes(24).toString("base64url"),
  });
  writeFileSync(configPath, text, { mode: 0o600, flag: "wx" });
  return { configPath, signingKeyPath, keyId };
}
