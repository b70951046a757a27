/**
 * How writers of per-user and ephemeral data wake the /sync requests waiting
 * for it. Implemented over the notifier (services/notifier.ts); kept as its
 * own small interface so the services that write account data, receipts,
 * typing and presence do not depend on how waiting works.
 */
export interface SyncWakeups {
  /** Something for this user only changed (account data, their own private receipt). */
  wakeUser(userId: string): void;
  /** Something every member of the room may see changed (typing, public receipts). */
  wakeRoom(roomId: string): void;
}
