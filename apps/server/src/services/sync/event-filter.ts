import type { EventFilter, RoomEventFilter, SyncFilter } from "@myelin/client-server";

// Spec: filter definitions (EventFilter, RoomEventFilter, RoomFilter of
// data/api/client-server/definitions) applied to what /sync returns.

/** Timeline events per room when the filter sets no limit, and the most a filter may ask for. */
export const DEFAULT_TIMELINE_LIMIT = 10;
export const MAX_TIMELINE_LIMIT = 500;

/** `types`/`not_types` entries may use `*` for any sequence of characters. */
function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes("*")) return pattern === type;
  const regex = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
  return regex.test(type);
}

/** Whether an event (or anything with a type and sender) passes an EventFilter; excluded lists win over included ones. */
export function passesEventFilter(filter: EventFilter | undefined, event: { type: string; sender?: string }): boolean {
  if (!filter) return true;
  const sender = event.sender;
  if (sender !== undefined) {
    if (filter.not_senders?.includes(sender)) return false;
    if (filter.senders && !filter.senders.includes(sender)) return false;
  }
  if (filter.not_types?.some((pattern) => typeMatches(pattern, event.type))) return false;
  if (filter.types && !filter.types.some((pattern) => typeMatches(pattern, event.type))) return false;
  return true;
}

/** RoomEventFilter: the EventFilter checks plus `contains_url`. */
export function passesRoomEventFilter(filter: RoomEventFilter | undefined, event: { type: string; sender?: string; content?: unknown }): boolean {
  if (!passesEventFilter(filter, event)) return false;
  if (filter?.contains_url !== undefined) {
    const content = event.content;
    const hasUrl = typeof content === "object" && content !== null && "url" in content;
    if (hasUrl !== filter.contains_url) return false;
  }
  return true;
}

/** `rooms` / `not_rooms` of a RoomFilter or a RoomEventFilter. */
export function roomAllowed(filter: { rooms?: string[] | undefined; not_rooms?: string[] | undefined } | undefined, roomId: string): boolean {
  if (!filter) return true;
  if (filter.not_rooms?.includes(roomId)) return false;
  return filter.rooms === undefined || filter.rooms.includes(roomId);
}

export function timelineLimitOf(filter: SyncFilter): number {
  return Math.min(filter.room?.timeline?.limit ?? DEFAULT_TIMELINE_LIMIT, MAX_TIMELINE_LIMIT);
}

/** Keys every event served to a client keeps (sync.yaml requires them), whatever `event_fields` asks. */
const REQUIRED_EVENT_KEYS = ["event_id", "type", "sender", "origin_server_ts", "state_key"] as const;

/**
 * `event_fields`: keep only the listed dot-separated paths (a `\.` is a
 * literal dot, "Dot-separated property paths" in the appendices). The spec
 * lets servers include more than asked, which we use to keep the keys a
 * client event cannot lack; `content` is kept as an object, emptied of what
 * was not asked for.
 */
export function projectEventFields(event: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, unknown> {
  if (fields === undefined) return event;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const path = field.split(/(?<!\\)\./).map((part) => part.replaceAll("\\.", ".").replaceAll("\\\\", "\\"));
    let source: unknown = event;
    let target = out;
    for (const [index, key] of path.entries()) {
      if (typeof source !== "object" || source === null || !(key in source)) break;
      const value = (source as Record<string, unknown>)[key];
      if (index === path.length - 1) {
        target[key] = value;
        break;
      }
      const next = target[key];
      target = (typeof next === "object" && next !== null ? next : (target[key] = {})) as Record<string, unknown>;
      source = value;
    }
  }
  for (const key of REQUIRED_EVENT_KEYS) if (key in event) out[key] = event[key];
  if (typeof out.content !== "object" || out.content === null) out.content = {};
  return out;
}
