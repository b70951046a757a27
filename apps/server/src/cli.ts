#!/usr/bin/env node
// myelin: the homeserver's command line. `start` is the default command.
import { parseArgs } from "node:util";
import { generateConfig } from "./cli/generate.js";
import { registerUser, UserExistsError } from "./cli/register-user.js";
import { startServer } from "./cli/start.js";
import { ConfigError } from "./config/config-error.js";
import { loadConfig } from "./config/load.js";

const USAGE = `usage: myelin [command] [options]

  start [--config FILE]                  run the homeserver (the default command)
  generate --server-name NAME [--config FILE]
                                         write a commented config (default homeserver.yaml)
                                         and a new ed25519 signing key beside it
  register-user --user NAME --password P [--admin] [--config FILE]
                                         create an account in the configured database

The config file may also be given by MYELIN_CONFIG; MYELIN_BIND, MYELIN_PORT,
MYELIN_SERVER_NAME, MYELIN_DATA_DIR, MYELIN_DATABASE_URL,
MYELIN_ENABLE_REGISTRATION, MYELIN_RATE_LIMITS=off and
MYELIN_REGISTRATION_SHARED_SECRET override it. Without a config: server name
localhost, 127.0.0.1:8008, SQLite in ./.myelin-data, open registration.`;

const EXIT_BAD_INPUT = 2;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: "string", short: "c" },
      "server-name": { type: "string" },
      user: { type: "string", short: "u" },
      password: { type: "string", short: "p" },
      admin: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const command = positionals[0] ?? "start";
  switch (command) {
    case "start":
      return startServer(loadConfig({ configPath: values.config }));
    case "generate": {
      const { configPath, signingKeyPath, keyId } = generateConfig({ serverName: values["server-name"], configPath: values.config, cwd: process.cwd() });
      console.log(`wrote ${configPath}\nwrote ${signingKeyPath} (${keyId})\nstart with: myelin start --config ${configPath}`);
      return 0;
    }
    case "register-user": {
      const userId = await registerUser(loadConfig({ configPath: values.config }), { user: values.user, password: values.password, admin: values.admin });
      console.log(`registered ${userId}${values.admin ? " (admin)" : ""}`);
      return 0;
    }
    default:
      throw new ConfigError(`unknown command ${JSON.stringify(command)} (try --help)`);
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      console.error(`myelin: ${error.message}`);
      process.exitCode = EXIT_BAD_INPUT;
    } else if (error instanceof UserExistsError) {
      console.error(`myelin: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error("myelin: fatal:", error);
      process.exitCode = 1;
    }
  },
);
