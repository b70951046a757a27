import type { ServerConfig } from "../config/schema.js";
import type { Storage } from "../storage/storage.js";
import { AccountService } from "./accounts.js";
import type { Clock } from "./clock.js";
import { DeviceService } from "./devices.js";
import { LoginService } from "./login.js";
import { ProfileService, type ProfileChangeHook } from "./profile.js";
import { RegistrationService } from "./registration.js";
import { SessionService } from "./sessions.js";
import { SharedSecretRegistrationService } from "./shared-secret.js";
import { UiaService } from "./uia.js";

/** Every service of the server, wired to one storage. The HTTP layer and the CLI use these, never the storage directly. */
export interface Services {
  storage: Storage;
  clock: Clock;
  sessions: SessionService;
  uia: UiaService;
  accounts: AccountService;
  registration: RegistrationService;
  login: LoginService;
  devices: DeviceService;
  profiles: ProfileService;
  sharedSecret: SharedSecretRegistrationService;
}

export function createServices(config: ServerConfig, storage: Storage, clock: Clock, hooks: { onProfileChange?: ProfileChangeHook } = {}): Services {
  const sessions = new SessionService(storage, clock, { refreshableAccessTokenLifetimeMs: config.refreshableAccessTokenLifetimeMs });
  const uia = new UiaService(storage, clock);
  const accounts = new AccountService(storage, uia, config.serverName);
  const registration = new RegistrationService(storage, uia, sessions, clock, config.serverName, config.registration);
  return {
    storage,
    clock,
    sessions,
    uia,
    accounts,
    registration,
    login: new LoginService(storage, accounts, sessions, config.serverName),
    devices: new DeviceService(storage),
    profiles: new ProfileService(storage, config.serverName, hooks.onProfileChange),
    sharedSecret: new SharedSecretRegistrationService(config.registration.sharedSecret, registration, sessions, clock, config.serverName),
  };
}
