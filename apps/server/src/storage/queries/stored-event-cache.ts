import type { StoredEvent } from "../storage.js";

/**
 * Rows kept: a sync serves the same state events (members above all) to
 * every client of a room. The parsed PDUs are the same objects the event
 * cache of the services holds for the events it has seen, so the two share
 * their memory for hot events.
 */
const MAX_CACHED_ROWS = 5_000;

/**
 * Event rows by ID, for reads outside transactions. A row changes only when
 * its event is redacted (`redacted_by`): the redacting transaction forgets
 * it as it writes and again once committed, so a reader on another
 * connection (PostgreSQL) that read the old row in between cannot keep it.
 * Cached rows are shared: callers must not change them.
 */
export class StoredEventCache {
  private readonly rows = new Map<string, StoredEvent>();

  get(eventId: string): StoredEvent | undefined {
    return this.rows.get(eventId);
  }

  set(event: StoredEvent): void {
    if (this.rows.size >= MAX_CACHED_ROWS && !this.rows.has(event.eventId)) this.rows.delete(this.rows.keys().next().value!);
    this.rows.set(event.eventId, event);
  }

  forget(eventId: string): void {
    this.rows.delete(eventId);
  }
}

/** What a transaction's event store is given: forget at once, and remember to forget again after commit. */
export interface StoredEventInvalidation {
  forget(eventId: string): void;
}
