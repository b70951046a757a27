import type { Storage } from "../../storage/storage.js";
import { AccountDataService } from "../account-data.js";
import type { Clock } from "../clock.js";
import type { ClientEventSerializer } from "../events/client-events.js";
import type { HistoryVisibility } from "../events/history-visibility.js";
import { FilterService } from "../filters.js";
import type { Notifier } from "../notifier.js";
import { PresenceService } from "../presence.js";
import { ReceiptService } from "../receipts.js";
import { TypingService } from "../typing.js";
import { UserDirectoryService } from "../user-directory.js";
import { SyncService } from "./sync-service.js";
import type { UnreadNotificationCounter } from "./unread-counts.js";
import type { SyncWakeups } from "./wakeups.js";

/** The services of the sync and ephemeral-data slice: per-user data, ephemeral events, /sync itself. */
export interface SyncServices {
  filters: FilterService;
  accountData: AccountDataService;
  typing: TypingService;
  receipts: ReceiptService;
  presence: PresenceService;
  userDirectory: UserDirectoryService;
  sync: SyncService;
}

export interface SyncServiceDependencies {
  storage: Storage;
  clock: Clock;
  notifier: Notifier;
  serializer: ClientEventSerializer;
  visibility: HistoryVisibility;
  /** Where `unread_notifications` counts come from (push rules); zeros until then. */
  unreadCounts?: UnreadNotificationCounter;
  /** Told when a read receipt moves, so the counts behind `unreadCounts` can follow. */
  readPositionMoved?: (userId: string, roomId: string) => void;
}

/** Writers of account data, receipts, typing and presence wake waiting syncs through the notifier's user and room keys. */
export function notifierWakeups(notifier: Notifier): SyncWakeups {
  return {
    wakeUser: (userId) => notifier.notify([userId]),
    wakeRoom: (roomId) => notifier.notify([roomId]),
  };
}

export function createSyncServices(deps: SyncServiceDependencies): SyncServices {
  const { storage, clock, notifier } = deps;
  const wakeups = notifierWakeups(notifier);
  const filters = new FilterService(storage);
  const accountData = new AccountDataService(storage, wakeups);
  const typing = new TypingService(clock, (roomId) => wakeups.wakeRoom(roomId));
  const presence = new PresenceService(storage, clock, wakeups);
  return {
    filters,
    accountData,
    typing,
    receipts: new ReceiptService(storage, accountData, clock, wakeups, deps.readPositionMoved),
    presence,
    userDirectory: new UserDirectoryService(storage),
    sync: new SyncService({
      storage,
      clock,
      notifier,
      filters,
      typing,
      presence,
      serializer: deps.serializer,
      visibility: deps.visibility,
      ...(deps.unreadCounts && { unreadCounts: deps.unreadCounts }),
    }),
  };
}
