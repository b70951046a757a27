import type { Ed25519Backend } from "../crypto/ed25519.js";
import { EventFormatError, SignatureError } from "../errors.js";
import { decodeBase64 } from "../json/base64.js";
import { checkUserId } from "../identifiers/user-id.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { serverGeneratedEventId } from "./event-id.js";
import { assertEventObject, isJsonObject } from "./json-object.js";
import type { Pdu } from "./pdu.js";
import { referenceHashPreimage } from "./reference-hash.js";

// Spec: Server-Server API, "Validating hashes and signatures on received
// events" and appendix "Checking for a Signature"; room 8+ auth rule 4.2
// (`join_authorised_via_users_server`); fragment v5-signing-requirements.

/** What a key lookup must guarantee about the key it returns. */
export interface KeyValidity {
  /**
   * Rooms 5+ (fragment v5-signing-requirements): the key's `valid_until_ts`
   * (capped at 7 days ahead) must be at least this, the event's
   * `origin_server_ts`. Undefined where the room version does not enforce it.
   */
  readonly validAt: number | undefined;
}

/**
 * The public key `keyId` of `serverName`, or undefined when it is unknown or
 * not valid as `validity` asks; signatures by such keys are skipped.
 */
export type KeyLookup = (serverName: string, keyId: string, validity: KeyValidity) => Promise<Uint8Array | undefined>;

/** Why a required server's signature was not accepted. */
export type SignatureFailureReason =
  /** No `ed25519:` signature from the server at all. */
  | "missing"
  /** Signatures exist, but none by a key the lookup knows. */
  | "unknown_key"
  /** A signature is not a base64 string. */
  | "bad_encoding"
  /** A signature by a known key does not match the event. */
  | "invalid";

export type EventSignatureResult =
  | { readonly ok: true; readonly verified: readonly { readonly server: string; readonly keyId: string }[] }
  | {
      readonly ok: false;
      /** The server whose signature failed; undefined when any server would have done (third-party invites). */
      readonly server: string | undefined;
      readonly keyId: string | undefined;
      readonly reason: SignatureFailureReason;
      readonly error: SignatureError;
    };

export interface SigningRequirements {
  /** Servers that must each have a valid signature. */
  readonly servers: readonly string[];
  /**
   * A third-party invite may be sent by a server other than the sender's:
   * then at least one valid signature from some server is required, and every
   * signature by a known key must be valid.
   */
  readonly anyServer: boolean;
}

/**
 * The server of a user ID an event names (`sender`,
 * `join_authorised_via_users_server`). Events may carry historical user IDs
 * (appendix "Historical User IDs"), so their grammar applies.
 */
function userIdServer(value: unknown, key: string): string {
  if (typeof value !== "string") throw new EventFormatError(`${key} is missing or not a string`);
  const checked = checkUserId(value, true);
  if (!checked.ok) throw new EventFormatError(`${key} ${JSON.stringify(value.slice(0, 300))} is not a user ID: ${checked.reason}`);
  return checked.value.serverName;
}

/**
 * The servers whose signatures an event needs:
 * - the sender's server, unless the event is a third-party invite;
 * - rooms 1–2 (server-generated event IDs): also the server in `event_id`;
 * - rooms with restricted joins (8+): for a member event with
 *   `join_authorised_via_users_server`, that user's server (auth rule 4.2).
 */
export function requiredSigningServers(pdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): SigningRequirements {
  assertEventObject(pdu);
  const sender = userIdServer(pdu.sender, "sender");
  const content = isJsonObject(pdu.content) ? pdu.content : undefined;
  if (content === undefined) throw new EventFormatError("content is missing or not an object");
  const isMember = pdu.type === "m.room.member";
  const thirdPartyInvite = isMember && content.membership === "invite" && Object.hasOwn(content, "third_party_invite");

  const servers: string[] = [];
  const add = (server: string) => {
    if (!servers.includes(server)) servers.push(server);
  };
  if (!thirdPartyInvite) add(sender);
  if (roomVersion.eventIdFormat === "server-generated") {
    add(serverGeneratedEventId(pdu, roomVersion).serverName);
  }
  if (roomVersion.restrictedJoins && isMember && Object.hasOwn(content, "join_authorised_via_users_server")) {
    add(userIdServer(content.join_authorised_via_users_server, "content.join_authorised_via_users_server"));
  }
  return { servers, anyServer: thirdPartyInvite };
}

