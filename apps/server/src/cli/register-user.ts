import type { ServerConfig } from "../config/schema.js";
import { ConfigError } from "../config/config-error.js";
import { systemClock } from "../services/clock.js";
import { createServices } from "../services/services.js";
import { newUserId } from "../services/user-ids.js";
import { openStorage } from "../storage/open.js";

/** `myelin register-user`: create an account directly in the configured database (the server may be running). */
export async function registerUser(config: ServerConfig, options: { user: string | undefined; password: string | undefined; admin: boolean }): Promise<string> {
  if (!options.user) throw new ConfigError("register-user needs --user NAME");
  if (!options.password) throw new ConfigError("register-user needs --password PASSWORD");
  const localpart = options.user.startsWith("@") ? (options.user.slice(1).split(":")[0] ?? "") : options.user;
  let userId: string;
  try {
    userId = newUserId(localpart, config.serverName);
  } catch (error) {
    throw new ConfigError(`--user: ${(error as Error).message}`);
  }
  const storage = await openStorage(config.database);
  try {
    const services = createServices(config, storage, systemClock);
    const created = await services.registration.createAccount({ userId, password: options.password, isAdmin: options.admin, isGuest: false });
    if (!created) throw new UserExistsError(`${userId} already exists`);
    return userId;
  } finally {
    await storage.close();
  }
}

export class UserExistsError extends Error {}
