import { z } from "zod";
import type { RoomVersion } from "../../rooms/room-versions.js";
import { eventIdSchema } from "../identifier-schemas.js";

// m.room.redaction (event-schemas/schema/m.room.redaction.yaml). Rooms 1–10
// keep `redacts` at the top level of the event; 11+ in the content.

export const roomRedactionContentSchema = z.looseObject({
  redacts: eventIdSchema().optional(),
  reason: z.string().optional(),
});
export type RoomRedactionContent = z.infer<typeof roomRedactionContentSchema>;

/** `content.redacts` is required exactly where the room version puts it there (`redactsInContent`). */
export function roomRedactionContentSchemaFor(roomVersion: RoomVersion) {
  const redacts = eventIdSchema(roomVersion);
  return z.looseObject({
    redacts: roomVersion.redactsInContent ? redacts : redacts.optional(),
    reason: z.string().optional(),
  });
}
