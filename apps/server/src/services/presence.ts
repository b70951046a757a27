import { MatrixError } from "@myelin/http";
import type { PresenceRecord, PresenceState, Storage } from "../storage/storage.js";
import type { Clock } from "./clock.js";
import type { SyncWakeups } from "./sync/wakeups.js";

// Spec: client-server "Presence" (GET/PUT /presence/{userId}/status, the
// m.presence event, "Last active ago", "Idle timeout") and sync's `set_presence`.

/** "Idle timeout": online users not seen for this long read as unavailable. */
export const IDLE_AFTER_MS = 5 * 60_000;
/** Users not seen for this long (no sync, no request) read as offline: they are not connected to an event stream. */
export const OFFLINE_AFTER_MS = 30 * 60_000;
/**
 * Syncs bump last-active at most this often: one write a minute per
 * connected user, not one per long-poll. `currently_active` stays true for
 * twice this, so a user who keeps syncing never flickers to inactive.
 */
export const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

export type PresenceContent = {
  presence: PresenceState;
  last_active_ago?: number;
  currently_active?: boolean;
  status_msg?: string;
};

export type PresenceEvent = {
  type: "m.presence";
  sender: string;
  content: PresenceContent;
};

export class PresenceService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly wakeups: SyncWakeups,
  ) {}

  async setByClient(requesterId: string, userId: string, state: PresenceState, statusMsg: string | undefined): Promise<void> {
    if (requesterId !== userId) throw MatrixError.forbidden("You can only set your own presence");
    const previous = await this.storage.presence.get(userId);
    const now = this.clock();
    await this.write({
      userId,
      state,
      // Keeps the old message when none is given, as the status is per user, not per request.
      statusMsg: statusMsg ?? previous?.statusMsg ?? null,
      // "A pro-active event may be ... changing presence state to online."
      lastActiveTs: state === "online" ? now : (previous?.lastActiveTs ?? now),
    });
  }

  /** GET /presence: the user themselves, or a user who shares a room with them (403 otherwise). */
  async getForClient(requesterId: string, userId: string): Promise<PresenceContent> {
    if (requesterId !== userId && !(await this.storage.userVisibility.sharesRoom(requesterId, userId))) {
      throw MatrixError.forbidden("You are not allowed to see this user's presence");
    }
    const record = await this.storage.presence.get(userId);
    if (record) return this.contentOf(record);
    if (!(await this.storage.accounts.getUser(userId))) throw MatrixError.notFound("No presence for this user");
    return { presence: "offline" };
  }

  /**
   * A /sync arrived with `set_presence` (default "online", sync.yaml):
   * online/unavailable mark the user so; offline leaves their presence as it is.
   */
  async userSyncing(userId: string, setPresence: PresenceState | undefined): Promise<void> {
    const wanted = setPresence ?? "online";
    if (wanted === "offline") return;
    const previous = await this.storage.presence.get(userId);
    const now = this.clock();
    if (previous?.state === wanted) {
      // Still the same state: keep last-active fresh without a stream update.
      // Clients were told `currently_active`, which "Last active ago" lets
      // servers use to stop sending last-active updates; GET reads it fresh.
      if (wanted === "online" && now - previous.lastActiveTs >= ACTIVITY_WRITE_INTERVAL_MS) await this.storage.presence.touchLastActive(userId, now);
      return;
    }
    await this.write({
      userId,
      state: wanted,
      statusMsg: previous?.statusMsg ?? null,
      lastActiveTs: wanted === "online" ? now : (previous?.lastActiveTs ?? now),
    });
  }

  /** m.presence events for the given presence rows, as the syncing user sees them now. */
  eventsOf(records: readonly PresenceRecord[]): PresenceEvent[] {
    return records.map((record) => ({ type: "m.presence", sender: record.userId, content: this.contentOf(record) }));
  }

  /** The presence as clients see it: the idle and offline timeouts apply when it is read. */
  contentOf(record: PresenceRecord): PresenceContent {
    const ago = Math.max(this.clock() - record.lastActiveTs, 0);
    let presence = record.state;
    if (presence === "online" && ago >= IDLE_AFTER_MS) presence = "unavailable";
    if (presence !== "offline" && ago >= OFFLINE_AFTER_MS) presence = "offline";
    return {
      presence,
      last_active_ago: ago,
      ...(presence === "online" && { currently_active: ago < 2 * ACTIVITY_WRITE_INTERVAL_MS }),
      ...(record.statusMsg !== null && { status_msg: record.statusMsg }),
    };
  }

  private async write(presence: Omit<PresenceRecord, "streamId">): Promise<void> {
    await this.storage.presence.put(presence);
    this.wakeups.wakeUser(presence.userId);
    // Everyone who shares a room sees the change; their syncs wait on their own user channel.
    for (const other of await this.storage.userVisibility.usersSharingRoomWith(presence.userId)) {
      if (other !== presence.userId) this.wakeups.wakeUser(other);
    }
  }
}
