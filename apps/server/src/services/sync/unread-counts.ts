// The hook through which /sync reads `unread_notifications` (sync.yaml; "Receiving
// notifications"). Push-rule evaluation that produces the counts comes with
// the push-rules work; until it plugs its counter in here, every count is 0.

export interface UnreadCounts {
  highlight_count: number;
  notification_count: number;
}

/** Counts for the user's joined rooms (rooms missing from the map count as zero). */
export type UnreadNotificationCounter = (userId: string, roomIds: readonly string[]) => Promise<Map<string, UnreadCounts>>;

export const zeroUnreadNotificationCounts: UnreadNotificationCounter = () => Promise.resolve(new Map<string, UnreadCounts>());
