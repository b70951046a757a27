import type { ServerConfig } from "../config/schema.js";
import type { Storage } from "../storage/storage.js";
import { AccountService } from "./accounts.js";
import type { Clock } from "./clock.js";
import { DeviceActivity } from "./device-activity.js";
import { DeviceService } from "./devices.js";
import { LoginService } from "./login.js";
import { createMediaServices, type MediaServices } from "./media/index.js";
import { serverSignerFromKeyFile, type SignerSource } from "./events/server-signer.js";
import { InProcessNotifier, type Notifier } from "./notifier.js";
import { ProfileService, propagateProfileToJoinedRooms, type ProfileChangeHook } from "./profile.js";
import { RegistrationService } from "./registration.js";
import { createRoomServices, type RoomServices } from "./rooms/index.js";
import { SessionService } from "./sessions.js";
import { SharedSecretRegistrationService } from "./shared-secret.js";
import { createSyncServices, type SyncServices } from "./sync/index.js";
import { createPushServices, type PushServices } from "./push/index.js";
import { UiaService } from "./uia.js";

/** Every service of the server, wired to one storage. The HTTP layer and the CLI use these, never the storage directly. */
// SyncServices: filters, accountData, typing, receipts, presence, userDirectory, sync.
export interface Services extends SyncServices {
  storage: Storage;
  clock: Clock;
  sessions: SessionService;
  uia: UiaService;
  accounts: AccountService;
  registration: RegistrationService;
  login: LoginService;
  devices: DeviceService;
  /** last_seen_ts / last_seen_ip of devices, written at most once a minute per device. */
  deviceActivity: DeviceActivity;
  profiles: ProfileService;
  sharedSecret: SharedSecretRegistrationService;
  /** Wakes waiting syncs on new events (and, through SyncWakeups, ephemeral data). */
  notifier: Notifier;
  rooms: RoomServices;
  media: MediaServices;
  /** Relations, threads, push rules, notifications, pushers. */
  push: PushServices;
}

export function createServices(config: ServerConfig, storage: Storage, clock: Clock, hooks: { onProfileChange?: ProfileChangeHook; signer?: SignerSource; notifier?: Notifier } = {}): Services {
  const sessions = new SessionService(storage, clock, { refreshableAccessTokenLifetimeMs: config.refreshableAccessTokenLifetimeMs });
  const uia = new UiaService(storage, clock);
  const accounts = new AccountService(storage, uia, config.serverName);
  const registration = new RegistrationService(storage, uia, sessions, clock, config.serverName, config.registration);
  const notifier = hooks.notifier ?? new InProcessNotifier();
  const signer = hooks.signer ?? serverSignerFromKeyFile(config.serverName, config.signingKeyPath);
  const rooms = createRoomServices({ storage, clock, notifier, signer, serverName: config.serverName });
  const push = createPushServices({ storage, clock, notifier, serverName: config.serverName, rooms });
  const syncServices = createSyncServices({
    storage, clock, notifier, serializer: rooms.serializer, visibility: rooms.visibility, unreadCounts: push.unreadCounts,
    readPositionMoved: (userId, roomId) => push.unreadCounter.readPositionMoved(userId, roomId),
  });
  return {
    storage,
    clock,
    sessions,
    uia,
    accounts,
    registration,
    login: new LoginService(storage, accounts, sessions, config.serverName),
    devices: new DeviceService(storage),
    deviceActivity: new DeviceActivity(storage, clock),
    profiles: new ProfileService(storage, config.serverName, hooks.onProfileChange ?? propagateProfileToJoinedRooms(rooms.membership)),
    sharedSecret: new SharedSecretRegistrationService(config.registration.sharedSecret, registration, sessions, clock, config.serverName),
    media: createMediaServices(config, storage, clock),
    notifier,
    rooms,
    push,
    ...syncServices,
  };
}
