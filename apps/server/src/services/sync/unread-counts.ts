// The hook through which /sync reads `unread_notifications` (sync.yaml; "Receiving
// notifications"). Push-rule evaluation that produces the counts comes with
// the push-rules work; until it plugs its counter in here, every count is 0.

export interface UnreadCounts {
  highlight_count: number;
  notification_count: number;
}

/** A room's counts; with `byThread`, the outer counts are the main timeline's (thread roots included) and `threads` has each thread's, by root event ID. */
export interface RoomUnreadCounts extends UnreadCounts {
  threads?: Record<string, UnreadCounts>;
}

/**
 * Counts for the user's joined rooms (rooms missing from the map count as
 * zero). `byThread`: the filter's `unread_thread_notifications` ("Receiving
 * notifications" → threaded notification counts).
 */
export type UnreadNotificationCounter = (userId: string, roomIds: readonly string[], options?: { byThread?: boolean }) => Promise<Map<string, RoomUnreadCounts>>;

export const zeroUnreadNotificationCounts: UnreadNotificationCounter = () => Promise.resolve(new Map<string, RoomUnreadCounts>());
