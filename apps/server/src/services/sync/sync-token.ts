import { MatrixError } from "@myelin/http";

// The `since`/`next_batch` token of /sync: one position per stream, opaque
// to clients ("Syncing": tokens like `s72594_4483_1934`). Ours is
// `s<events>_<account data>_<receipts>_<presence>_<typing>`. Invites,
// knocks and leaves are membership events, so the events position covers
// them; to-device messages and device lists add streams when E2EE arrives.

export interface SyncPositions {
  /** Event stream ordering (EventStore.maxStreamOrdering). */
  events: number;
  accountData: number;
  receipts: number;
  presence: number;
  /** In-memory typing stream (TypingService). */
  typing: number;
}

const STREAMS = ["events", "accountData", "receipts", "presence", "typing"] as const satisfies readonly (keyof SyncPositions)[];

export function formatSyncToken(positions: SyncPositions): string {
  return `s${STREAMS.map((stream) => positions[stream]).join("_")}`;
}

/** Parse a `since` token; anything that is not one of ours is M_INVALID_PARAM (400), never a 500. */
export function parseSyncToken(token: string): SyncPositions {
  const parts = token.startsWith("s") ? token.slice(1).split("_") : [];
  if (parts.length !== STREAMS.length || !parts.every((part) => /^\d{1,15}$/.test(part))) {
    throw MatrixError.invalidParam("Invalid since token");
  }
  const numbers = parts.map(Number);
  return Object.fromEntries(STREAMS.map((stream, index) => [stream, numbers[index] ?? 0])) as unknown as SyncPositions;
}
