import { z } from "zod";
import { eventIdSchema, jsonIntegerSchema, mxcUriSchema, roomAliasSchema } from "../identifier-schemas.js";

// The descriptive state of a room: m.room.name, m.room.topic,
// m.room.avatar, m.room.canonical_alias, m.room.pinned_events
// (event-schemas/schema/<type>.yaml each).

export const roomNameContentSchema = z.looseObject({ name: z.string() });
export type RoomNameContent = z.infer<typeof roomNameContentSchema>;

/** components/m_text_content_block.yaml */
export const textContentBlockSchema = z.array(
  z.looseObject({
    mimetype: z.string().optional(),
    body: z.string(),
  }),
);

export const roomTopicContentSchema = z.looseObject({
  topic: z.string(),
  "m.topic": z.looseObject({ "m.text": textContentBlockSchema.optional() }).optional(),
});
export type RoomTopicContent = z.infer<typeof roomTopicContentSchema>;

/** core-event-schema/msgtype_infos/thumbnail_info.yaml */
export const thumbnailInfoSchema = z.looseObject({
  h: jsonIntegerSchema.optional(),
  w: jsonIntegerSchema.optional(),
  mimetype: z.string().optional(),
  size: jsonIntegerSchema.optional(),
});

/** core-event-schema/msgtype_infos/avatar_info.yaml */
export const avatarInfoSchema = z.looseObject({
  h: jsonIntegerSchema.optional(),
  w: jsonIntegerSchema.optional(),
  mimetype: z.string().optional(),
  size: jsonIntegerSchema.optional(),
  thumbnail_url: mxcUriSchema.optional(),
  thumbnail_info: thumbnailInfoSchema.optional(),
});

export const roomAvatarContentSchema = z.looseObject({
  info: avatarInfoSchema.optional(),
  url: mxcUriSchema.optional(),
});
export type RoomAvatarContent = z.infer<typeof roomAvatarContentSchema>;

export const roomCanonicalAliasContentSchema = z.looseObject({
  alias: roomAliasSchema.optional(),
  alt_aliases: z.array(roomAliasSchema).optional(),
});
export type RoomCanonicalAliasContent = z.infer<typeof roomCanonicalAliasContentSchema>;

export const roomPinnedEventsContentSchema = z.looseObject({
  pinned: z.array(eventIdSchema()),
});
export type RoomPinnedEventsContent = z.infer<typeof roomPinnedEventsContentSchema>;
