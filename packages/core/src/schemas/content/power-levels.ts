import { z } from "zod";
import { parsePowerLevel } from "../../power-levels/parse-level.js";
import type { RoomVersion } from "../../rooms/room-versions.js";
import { jsonIntegerSchema, userIdSchema } from "../identifier-schemas.js";

// m.room.power_levels (event-schemas/schema/m.room.power_levels.yaml).

function powerLevelsShape<T extends z.ZodType>(level: T) {
  return {
    ban: level.optional(),
    events: z.record(z.string(), level).optional(),
    events_default: level.optional(),
    invite: level.optional(),
    kick: level.optional(),
    redact: level.optional(),
    state_default: level.optional(),
    // The schema's patternProperties "^@" (mx-user-id); the auth rules reject
    // keys that are not valid user IDs, so every key is checked as one.
    users: z.record(userIdSchema, level).optional(),
    users_default: level.optional(),
    notifications: z.record(z.string(), level).optional(),
  };
}

/** The content as the event schema describes it: every level an integer in ±(2^53−1). */
export const roomPowerLevelsContentSchema = z.looseObject(powerLevelsShape(jsonIntegerSchema));
export type RoomPowerLevelsContent = z.infer<typeof roomPowerLevelsContentSchema>;

/**
 * The content as `roomVersion` accepts it: rooms 1–9 also take integers
 * written as strings (fragment v1-stringy-power-levels) and rooms 1–5 floats
 * (fragment v1-floaty-power-levels). A value is a level exactly when
 * `parsePowerLevel` reads one, so this schema and the auth rules agree.
 */
export function roomPowerLevelsContentSchemaFor(roomVersion: RoomVersion) {
  const level = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
    if (parsePowerLevel(value, roomVersion) === undefined) {
      ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} is not a power level in room version ${roomVersion.id}`, input: value });
    }
  });
  return z.looseObject(powerLevelsShape(level));
}
