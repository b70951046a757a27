import { z } from "zod";
import { jsonIntegerSchema } from "../identifier-schemas.js";

// The state that sets a room's policies: m.room.history_visibility,
// m.room.guest_access, m.room.server_acl, m.room.encryption,
// m.room.tombstone (event-schemas/schema/<type>.yaml each).

export const HISTORY_VISIBILITIES = ["invited", "joined", "shared", "world_readable"] as const;
export type HistoryVisibility = (typeof HISTORY_VISIBILITIES)[number];

export const roomHistoryVisibilityContentSchema = z.looseObject({
  history_visibility: z.enum(HISTORY_VISIBILITIES),
});
export type RoomHistoryVisibilityContent = z.infer<typeof roomHistoryVisibilityContentSchema>;

export const GUEST_ACCESS_VALUES = ["can_join", "forbidden"] as const;

export const roomGuestAccessContentSchema = z.looseObject({
  guest_access: z.enum(GUEST_ACCESS_VALUES),
});
export type RoomGuestAccessContent = z.infer<typeof roomGuestAccessContentSchema>;

export const roomServerAclContentSchema = z.looseObject({
  allow_ip_literals: z.boolean().optional(),
  allow: z.array(z.string()).optional(),
  deny: z.array(z.string()).optional(),
});
export type RoomServerAclContent = z.infer<typeof roomServerAclContentSchema>;

export const ENCRYPTION_ALGORITHMS = ["m.megolm.v1.aes-sha2"] as const;

export const roomEncryptionContentSchema = z.looseObject({
  algorithm: z.enum(ENCRYPTION_ALGORITHMS),
  rotation_period_ms: jsonIntegerSchema.optional(),
  rotation_period_msgs: jsonIntegerSchema.optional(),
});
export type RoomEncryptionContent = z.infer<typeof roomEncryptionContentSchema>;

export const roomTombstoneContentSchema = z.looseObject({
  body: z.string(),
  replacement_room: z.string(),
});
export type RoomTombstoneContent = z.infer<typeof roomTombstoneContentSchema>;
