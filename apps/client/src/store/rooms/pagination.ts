import type { ClientEvent } from "@myelin/client-server";
import { withStateEvent } from "./state-map.js";
import type { RoomModel, TimelineEvent } from "./types.js";

/** What `GET /rooms/{roomId}/messages?dir=b` returns. */
export interface BackwardsPage {
  readonly start: string;
  readonly end?: string | undefined;
  /** Newest first, as `dir=b` returns them. */
  readonly chunk: readonly ClientEvent[];
  readonly state?: readonly ClientEvent[] | undefined;
}

/**
 * Put an older page in front of the timeline. The spec: no `end` token
 * means there are no more events to fetch in that direction. Page `state`
 * (lazy-loaded members) only fills in members not already known, since the
 * room's current state is newer than anything a page carries.
 */
export function applyBackwardsPage(room: RoomModel, page: BackwardsPage): RoomModel {
  const known = new Set(room.timeline.map((e) => e.event_id));
  const older: TimelineEvent[] = [];
  for (let i = page.chunk.length - 1; i >= 0; i--) {
    const event = page.chunk[i];
    if (event !== undefined && !known.has(event.event_id)) older.push(withoutRoomId(event));
  }
  let state = room.state;
  for (const event of page.state ?? []) {
    if (event.state_key !== undefined && state[event.type]?.[event.state_key] === undefined) {
      state = withStateEvent(state, withoutRoomId(event));
    }
  }
  const reachedStart = page.end === undefined || page.chunk.length === 0;
  return { ...room, state, timeline: [...older, ...room.timeline], prevBatch: reachedStart ? undefined : page.end, reachedStart };
}

function withoutRoomId(event: ClientEvent): TimelineEvent {
  const { room_id: _roomId, ...rest } = event;
  return rest;
}
