import { z } from "zod";
import type { RoomVersion } from "../../rooms/room-versions.js";
import { eventIdSchema, roomIdSchema, userIdSchema } from "../identifier-schemas.js";

// m.room.create (event-schemas/schema/m.room.create.yaml).

const previousRoomSchema = z.looseObject({
  room_id: roomIdSchema(),
  /** Deprecated since v1.16, no longer required. */
  event_id: eventIdSchema().optional(),
});

const createShape = {
  /** Required for, and only present in, room versions 1–10. */
  creator: userIdSchema.optional(),
  "m.federate": z.boolean().optional(),
  room_version: z.string().optional(),
  type: z.string().optional(),
  predecessor: previousRoomSchema.optional(),
  additional_creators: z.array(userIdSchema).optional(),
};

/** The content as the event schema describes it for every room version. */
export const roomCreateContentSchema = z.looseObject(createShape);
export type RoomCreateContent = z.infer<typeof roomCreateContentSchema>;

/**
 * The content as `roomVersion` reads it: `creator` is required until the
 * creator became the `sender` (room 11, `implicitRoomCreator`), and
 * `additional_creators` must be user IDs only where it names creators (room
 * 12, `privilegedCreators`); before that it "is not validated".
 */
export function roomCreateContentSchemaFor(roomVersion: RoomVersion) {
  return z.looseObject({
    ...createShape,
    creator: roomVersion.implicitRoomCreator ? userIdSchema.optional() : userIdSchema,
    additional_creators: roomVersion.privilegedCreators ? z.array(userIdSchema).optional() : z.unknown().optional(),
  });
}
