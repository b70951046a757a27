import { MatrixCoreError } from "../errors.js";
import type { RoomEvent } from "../events/pdu.js";
import type { StateResolutionStore } from "./types.js";

/**
 * The events one resolution has fetched. Each `load` asks the store once for
 * everything not yet held, so callers fetch whole levels of a graph per
 * await rather than one event at a time.
 */
export class EventLoader {
  private readonly events = new Map<string, RoomEvent>();

  constructor(private readonly store: StateResolutionStore) {}

  /** Fetches the events of `ids` not yet held; a missing one is an error. */
  async load(ids: Iterable<string>): Promise<void> {
    const wanted: string[] = [];
    const asked = new Set<string>();
    for (const id of ids) {
      if (!this.events.has(id) && !asked.has(id)) {
        asked.add(id);
        wanted.push(id);
      }
    }
    if (wanted.length === 0) return;
    const found = await this.store.getEvents(wanted);
    const missing: string[] = [];
    for (const id of wanted) {
      const event = found.get(id);
      if (event === undefined) missing.push(id);
      else this.events.set(id, event);
    }
    if (missing.length > 0) {
      throw new MatrixCoreError(
        "MISSING_EVENT",
        `state resolution needs ${missing.length} event(s) the store does not have: ${missing.slice(0, 10).join(", ")}`,
      );
    }
  }

  /** An event already loaded; asking for one that is not is a bug of the caller. */
  get(id: string): RoomEvent {
    const event = this.events.get(id);
    if (event === undefined) throw new MatrixCoreError("MISSING_EVENT", `event ${id} was not loaded`);
    return event;
  }

  peek(id: string): RoomEvent | undefined {
    return this.events.get(id);
  }

  /** Rejected on receipt, as the store says (spec v2 "Rejected events"). */
  isRejected(id: string): boolean {
    return this.store.isRejected?.(id) ?? false;
  }
}
