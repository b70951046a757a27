import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { Stores } from "../storage.js";
import { accountQueries } from "./accounts.js";
import { deviceQueries } from "./devices.js";
import { tokenQueries } from "./tokens.js";
import { uiaQueries } from "./uia.js";
import { mediaQueries } from "./media.js";
import { accountDataQueries } from "./account-data.js";
import { filterQueries } from "./filters.js";
import { presenceQueries } from "./presence.js";
import { receiptQueries } from "./receipts.js";
import { syncStreamQueries } from "./stream-positions.js";
import { syncRoomQueries } from "./sync-rooms.js";
import { userVisibilityQueries } from "./user-visibility.js";
import { eventQueries } from "./events.js";
import type { StoredEventCache, StoredEventInvalidation } from "./stored-event-cache.js";
import { roomStateQueries, type StateKeyCache } from "./room-state.js";
import { roomQueries } from "./rooms.js";
import { relationQueries } from "./relations.js";
import { pushQueries } from "./push.js";
import { pusherQueries } from "./pushers.js";

/** The caches of the database itself (never read inside a transaction). */
export interface StoreCaches {
  stateKeys: StateKeyCache;
  events: StoredEventCache;
}

/**
 * The stores over one Kysely handle: the database itself (with `caches`),
 * or a transaction (with `invalidation`: what its writes make stale).
 */
export function storesOver(db: Kysely<Database>, caches?: StoreCaches, invalidation?: StoredEventInvalidation): Stores {
  const stateKeys = caches?.stateKeys;
  return {
    events: eventQueries(db, caches?.events, invalidation ?? caches?.events),
    roomState: roomStateQueries(db, stateKeys),
    rooms: roomQueries(db),
    accounts: accountQueries(db),
    devices: deviceQueries(db),
    tokens: tokenQueries(db),
    uia: uiaQueries(db),
    media: mediaQueries(db),
    filters: filterQueries(db),
    accountData: accountDataQueries(db),
    receipts: receiptQueries(db),
    presence: presenceQueries(db),
    syncStreams: syncStreamQueries(db),
    userVisibility: userVisibilityQueries(db),
    syncRooms: syncRoomQueries(db),
    relations: relationQueries(db),
    push: pushQueries(db),
    pushers: pusherQueries(db),
  };
}
