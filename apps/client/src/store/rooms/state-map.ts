import type { StateEvent, StateMap, RoomModel } from "./types.js";

export function withStateEvent(state: StateMap, event: StateEvent): StateMap {
  if (event.state_key === undefined) return state;
  return { ...state, [event.type]: { ...state[event.type], [event.state_key]: event } };
}

export function stateEvent(room: RoomModel, type: string, stateKey = ""): StateEvent | undefined {
  return room.state[type]?.[stateKey];
}

/** A string field of a state event's content, or undefined when absent or not a string. */
export function stateString(room: RoomModel, type: string, field: string, stateKey = ""): string | undefined {
  const value = stateEvent(room, type, stateKey)?.content[field];
  return typeof value === "string" ? value : undefined;
}

export function membershipOf(room: RoomModel, userId: string): string | undefined {
  const value = room.state["m.room.member"]?.[userId]?.content.membership;
  return typeof value === "string" ? value : undefined;
}

/** Members with the given membership, by user ID. */
export function membersWith(room: RoomModel, membership: string): string[] {
  return Object.entries(room.state["m.room.member"] ?? {})
    .filter(([, event]) => event.content.membership === membership)
    .map(([userId]) => userId);
}
