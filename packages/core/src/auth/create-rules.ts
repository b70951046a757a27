import type { RoomEvent } from "../events/pdu.js";
import { isValidUserId } from "../identifiers/index.js";
import { domainOf } from "./domain.js";
import { findRoomVersion, type RoomVersion } from "../rooms/room-versions.js";
import { own } from "../power-levels/json-access.js";
import { ruleNumbers } from "./rule-numbers.js";
import { ALLOWED, rejected, type AuthVerdict } from "./verdict.js";

/** Rule 1, "If type is `m.room.create`", in every version's variant. */
export function checkCreateEvent(event: RoomEvent, roomVersion: RoomVersion): AuthVerdict {
  const r = ruleNumbers(roomVersion).create;
  if (event.prevEventIds.length > 0) return rejected(r.prevEvents, "the create event has prev_events");

  if (roomVersion.roomIdFromCreateEvent) {
    if (Object.hasOwn(event.pdu, "room_id")) return rejected(r.roomId, "the create event has a room_id");
  } else {
    const roomDomain = domainOf(event.roomId);
    const senderDomain = domainOf(event.sender);
    if (roomDomain === undefined || roomDomain !== senderDomain) {
      return rejected(r.roomId, `the room ID's domain ${JSON.stringify(roomDomain ?? null)} is not the sender's ${JSON.stringify(senderDomain ?? null)}`);
    }
  }

  if (Object.hasOwn(event.content, "room_version")) {
    const version = event.content.room_version;
    if (typeof version !== "string" || findRoomVersion(version) === undefined) {
      return rejected(r.roomVersion, `room_version ${JSON.stringify(version)} is not a recognised room version`);
    }
  }

  if (!roomVersion.implicitRoomCreator && !Object.hasOwn(event.content, "creator")) {
    return rejected(r.creator, "the create event's content has no creator");
  }

  if (roomVersion.privilegedCreators && Object.hasOwn(event.content, "additional_creators")) {
    const additional = own(event.content, "additional_creators");
    if (!Array.isArray(additional)) return rejected(r.additionalCreators, "additional_creators is not an array");
    const invalid = additional.find((userId) => !isValidUserId(userId, { historical: true }));
    if (invalid !== undefined) return rejected(r.additionalCreators, `additional_creators holds ${JSON.stringify(invalid)}, not a user ID`);
  }
  return ALLOWED;
}
