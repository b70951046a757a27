import { getRoomVersion, RoomPowerLevels, type RoomEvent } from "@myelin/core";
import type { RoomModel, StateEvent } from "./types.js";

/**
 * The room's power levels as @myelin/core reads them (per room version,
 * creators included), for questions like "may I kick?". Undefined when the
 * room version is unknown to this client: then the UI offers nothing it
 * cannot judge, and the server still decides.
 */
export function roomPowerLevels(room: RoomModel): RoomPowerLevels | undefined {
  const create = room.state["m.room.create"]?.[""];
  const versionId = create?.content.room_version;
  try {
    const version = getRoomVersion(typeof versionId === "string" ? versionId : "1");
    return RoomPowerLevels.fromEvents(asRoomEvent(room, room.state["m.room.power_levels"]?.[""]), asRoomEvent(room, create), version);
  } catch {
    return undefined;
  }
}

/** Core reads type, sender and content of these events; the other fields are filled for the type only. */
function asRoomEvent(room: RoomModel, event: StateEvent | undefined): RoomEvent | undefined {
  if (event === undefined) return undefined;
  return {
    eventId: typeof event.event_id === "string" ? event.event_id : "",
    roomId: room.roomId,
    type: event.type,
    stateKey: event.state_key,
    sender: event.sender,
    content: event.content as RoomEvent["content"],
    originServerTs: typeof event.origin_server_ts === "number" ? event.origin_server_ts : 0,
    depth: 0,
    prevEventIds: [],
    authEventIds: [],
    redacts: undefined,
    pdu: event as unknown as RoomEvent["pdu"],
  };
}

/**
 * A member's power level as the member list shows it. From room version 12
 * the room's creators have an infinitely high level ("Power levels" in the
 * v12 room version): they read as "creator", not as a number.
 */
export function describePowerLevel(level: number | undefined): string {
  if (level === undefined) return "power ?";
  if (level === Number.POSITIVE_INFINITY) return "creator";
  return `power ${level}`;
}
