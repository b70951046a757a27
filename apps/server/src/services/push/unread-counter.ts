import { recipientOf, type EventNotification, type EventNotificationRow, type ReadPositions, type Storage } from "../../storage/storage.js";

// Spec: client-server "Receiving notifications" (unread_notifications and
// unread_thread_notifications in /sync) and "Marking notifications as read".
// A notification is unread when it is after the user's read position for its
// thread: the later of their last sent event in the room and their most
// advanced m.read/m.read.private receipt, unthreaded or of that thread.
//
// /sync asks for these counts every time it answers, for every joined room,
// so they live in memory: loaded from storage once per (user, room), moved
// on as events commit (before syncs are woken, so a count is in the same
// /sync as its event), and dropped when a receipt moves the read position
// (the next /sync reloads them). This assumes one server process writes the
// room's events, as it does today.

export interface ThreadCounts {
  notifications: number;
  highlights: number;
}

/** A room's unread counts, by thread ("main" for the main timeline). */
export type RoomThreadCounts = ReadonlyMap<string, ThreadCounts>;

interface PendingLoad {
  /** Notifications committed while the load ran (deduplicated against what it read). */
  deltas: { eventId: string; threadId: string; highlight: boolean }[];
  /** The read position moved while loading: the result is served once, not kept. */
  invalidated: boolean;
  done: Promise<Map<string, ThreadCounts>>;
}

/** (user, room) entries kept; past this the cache starts over (entries reload on demand). */
const MAX_ENTRIES = 200_000;

/** room ID → user ID → value: an event's recipients are found in its room's map without building keys. */
class ByRoomAndUser<T> {
  private readonly rooms = new Map<string, Map<string, T>>();
  size = 0;

  get(roomId: string, userId: string): T | undefined {
    return this.rooms.get(roomId)?.get(userId);
  }

  usersOf(roomId: string): ReadonlyMap<string, T> | undefined {
    return this.rooms.get(roomId);
  }

  set(roomId: string, userId: string, value: T): void {
    let users = this.rooms.get(roomId);
    if (!users) this.rooms.set(roomId, (users = new Map<string, T>()));
    if (!users.has(userId)) this.size += 1;
    users.set(userId, value);
  }

  delete(roomId: string, userId: string): void {
    const users = this.rooms.get(roomId);
    if (!users?.delete(userId)) return;
    this.size -= 1;
    if (users.size === 0) this.rooms.delete(roomId);
  }

  clear(): void {
    this.rooms.clear();
    this.size = 0;
  }
}

/** Whether a stored notification is after the user's read position for its thread. */
export function isUnread(row: EventNotificationRow, positions: ReadPositions | undefined): boolean {
  if (!positions) return true;
  const receipt = Math.max(positions.receipts.get("") ?? 0, positions.receipts.get(row.threadId) ?? 0);
  return row.streamOrdering > positions.lastSent && row.streamOrdering > receipt;
}

/** The lowest stream ordering any thread of the room can still be unread after. */
function floorOf(positions: ReadPositions | undefined): number {
  return positions ? Math.max(positions.lastSent, positions.receipts.get("") ?? 0) : 0;
}

function bump(threads: Map<string, ThreadCounts>, threadId: string, highlight: boolean): void {
  const counts = threads.get(threadId) ?? { notifications: 0, highlights: 0 };
  counts.notifications += 1;
  if (highlight) counts.highlights += 1;
  threads.set(threadId, counts);
}

export class UnreadCounter {
  private readonly entries = new ByRoomAndUser<Map<string, ThreadCounts>>();
  private readonly loads = new ByRoomAndUser<PendingLoad>();

  constructor(private readonly storage: Storage) {}

