// What clients (and servers serving them) need: the client event format,
// stripped state, redaction and edits as a client shows them, and display
// names of users and rooms.
export {
  toClientEvent,
  toClientEventWithoutRoomId,
  type ClientEvent,
  type ClientEventWithoutRoomId,
  type ClientEventOptions,
  type ServedEvent,
  type UnsignedData,
} from "./client-event.js";
export { redactClientEvent } from "./redact-client-event.js";
export {
  toStrippedStateEvent,
  strippedStateOf,
  STRIPPED_STATE_TYPES,
  type StrippedStateEvent,
  type StateEventLike,
  type StrippedStateSource,
} from "./stripped-state.js";
export {
  checkReplacement,
  isReplacementEvent,
  latestReplacement,
  applyReplacement,
  displayedContent,
  type RelatedEvent,
  type ReplacementCheck,
} from "./event-replacement.js";
export { ENGLISH_DISPLAY_NAME_MESSAGES, type DisplayNameMessages } from "./display-name-messages.js";
export { MemberDisplayNames, userDisplayName, type MemberNameInfo } from "./user-display-name.js";
export {
  roomDisplayName,
  selectHeroes,
  type RoomHero,
  type RoomNameInput,
  type RoomNameOptions,
  type HeroCandidate,
} from "./room-display-name.js";
