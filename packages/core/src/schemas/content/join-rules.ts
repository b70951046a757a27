import { z } from "zod";
import { roomIdSchema } from "../identifier-schemas.js";

// m.room.join_rules (event-schemas/schema/m.room.join_rules.yaml).

export const JOIN_RULES = ["public", "knock", "invite", "private", "restricted", "knock_restricted"] as const;
export type JoinRule = (typeof JOIN_RULES)[number];

/** One `allow` condition of a restricted room; `room_id` is required for `m.room_membership`. */
export const allowConditionSchema = z
  .looseObject({
    type: z.enum(["m.room_membership"]),
    room_id: roomIdSchema().optional(),
  })
  .superRefine((condition, ctx) => {
    if (condition.type === "m.room_membership" && condition.room_id === undefined) {
      ctx.addIssue({ code: "custom", message: "room_id is required when type is m.room_membership", path: ["room_id"], input: condition });
    }
  });
export type AllowCondition = z.infer<typeof allowConditionSchema>;

export const roomJoinRulesContentSchema = z.looseObject({
  join_rule: z.enum(JOIN_RULES),
  allow: z.array(allowConditionSchema).optional(),
});
export type RoomJoinRulesContent = z.infer<typeof roomJoinRulesContentSchema>;
