import type { RoomEvent } from "../events/pdu.js";
import { roomCreators } from "../power-levels/creators.js";
import { readPowerLevels, requiredLevelForEvent } from "../power-levels/power-levels.js";
import { userLevelFrom } from "../power-levels/user-level.js";
import { domainOf } from "./domain.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { AuthState } from "./auth-state.js";
import { checkCreateEvent } from "./create-rules.js";
import { checkMemberEvent } from "./member-rules.js";
import { checkPowerLevelsEvent } from "./power-levels-rules.js";
import { own } from "../power-levels/json-access.js";
import type { RuleContext } from "./rule-context.js";
import { ruleNumbers } from "./rule-numbers.js";
import { tweetnaclVerifyEd25519, type VerifyEd25519 } from "./third-party-invite.js";
import { ALLOWED, rejected, type AuthVerdict } from "./verdict.js";

export interface AuthorizeOptions {
  /**
   * join_authorised_via_users_server rule: was the event validly signed by
   * that server? Default: a signature entry from that server exists in
   * `pdu.signatures` (the checks on receipt verify signatures).
   */
  isSignedBy?: (event: RoomEvent, serverName: string) => boolean;
  /**
   * ed25519 verification for third-party-invite `signed` blocks. Default:
   * synchronous tweetnacl (`nacl.sign.detached.verify`).
   */
  verifyEd25519?: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;
}

/** Default `isSignedBy`: the PDU carries at least one signature from the server. */
export function hasSignatureFrom(event: RoomEvent, serverName: string): boolean {
  const signatures: unknown = event.pdu.signatures;
  if (typeof signatures !== "object" || signatures === null || !Object.hasOwn(signatures, serverName)) return false;
  const byKey: unknown = (signatures as Record<string, unknown>)[serverName];
  return typeof byKey === "object" && byKey !== null && Object.values(byKey).some((s) => typeof s === "string");
}

/**
 * The authorization rules of the room version that depend on the state:
 * rule 1 for create events; otherwise, against `authState` (the event's auth
 * events, the state before it, or the current state — whichever check the
 * caller is making), every rule after the `auth_events` list rules (which are
 * `checkAuthEventsList`): m.federate, aliases (rooms 1–5), membership, sender
 * membership, third-party invites, required levels, user-ID state keys,
 * power levels, redactions (rooms 1–2).
 *
 * The create event is read from `authState` as ("m.room.create", "") in every
 * version, though room 12 never lists it in `auth_events`. Malformed content
 * is a rejection, never an exception.
 */
export function authorize(event: RoomEvent, authState: AuthState, roomVersion: RoomVersion, options: AuthorizeOptions = {}): AuthVerdict {
  if (event.type === "m.room.create") return checkCreateEvent(event, roomVersion);
  const rules = ruleNumbers(roomVersion);

  const create = authState.get("m.room.create", "");
  if (roomVersion.roomIdFromCreateEvent) {
    if (create === undefined) return rejected(rules.top.roomIdIsCreate, "the room's create event is not in the auth state");
    if (event.roomId !== "!" + create.eventId.slice(1)) {
      return rejected(rules.top.roomIdIsCreate, `room ID ${event.roomId} is not the ID of create event ${create.eventId}`);
    }
  } else if (create === undefined) {
    return rejected(rules.authEvents.noCreate, "there is no m.room.create event in the auth state");
  }

  const createSenderDomain = domainOf(create.sender);
  if (own(create.content, "m.federate") === false && domainOf(event.sender) !== createSenderDomain) {
    return rejected(rules.top.federate, `the room is not federated and ${event.sender} is not on ${createSenderDomain ?? create.sender}`);
  }

  if (roomVersion.specialCaseAliasesAuth && event.type === "m.room.aliases") {
    if (event.stateKey === undefined) return rejected(rules.aliases.noStateKey, "m.room.aliases event has no state_key");
    const senderDomain = domainOf(event.sender);
    if (event.stateKey !== senderDomain) {
      return rejected(rules.aliases.domain, `state_key ${JSON.stringify(event.stateKey)} is not the sender's domain ${JSON.stringify(senderDomain ?? null)}`);
    }
    return ALLOWED;
  }

  const ctx = ruleContext(event, authState, roomVersion, create, options);
  if (event.type === "m.room.member") return checkMemberEvent(ctx);

  if (ctx.membershipOf(event.sender) !== "join") return rejected(rules.top.senderJoined, `${event.sender} is not joined`);

  const senderLevel = ctx.levelOf(event.sender);
  if (event.type === "m.room.third_party_invite") {
    if (senderLevel >= ctx.levels.invite) return ALLOWED;
    return rejected(`${rules.top.thirdPartyInvite}.1`, `${event.sender} has level ${senderLevel}, below the invite level ${ctx.levels.invite}`);
  }

  const required = requiredLevelForEvent(event.type, event.stateKey !== undefined, ctx.levels);
  if (required > senderLevel) {
    return rejected(rules.top.requiredLevel, `${event.type} needs level ${required}; ${event.sender} has ${senderLevel}`);
  }

  if (event.stateKey !== undefined && event.stateKey.startsWith("@") && event.stateKey !== event.sender) {
    return rejected(rules.top.stateKeyUser, `state_key ${event.stateKey} is another user's ID`);
  }

  if (event.type === "m.room.power_levels") {
    return checkPowerLevelsEvent(event, ctx.powerLevelsEvent, senderLevel, ctx.creators, roomVersion, rules);
  }

  if (!roomVersion.redactionAuthDeferred && event.type === "m.room.redaction") {
    if (senderLevel >= ctx.levels.redact) return ALLOWED;
    const redactedDomain = event.redacts === undefined ? undefined : domainOf(event.redacts);
    if (redactedDomain !== undefined && redactedDomain === domainOf(event.eventId)) return ALLOWED;
    return rejected(
      rules.redaction.otherwise,
      `${event.sender} has level ${senderLevel}, below the redact level ${ctx.levels.redact}, and ${event.redacts ?? "the redacted event"} is from another domain than ${event.eventId}`,
    );
  }
  return ALLOWED;
}

function ruleContext(event: RoomEvent, state: AuthState, version: RoomVersion, create: RoomEvent, options: AuthorizeOptions): RuleContext {
  const powerLevelsEvent = state.get("m.room.power_levels", "");
  const explicit = powerLevelsEvent === undefined ? undefined : readPowerLevels(powerLevelsEvent.content, version);
  const creators = roomCreators(create, version);
  const joinRule = own(state.get("m.room.join_rules", "")?.content, "join_rule");
  const verifyEd25519: VerifyEd25519 = options.verifyEd25519 ?? tweetnaclVerifyEd25519;
  return {
    event,
    state,
    version,
    rules: ruleNumbers(version),
    create,
    creators,
    powerLevelsEvent,
    levels: explicit ?? readPowerLevels(undefined, version),
    levelOf: (userId) => userLevelFrom(userId, explicit, creators, version),
    membershipOf: (userId) => {
      const membership = own(state.get("m.room.member", userId)?.content, "membership");
      return typeof membership === "string" ? membership : undefined;
    },
    joinRule: typeof joinRule === "string" ? joinRule : undefined,
    isSignedBy: options.isSignedBy ?? hasSignatureFrom,
    verifyEd25519,
  };
}