  /** Unread counts of the user's rooms, by thread (rooms without any map to an empty map). */
  async counts(userId: string, roomIds: readonly string[]): Promise<Map<string, RoomThreadCounts>> {
    const out = new Map<string, RoomThreadCounts>();
    const waiting: Promise<void>[] = [];
    const missing: string[] = [];
    for (const roomId of roomIds) {
      const known = this.entries.get(roomId, userId);
      const loading = known ? undefined : this.loads.get(roomId, userId);
      if (known) out.set(roomId, known);
      else if (loading) waiting.push(loading.done.then((counts) => void out.set(roomId, counts)));
      else missing.push(roomId);
    }
    if (missing.length > 0) waiting.push(this.load(userId, missing, out));
    await Promise.all(waiting);
    return out;
  }

  /**
   * An event committed: its sender has read the room up to it, and each
   * recipient of its notification has one more unread (a new event is after
   * every read position). Call before waking syncs.
   */
  committed(event: { roomId: string; sender: string }, notification: EventNotification | undefined): void {
    if (this.entries.get(event.roomId, event.sender)) this.entries.set(event.roomId, event.sender, new Map());
    const senderLoad = this.loads.get(event.roomId, event.sender);
    if (senderLoad) senderLoad.invalidated = true;
    if (!notification) return;
    const counted = this.entries.usersOf(event.roomId);
    const loading = this.loads.usersOf(event.roomId);
    for (const recipient of notification.recipients) {
      const threads = counted?.get(recipient.userId);
      if (threads) bump(threads, notification.threadId, recipient.highlight);
      loading?.get(recipient.userId)?.deltas.push({ eventId: notification.eventId, threadId: notification.threadId, highlight: recipient.highlight });
    }
  }

  /** The user's read receipt in the room moved: counts are read again when next asked. */
  readPositionMoved(userId: string, roomId: string): void {
    this.entries.delete(roomId, userId);
    const load = this.loads.get(roomId, userId);
    if (load) load.invalidated = true;
  }

  private async load(userId: string, roomIds: readonly string[], out: Map<string, RoomThreadCounts>): Promise<void> {
    const pending = new Map<string, PendingLoad>();
    let finish!: (counts: Map<string, Map<string, ThreadCounts>>) => void;
    let fail!: (error: unknown) => void;
    const all = new Promise<Map<string, Map<string, ThreadCounts>>>((resolve, reject) => ((finish = resolve), (fail = reject)));
    for (const roomId of roomIds) {
      const load: PendingLoad = { deltas: [], invalidated: false, done: all.then((counts) => counts.get(roomId)!) };
      // Only concurrent callers await `done`; the first caller gets the error itself.
      load.done.catch(() => undefined);
      pending.set(roomId, load);
      this.loads.set(roomId, userId, load);
    }
    try {
      const positions = await this.storage.push.readPositions(userId, roomIds);
      const rows = await this.storage.push.notificationsAfter(roomIds.map((roomId) => ({ roomId, after: floorOf(positions.get(roomId)) })));
      const counts = new Map(roomIds.map((roomId) => [roomId, new Map<string, ThreadCounts>()]));
      const seen = new Set<string>();
      for (const row of rows) {
        seen.add(row.eventId);
        const recipient = recipientOf(row, userId);
        if (recipient && isUnread(row, positions.get(row.roomId))) bump(counts.get(row.roomId)!, row.threadId, recipient.highlight);
      }
      if (this.entries.size + roomIds.length > MAX_ENTRIES) this.entries.clear();
      for (const [roomId, load] of pending) {
        const threads = counts.get(roomId)!;
        for (const delta of load.deltas) if (!seen.has(delta.eventId)) bump(threads, delta.threadId, delta.highlight);
        if (!load.invalidated) this.entries.set(roomId, userId, threads);
        out.set(roomId, threads);
      }
      finish(counts);
    } catch (error) {
      fail(error);
      throw error;
    } finally {
      for (const roomId of roomIds) if (this.loads.get(roomId, userId) === pending.get(roomId)) this.loads.delete(roomId, userId);
    }
  }
}
