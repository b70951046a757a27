import type { RoomEvent } from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { Storage } from "../../storage/storage.js";
import { relationOfContent } from "./relation-of.js";

// Send-time checks of relations that the authorization rules cannot make,
// run in the room's send queue (EventRequest.check) so two concurrent sends
// cannot both pass:
// - "Event annotations and reactions" → "Avoiding duplicate annotations": a
//   second annotation by the same user with the same event type and key on
//   the same event (the first not redacted) is 400 M_DUPLICATE_ANNOTATION.
// - "Threading" → "Validation of m.thread relationships": a thread cannot
//   start from an event that itself has `m.relates_to` (400 M_UNKNOWN, as the
//   spec says no specific code exists). A root outside the room, or unknown
//   to the server (which, without federation, has every event of its rooms),
//   is no thread root either.

export async function checkRelationOnSend(storage: Storage, event: RoomEvent): Promise<void> {
  const relation = relationOfContent(event.content);
  if (!relation) return;
  if (relation.relType === "m.annotation") {
    const key = (event.content["m.relates_to"] as Record<string, unknown>).key;
    if (typeof key !== "string") return;
    if (await storage.relations.hasAnnotation({ parentId: relation.parentId, sender: event.sender, type: event.type, key })) {
      throw new MatrixError("M_DUPLICATE_ANNOTATION", "You already sent this annotation for this event");
    }
    return;
  }
  if (relation.relType === "m.thread") {
    const root = await storage.events.getEvent(relation.parentId);
    if (!root || root.rejected || root.roomId !== event.roomId) {
      throw MatrixError.unknown("The thread root is not an event of this room", 400);
    }
    // A redacted root has lost its content, `m.relates_to` with it.
    if (root.redactedBy === null && relationOfContent(root.pdu.content) !== undefined) {
      throw MatrixError.unknown("Cannot start a thread from an event that has a relation (a reply in a thread, an edit, a reaction...)", 400);
    }
  }
}
