import { getRoomVersion, redactEvent, type Pdu } from "@myelin/core";
import type { RoomModel, TimelineEvent } from "./types.js";

/** The event ID an `m.room.redaction` removes: `content.redacts` from room v11, top-level `redacts` before. */
export function redactedEventId(redaction: TimelineEvent): string | undefined {
  const inContent = redaction.content.redacts;
  if (typeof inContent === "string") return inContent;
  const topLevel = (redaction as Record<string, unknown>).redacts;
  return typeof topLevel === "string" ? topLevel : undefined;
}

export function isRedacted(event: TimelineEvent): boolean {
  return event.unsigned?.redacted_because !== undefined;
}

/**
 * The event as the server would now serve it: content cut down by the room
 * version's redaction algorithm (from @myelin/core) and `redacted_because`
 * set, which is how clients recognise a redacted event.
 */
export function redactTimelineEvent(event: TimelineEvent, redaction: TimelineEvent, room: RoomModel): TimelineEvent {
  const redactedContent = redactedContentOf(event, room);
  return {
    ...event,
    content: redactedContent,
    unsigned: { ...event.unsigned, redacted_because: redaction as unknown as Record<string, unknown> },
  };
}

function redactedContentOf(event: TimelineEvent, room: RoomModel): Record<string, unknown> {
  const versionId = room.state["m.room.create"]?.[""]?.content.room_version;
  let version;
  try {
    // The spec: a create event without room_version means version 1.
    version = getRoomVersion(typeof versionId === "string" ? versionId : "1");
  } catch {
    // A version this client does not know: keep nothing rather than guess.
    return {};
  }
  try {
    return redactEvent(event as unknown as Pdu, version).content;
  } catch {
    return {};
  }
}
