import type { Clock } from "./clock.js";

// Spec: client-server "Typing Notifications" (PUT /rooms/{roomId}/typing/{userId}).
// Typing state is ephemeral: held in memory only, lost on restart (the spec
// has clients resend it every 20-30 s while the user types).

/** A client asking for longer than this gets this: a crashed client must not show as typing for hours. */
export const MAX_TYPING_TIMEOUT_MS = 120_000;
/** When `typing` is true and no timeout is given. */
export const DEFAULT_TYPING_TIMEOUT_MS = 30_000;

interface RoomTyping {
  /** User ID → when their typing expires (clock ms). */
  users: Map<string, number>;
  /** The typing-stream position of this room's last change. */
  position: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Who is typing in each room, with a stream position per change so /sync can
 * send only rooms whose list changed since its token. Positions start at the
 * clock's time when the service is created, so a token from before a restart
 * (all of whose typing is gone) is below every new change.
 */
export class TypingService {
  private readonly rooms = new Map<string, RoomTyping>();
  private position: number;

  constructor(
    private readonly clock: Clock,
    /** Told about every change of a room's typing list (to wake syncs). */
    private readonly onChange: (roomId: string, position: number) => void,
  ) {
    this.position = clock();
  }

  /** The position of the latest change (a sync token component). */
  currentPosition(): number {
    return this.position;
  }

  setTyping(roomId: string, userId: string, typing: boolean, timeoutMs: number | undefined): void {
    const room = this.rooms.get(roomId) ?? { users: new Map<string, number>(), position: this.position, timer: undefined };
    this.rooms.set(roomId, room);
    const wasTyping = room.users.has(userId);
    if (typing) {
      const timeout = Math.min(Math.max(timeoutMs ?? DEFAULT_TYPING_TIMEOUT_MS, 0), MAX_TYPING_TIMEOUT_MS);
      room.users.set(userId, this.clock() + timeout);
    } else {
      room.users.delete(userId);
    }
    // Renewing a running timeout changes nothing a client sees: no new position.
    if (wasTyping !== typing) this.changed(roomId, room);
    this.scheduleExpiry(roomId, room);
  }

  /** Users typing in the room now. */
  typingIn(roomId: string): string[] {
    const room = this.rooms.get(roomId);
    if (!room) return [];
    const now = this.clock();
    return [...room.users].filter(([, expires]) => expires > now).map(([userId]) => userId);
  }

  /**
   * Rooms among `roomIds` whose typing list changed after position `since`,
   * with their current list. A `since` from the future (an earlier process
   * with a faster counter) counts as "before everything".
   */
  changedSince(roomIds: Iterable<string>, since: number): Map<string, string[]> {
    const from = since > this.position ? 0 : since;
    const changed = new Map<string, string[]>();
    for (const roomId of roomIds) {
      const room = this.rooms.get(roomId);
      if (room && room.position > from) changed.set(roomId, this.typingIn(roomId));
    }
    return changed;
  }

  /** Stop the expiry timers (server shutdown). */
  close(): void {
    for (const room of this.rooms.values()) clearTimeout(room.timer);
  }

  private changed(roomId: string, room: RoomTyping): void {
    this.position += 1;
    room.position = this.position;
    this.onChange(roomId, this.position);
  }

  private scheduleExpiry(roomId: string, room: RoomTyping): void {
    clearTimeout(room.timer);
    room.timer = undefined;
    if (room.users.size === 0) return;
    const next = Math.min(...room.users.values());
    room.timer = setTimeout(() => this.expire(roomId), Math.max(next - this.clock(), 0) + 1);
    room.timer.unref();
  }

  private expire(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    const now = this.clock();
    let removed = false;
    for (const [userId, expires] of room.users) {
      if (expires <= now) {
        room.users.delete(userId);
        removed = true;
      }
    }
    if (removed) this.changed(roomId, room);
    // A room whose list emptied stays in the map: syncs behind its position must still learn that nobody types.
    this.scheduleExpiry(roomId, room);
  }
}
