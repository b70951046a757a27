import type { RoomEvent } from "../events/pdu.js";
import type { JsonValue } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { own } from "./json-access.js";

/**
 * The room's creators according to its `m.room.create` event:
 * - rooms 1–10: `content.creator`;
 * - room 11: the create event's `sender` (`implicitRoomCreator`);
 * - room 12+: the `sender` plus every user ID in `content.additional_creators`
 *   (`privilegedCreators`; the create rules reject a malformed list, so
 *   anything that is not a string here is skipped).
 */
export function roomCreators(createEvent: RoomEvent | undefined, roomVersion: RoomVersion): ReadonlySet<string> {
  const creators = new Set<string>();
  if (createEvent === undefined) return creators;
  if (!roomVersion.implicitRoomCreator) {
    const creator = own(createEvent.content, "creator");
    if (typeof creator === "string") creators.add(creator);
    return creators;
  }
  creators.add(createEvent.sender);
  if (roomVersion.privilegedCreators) {
    const additional: JsonValue | undefined = own(createEvent.content, "additional_creators");
    if (Array.isArray(additional)) {
      for (const userId of additional) if (typeof userId === "string") creators.add(userId);
    }
  }
  return creators;
}
