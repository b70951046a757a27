// Event hashing, IDs, redaction, signing and verification (pdu.ts is
// re-exported by src/index.ts directly). The format and size checks of a
// received PDU are `validatePdu` in the schemas area.
export { computeContentHash, checkContentHash, contentHashPreimage } from "./content-hash.js";
export { computeReferenceHash, referenceHashPreimage } from "./reference-hash.js";
export { redactEvent } from "./redaction.js";
export {
  computeEventId,
  computeRoomIdFromCreateEvent,
  generateServerEventId,
  toRoomEventFromPdu,
} from "./event-id.js";
export { signEvent } from "./sign-event.js";
export {
  verifyEventSignatures,
  requiredSigningServers,
  type KeyLookup,
  type KeyValidity,
  type EventSignatureResult,
  type SignatureFailureReason,
  type SigningRequirements,
} from "./verify-event.js";
export { buildEvent, type EventDraft, type BuiltEvent } from "./build-event.js";
export { buildCreateEvent, generateRoomId, type CreateEventDraft, type BuiltCreateEvent } from "./build-create-event.js";
export { depthAfter, maxDepth, type EventReference, type PrevEventReference } from "./event-references.js";
export { selectAuthEvents } from "./select-auth-events.js";
