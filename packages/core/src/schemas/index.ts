// Zod schemas of the PDU formats and of the content of the m.room.* events
// the authorization rules and state resolution read, plus `validatePdu`.
export {
  userIdSchema,
  newUserIdSchema,
  serverNameSchema,
  roomAliasSchema,
  roomIdSchema,
  eventIdSchema,
  mxcUriSchema,
  jsonIntegerSchema,
} from "./identifier-schemas.js";
export {
  pduSchemaFor,
  eventHashSchema,
  signaturesSchema,
  PDU_MAX_AUTH_EVENTS,
  PDU_MAX_PREV_EVENTS,
  PDU_MAX_KEY_BYTES,
  PDU_MAX_BYTES,
} from "./pdu.js";
export { validatePdu } from "./validate-pdu.js";
export { roomCreateContentSchema, roomCreateContentSchemaFor, type RoomCreateContent } from "./content/create.js";
export {
  roomMemberContentSchema,
  memberThirdPartyInviteSchema,
  signedThirdPartyInviteSchema,
  MEMBERSHIPS,
  type Membership,
  type RoomMemberContent,
  type SignedThirdPartyInvite,
} from "./content/member.js";
export {
  roomJoinRulesContentSchema,
  allowConditionSchema,
  JOIN_RULES,
  type JoinRule,
  type AllowCondition,
  type RoomJoinRulesContent,
} from "./content/join-rules.js";
export {
  roomPowerLevelsContentSchema,
  roomPowerLevelsContentSchemaFor,
  type RoomPowerLevelsContent,
} from "./content/power-levels.js";
export {
  roomThirdPartyInviteContentSchema,
  thirdPartyInvitePublicKeySchema,
  type RoomThirdPartyInviteContent,
} from "./content/third-party-invite.js";
export { roomRedactionContentSchema, roomRedactionContentSchemaFor, type RoomRedactionContent } from "./content/redaction.js";
export {
  roomNameContentSchema,
  roomTopicContentSchema,
  textContentBlockSchema,
  roomAvatarContentSchema,
  avatarInfoSchema,
  thumbnailInfoSchema,
  roomCanonicalAliasContentSchema,
  roomPinnedEventsContentSchema,
  type RoomNameContent,
  type RoomTopicContent,
  type RoomAvatarContent,
  type RoomCanonicalAliasContent,
  type RoomPinnedEventsContent,
} from "./content/room-details.js";
export {
  roomHistoryVisibilityContentSchema,
  roomGuestAccessContentSchema,
  roomServerAclContentSchema,
  roomEncryptionContentSchema,
  roomTombstoneContentSchema,
  HISTORY_VISIBILITIES,
  GUEST_ACCESS_VALUES,
  ENCRYPTION_ALGORITHMS,
  type HistoryVisibility,
  type RoomHistoryVisibilityContent,
  type RoomGuestAccessContent,
  type RoomServerAclContent,
  type RoomEncryptionContent,
  type RoomTombstoneContent,
} from "./content/room-policies.js";
export { ROOM_EVENT_CONTENT_SCHEMAS, contentSchemaFor, type KnownRoomEventType } from "./content/by-type.js";
