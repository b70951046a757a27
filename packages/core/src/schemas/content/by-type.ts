import type { z } from "zod";
import type { RoomVersion } from "../../rooms/room-versions.js";
import { roomCreateContentSchema, roomCreateContentSchemaFor } from "./create.js";
import { roomJoinRulesContentSchema } from "./join-rules.js";
import { roomMemberContentSchema } from "./member.js";
import { roomPowerLevelsContentSchema, roomPowerLevelsContentSchemaFor } from "./power-levels.js";
import { roomRedactionContentSchema, roomRedactionContentSchemaFor } from "./redaction.js";
import {
  roomAvatarContentSchema,
  roomCanonicalAliasContentSchema,
  roomNameContentSchema,
  roomPinnedEventsContentSchema,
  roomTopicContentSchema,
} from "./room-details.js";
import {
  roomEncryptionContentSchema,
  roomGuestAccessContentSchema,
  roomHistoryVisibilityContentSchema,
  roomServerAclContentSchema,
  roomTombstoneContentSchema,
} from "./room-policies.js";
import { roomThirdPartyInviteContentSchema } from "./third-party-invite.js";

/** The content schema of each event type this module knows, as the event schemas describe it. */
export const ROOM_EVENT_CONTENT_SCHEMAS = {
  "m.room.create": roomCreateContentSchema,
  "m.room.member": roomMemberContentSchema,
  "m.room.join_rules": roomJoinRulesContentSchema,
  "m.room.power_levels": roomPowerLevelsContentSchema,
  "m.room.third_party_invite": roomThirdPartyInviteContentSchema,
  "m.room.history_visibility": roomHistoryVisibilityContentSchema,
  "m.room.name": roomNameContentSchema,
  "m.room.topic": roomTopicContentSchema,
  "m.room.canonical_alias": roomCanonicalAliasContentSchema,
  "m.room.guest_access": roomGuestAccessContentSchema,
  "m.room.server_acl": roomServerAclContentSchema,
  "m.room.redaction": roomRedactionContentSchema,
  "m.room.avatar": roomAvatarContentSchema,
  "m.room.encryption": roomEncryptionContentSchema,
  "m.room.tombstone": roomTombstoneContentSchema,
  "m.room.pinned_events": roomPinnedEventsContentSchema,
} as const satisfies Record<string, z.ZodType>;

export type KnownRoomEventType = keyof typeof ROOM_EVENT_CONTENT_SCHEMAS;

const versionedCache = new WeakMap<RoomVersion, Map<string, z.ZodType>>();

/**
 * The content schema for `type`, or undefined for types this module does not
 * describe. With a room version, the types whose content differs between
 * versions (m.room.create, m.room.power_levels, m.room.redaction) get that
 * version's schema.
 *
 * These schemas say whether content is well formed; they are not a check on
 * receipt. An event whose content fails them is still a valid PDU, and the
 * authorization rules decide about it with their own, narrower checks.
 */
export function contentSchemaFor(type: string, roomVersion?: RoomVersion): z.ZodType | undefined {
  if (!Object.hasOwn(ROOM_EVENT_CONTENT_SCHEMAS, type)) return undefined;
  if (!roomVersion) return ROOM_EVENT_CONTENT_SCHEMAS[type as KnownRoomEventType];
  let cache = versionedCache.get(roomVersion);
  if (!cache) {
    cache = new Map();
    versionedCache.set(roomVersion, cache);
  }
  let schema = cache.get(type);
  if (!schema) {
    switch (type) {
      case "m.room.create":
        schema = roomCreateContentSchemaFor(roomVersion);
        break;
      case "m.room.power_levels":
        schema = roomPowerLevelsContentSchemaFor(roomVersion);
        break;
      case "m.room.redaction":
        schema = roomRedactionContentSchemaFor(roomVersion);
        break;
      default:
        schema = ROOM_EVENT_CONTENT_SCHEMAS[type as KnownRoomEventType];
    }
    cache.set(type, schema);
  }
  return schema;
}
