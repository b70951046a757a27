import { EventFormatError } from "../errors.js";
import type { JsonObject } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { roomCreateContentSchemaFor } from "../schemas/content/create.js";
import { describeIssues } from "../schemas/validate-pdu.js";
import type { SigningIdentity } from "../signing/sign-json.js";
import { buildEvent, type BuiltEvent } from "./build-event.js";
import { generateServerEventId } from "./event-id.js";

// Spec: event m.room.create (data/event-schemas/schema/m.room.create.yaml),
// rooms/v11.md ("Removing the `creator` property") and rooms/v12.md (room IDs
// from the create event, `additional_creators`).

export interface CreateEventDraft {
  readonly roomVersion: RoomVersion;
  /** The room's creator. */
  readonly sender: string;
  readonly originServerTs: number;
  /**
   * Rooms whose ID does not derive from the create event (1–11): the room ID.
   * Default: a fresh `!opaque:<signer's server>`. Must be absent in room 12+.
   */
  readonly roomId?: string;
  /**
   * Further content: `m.federate`, `type`, `predecessor`, ... `room_version`
   * and (rooms 1–10) `creator` are filled in.
   */
  readonly content?: JsonObject;
  /** Room 12+: other users who are creators (`additional_creators`); an empty list is left out. */
  readonly additionalCreators?: readonly string[];
  readonly origin?: string;
  /** Rooms 1–2: the server-chosen event ID (see `EventDraft.eventId`). */
  readonly eventId?: string;
}

export interface BuiltCreateEvent extends BuiltEvent {
  readonly roomId: string;
}

/**
 * A fresh room ID for rooms 1–11: `!opaque_id:server_name` (appendix "Room
 * IDs"), with the same 24 random alphanumerics as a server-chosen event ID.
 */
export function generateRoomId(serverName: string): string {
  return "!" + generateServerEventId(serverName).slice(1);
}

function createContent(draft: CreateEventDraft): JsonObject {
  const { roomVersion, sender } = draft;
  const content: JsonObject = { ...(draft.content ?? {}) };
  if (content.room_version !== undefined && content.room_version !== roomVersion.id) {
    throw new EventFormatError(`content.room_version ${JSON.stringify(content.room_version)} is not the room version ${roomVersion.id} being built`);
  }
  content.room_version = roomVersion.id;

  if (roomVersion.implicitRoomCreator) {
    if (content.creator !== undefined) throw new EventFormatError(`room version ${roomVersion.id} has no content.creator: the creator is the sender`);
  } else {
    if (content.creator !== undefined && content.creator !== sender) {
      throw new EventFormatError(`content.creator ${JSON.stringify(content.creator)} is not the sender ${sender}`);
    }
    content.creator = sender;
  }

  const additional = draft.additionalCreators;
  if (additional !== undefined) {
    if (!roomVersion.privilegedCreators) throw new EventFormatError(`room version ${roomVersion.id} has no additional creators`);
    if (content.additional_creators !== undefined) throw new EventFormatError("additional creators given twice (additionalCreators and content.additional_creators)");
    if (additional.length > 0) content.additional_creators = [...additional];
  }

  const checked = roomCreateContentSchemaFor(roomVersion).safeParse(content);
  if (!checked.success) {
    throw new EventFormatError(`invalid m.room.create content: ${describeIssues(checked.error.issues, content)}`, { cause: checked.error });
  }
  return content;
}

/**
 * Builds a room's `m.room.create` event (no prev or auth events) and returns
 * it with the room ID: the given or a generated one in rooms 1–11, the one
 * derived from the event ID in room 12+. Content follows the version:
 * `creator` (the sender) in rooms 1–10 only, `additional_creators` in 12+.
 */
export async function buildCreateEvent(draft: CreateEventDraft, signer: SigningIdentity): Promise<BuiltCreateEvent> {
  const { roomVersion } = draft;
  let roomId: string | undefined;
  if (roomVersion.roomIdFromCreateEvent) {
    if (draft.roomId !== undefined) throw new EventFormatError(`room version ${roomVersion.id} derives the room ID from the create event; none can be chosen`);
  } else {
    roomId = draft.roomId ?? generateRoomId(signer.entity);
  }
  const built = await buildEvent(
    {
      roomVersion,
      ...(roomId === undefined ? {} : { roomId }),
      type: "m.room.create",
      stateKey: "",
      sender: draft.sender,
      content: createContent(draft),
      prevEvents: [],
      authEvents: [],
      originServerTs: draft.originServerTs,
      ...(draft.origin === undefined ? {} : { origin: draft.origin }),
      ...(draft.eventId === undefined ? {} : { eventId: draft.eventId }),
    },
    signer,
  );
  return { ...built, roomId: built.roomEvent.roomId };
}