function decodeOrUndefined(encoded: string): Uint8Array | undefined {
  try {
    return decodeBase64(encoded);
  } catch {
    return undefined;
  }
}

type ServerOutcome =
  | { ok: true; verified: { server: string; keyId: string }[] }
  | { ok: false; server: string; keyId: string | undefined; reason: SignatureFailureReason; message: string };

async function checkServer(
  server: string,
  signatures: Record<string, unknown>,
  message: Uint8Array,
  validity: KeyValidity,
  keyLookup: KeyLookup,
  backend: Ed25519Backend,
): Promise<ServerOutcome> {
  const byKey = signatures[server];
  const keyIds = isJsonObject(byKey) ? Object.keys(byKey).filter((id) => id.startsWith("ed25519:")) : [];
  if (!isJsonObject(byKey) || keyIds.length === 0) {
    return { ok: false, server, keyId: undefined, reason: "missing", message: `no ed25519 signature from ${server}` };
  }
  const verified: { server: string; keyId: string }[] = [];
  for (const keyId of keyIds) {
    const publicKey = await keyLookup(server, keyId, validity);
    if (publicKey === undefined) continue;
    const encoded = byKey[keyId];
    const signature = typeof encoded === "string" ? decodeOrUndefined(encoded) : undefined;
    if (signature === undefined) {
      return { ok: false, server, keyId, reason: "bad_encoding", message: `signature from ${server} with key ${keyId} is not a base64 string` };
    }
    if (!(await backend.verify(publicKey, message, signature))) {
      return { ok: false, server, keyId, reason: "invalid", message: `signature from ${server} with key ${keyId} does not match the event` };
    }
    verified.push({ server, keyId });
  }
  if (verified.length === 0) {
    return { ok: false, server, keyId: undefined, reason: "unknown_key", message: `none of ${server}'s signing keys (${keyIds.join(", ")}) is known` };
  }
  return { ok: true, verified };
}

function failure(server: string | undefined, keyId: string | undefined, reason: SignatureFailureReason, message: string): EventSignatureResult {
  const code = reason === "missing" || reason === "unknown_key" ? "MISSING_SIGNATURE" : "INVALID_SIGNATURE";
  return { ok: false, server, keyId, reason, error: new SignatureError(code, message) };
}

/**
 * Checks the signatures an event needs (`requiredSigningServers`) over its
 * redacted form, so a redacted copy verifies as well as the full event. For
 * each required server every signature by a key the lookup knows must
 * verify, and at least one must. Resolves to which signatures verified, or to
 * the first server/key that failed with a `SignatureError`; a malformed event
 * (no sender, bad `event_id`) throws `EventFormatError`.
 */
export async function verifyEventSignatures(
  pdu: Pdu | Record<string, unknown>,
  roomVersion: RoomVersion,
  keyLookup: KeyLookup,
  backend: Ed25519Backend,
): Promise<EventSignatureResult> {
  const { servers, anyServer } = requiredSigningServers(pdu, roomVersion);
  const signatures = isJsonObject(pdu.signatures) ? pdu.signatures : {};
  const message = new TextEncoder().encode(referenceHashPreimage(pdu, roomVersion));
  const validity: KeyValidity = {
    validAt: roomVersion.enforceKeyValidity && typeof pdu.origin_server_ts === "number" ? pdu.origin_server_ts : undefined,
  };

  const verified: { server: string; keyId: string }[] = [];
  for (const server of servers) {
    const outcome = await checkServer(server, signatures, message, validity, keyLookup, backend);
    if (!outcome.ok) return failure(outcome.server, outcome.keyId, outcome.reason, outcome.message);
    verified.push(...outcome.verified);
  }
  if (anyServer) {
    for (const server of Object.keys(signatures)) {
      if (servers.includes(server)) continue;
      const outcome = await checkServer(server, signatures, message, validity, keyLookup, backend);
      // Optional signers may be unknown to us; a known key that does not verify is still a forgery.
      if (!outcome.ok && (outcome.reason === "invalid" || outcome.reason === "bad_encoding")) {
        return failure(outcome.server, outcome.keyId, outcome.reason, outcome.message);
      }
      if (outcome.ok) verified.push(...outcome.verified);
    }
    if (verified.length === 0) return failure(undefined, undefined, "unknown_key", "no signature on this third-party invite is by a known server key");
  }
  return { ok: true, verified };
}
