// Identifier grammar of the appendices ("Identifier Grammar"): parse
// functions return typed parts or throw InvalidIdentifierError; `isValid…`
// functions answer without throwing; `check…` functions return a result with
// the reason, for callers that build their own errors (schemas).
export { type ServerName, parseServerName, isValidServerName, checkServerName } from "./server-name.js";
export { type UserId, type ParseUserIdOptions, parseUserId, isValidUserId, checkUserId } from "./user-id.js";
export { type RoomId, parseRoomId, isValidRoomId, checkRoomId } from "./room-id.js";
export { type RoomAlias, parseRoomAlias, isValidRoomAlias, checkRoomAlias } from "./room-alias.js";
export { type EventId, parseEventId, isValidEventId, checkEventId } from "./event-id.js";
export { type KeyId, parseKeyId, isValidKeyId, checkKeyId } from "./key-id.js";
export { type OpaqueIdOptions, parseOpaqueId, isValidOpaqueId, checkOpaqueId } from "./opaque-id.js";
export {
  type NamespacedIdentifier,
  parseNamespacedIdentifier,
  isValidNamespacedIdentifier,
  checkNamespacedIdentifier,
} from "./namespaced-id.js";
export { type Base64Alphabet, REFERENCE_HASH_LENGTH } from "./reference-hash.js";
export { serverNameOf } from "./server-name-of.js";
export { type IdentifierCheck, utf8ByteLength, MAX_IDENTIFIER_BYTES } from "./text.js";
