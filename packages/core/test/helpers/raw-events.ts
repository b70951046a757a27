// Hand-made events for unit tests of the state-resolution building blocks:
// each names its auth events directly, no authorization rules involved.
import { toRoomEvent } from "../../src/events/pdu.js";
import type { RoomEvent } from "../../src/events/pdu.js";
import type { JsonObject } from "../../src/json/canonical-json.js";
import { getRoomVersion } from "../../src/rooms/room-versions.js";
import type { RoomVersion } from "../../src/rooms/room-versions.js";
import type { StateResolutionStore } from "../../src/state-res/types.js";

export interface RawEvent {
  type: string;
  sender?: string;
  stateKey?: string;
  content?: JsonObject;
  auth?: string[];
  prev?: string[];
  ts?: number;
  depth?: number;
}

/** Event `$NAME`, in room `!room:example.com`; auth and prev events by name. */
export function rawEvent(name: string, fields: RawEvent, roomVersion: RoomVersion = getRoomVersion("10")): RoomEvent {
  const id = (n: string) => `$${n}`;
  return toRoomEvent(
    {
      type: fields.type,
      room_id: "!room:example.com",
      sender: fields.sender ?? "@alice:example.com",
      origin_server_ts: fields.ts ?? 0,
      content: fields.content ?? {},
      ...(fields.stateKey === undefined ? {} : { state_key: fields.stateKey }),
      depth: fields.depth ?? 1,
      prev_events: (fields.prev ?? []).map(id),
      auth_events: (fields.auth ?? []).map(id),
      hashes: { sha256: "" },
      signatures: {},
    },
    id(name),
    roomVersion,
  );
}

/** A store over the events that counts its calls, to check batching. */
export function countingStore(events: Iterable<RoomEvent>): StateResolutionStore & { calls: number; asked: number } {
  const byId = new Map<string, RoomEvent>();
  for (const event of events) byId.set(event.eventId, event);
  const store = {
    calls: 0,
    asked: 0,
    getEvents(ids: readonly string[]) {
      store.calls++;
      store.asked += ids.length;
      const found = new Map<string, RoomEvent>();
      for (const id of ids) {
        const event = byId.get(id);
        if (event !== undefined) found.set(id, event);
      }
      return found;
    },
  };
  return store;
}
