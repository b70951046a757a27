import type { RoomVersion } from "../rooms/room-versions.js";

// The rule lists of the room versions differ by whole rules (aliases in 1–5,
// redactions in 1–2, knock in 7+, restricted in 8+, integer checks in 10+,
// room ID and creators in 12), so every later rule shifts. Numbers are derived
// from the version's flags here, once, so a rejection can name the rule as
// that version's page numbers it.

/** Marks a rule the room version does not have (never reached: the code asks the version's flags first). */
const ABSENT = "n/a";

/**
 * Numbers the rules from 1 under `prefix`. A rule given as `[name, false]`
 * is one the version lacks: it takes no number and is marked `n/a`.
 */
function numbered<K extends string>(prefix: string, rules: ReadonlyArray<K | readonly [K, boolean]>): Record<K, string> {
  const out = {} as Record<K, string>;
  let n = 0;
  for (const rule of rules) {
    const [name, present] = typeof rule === "string" ? [rule, true] : rule;
    if (!present) {
      out[name] = ABSENT;
      continue;
    }
    n += 1;
    out[name] = prefix === "" ? String(n) : `${prefix}.${n}`;
  }
  return out;
}

export interface RuleNumbers {
  top: Record<
    | "create"
    | "roomIdIsCreate"
    | "authEvents"
    | "federate"
    | "aliases"
    | "member"
    | "senderJoined"
    | "thirdPartyInvite"
    | "requiredLevel"
    | "stateKeyUser"
    | "powerLevels"
    | "redaction"
    | "otherwise",
    string
  >;
  create: Record<"prevEvents" | "roomId" | "roomVersion" | "creator" | "additionalCreators" | "allow", string>;
  authEvents: Record<"duplicate" | "notSelected" | "rejectedEntry" | "noCreate" | "otherRoom", string>;
  aliases: Record<"noStateKey" | "domain", string>;
  member: Record<"fields" | "authoriserSignature" | "join" | "invite" | "leave" | "ban" | "knock" | "unknown", string>;
  join: Record<"creator" | "notSelf" | "banned" | "inviteRule" | "restricted" | "public" | "otherwise", string>;
  restricted: Record<"member" | "authoriser", string>;
  invite: Record<"thirdParty" | "senderNotJoined" | "target" | "level" | "otherwise", string>;
  thirdParty: Record<"banned" | "signed" | "mxidToken" | "mxid" | "token" | "sender" | "signature" | "otherwise", string>;
  leave: Record<"self" | "senderNotJoined" | "unban" | "kick" | "otherwise", string>;
  ban: Record<"senderNotJoined" | "level" | "otherwise", string>;
  knock: Record<"joinRule" | "notSelf" | "membership" | "otherwise", string>;
  powerLevels: Record<
    | "integerProperties"
    | "integerMaps"
    | "users"
    | "creatorsListed"
    | "noPrevious"
    | "properties"
    | "mapsChangedOrRemoved"
    | "mapsAddedOrChanged"
    | "usersChangedOrRemoved"
    | "usersAddedOrChanged",
    string
  >;
  redaction: Record<"level" | "domain" | "otherwise", string>;
}

function build(v: RoomVersion): RuleNumbers {
  const top = numbered("", [
    "create",
    ["roomIdIsCreate", v.roomIdFromCreateEvent],
    "authEvents",
    "federate",
    ["aliases", v.specialCaseAliasesAuth],
    "member",
    "senderJoined",
    "thirdPartyInvite",
    "requiredLevel",
    "stateKeyUser",
    "powerLevels",
    ["redaction", !v.redactionAuthDeferred],
    "otherwise",
  ]);
  const member = numbered(top.member, [
    "fields",
    ["authoriserSignature", v.restrictedJoins],
    "join",
    "invite",
    "leave",
    "ban",
    ["knock", v.knocking],
    "unknown",
  ]);
  const join = numbered(member.join, [
    "creator",
    "notSelf",
    "banned",
    "inviteRule",
    ["restricted", v.restrictedJoins],
    "public",
    "otherwise",
  ]);
  const invite = numbered(member.invite, ["thirdParty", "senderNotJoined", "target", "level", "otherwise"]);
  return {
    top,
    create: numbered(top.create, [
      "prevEvents",
      "roomId",
      "roomVersion",
      ["creator", !v.implicitRoomCreator],
      ["additionalCreators", v.privilegedCreators],
      "allow",
    ]),
    // Room 12 dropped "no create event among the entries" without renumbering
    // the next rule: its list goes 3.1, 3.2, 3.3, 3.5.
    authEvents: numbered(top.authEvents, ["duplicate", "notSelected", "rejectedEntry", "noCreate", "otherRoom"]),
    aliases: numbered(top.aliases, ["noStateKey", "domain"]),
    member,
    join,
    restricted: numbered(join.restricted, ["member", "authoriser"]),
    invite,
    thirdParty: numbered(invite.thirdParty, ["banned", "signed", "mxidToken", "mxid", "token", "sender", "signature", "otherwise"]),
    leave: numbered(member.leave, ["self", "senderNotJoined", "unban", "kick", "otherwise"]),
    ban: numbered(member.ban, ["senderNotJoined", "level", "otherwise"]),
    knock: numbered(member.knock, ["joinRule", "notSelf", "membership", "otherwise"]),
    powerLevels: numbered(top.powerLevels, [
      ["integerProperties", v.integerPowerLevels],
      ["integerMaps", v.integerPowerLevels],
      "users",
      ["creatorsListed", v.privilegedCreators],
      "noPrevious",
      "properties",
      "mapsChangedOrRemoved",
      "mapsAddedOrChanged",
      "usersChangedOrRemoved",
      "usersAddedOrChanged",
    ]),
    redaction: numbered(top.redaction, ["level", "domain", "otherwise"]),
  };
}

const cache = new WeakMap<RoomVersion, RuleNumbers>();

/** The rule numbers of a room version's authorization rules. */
export function ruleNumbers(roomVersion: RoomVersion): RuleNumbers {
  let numbers = cache.get(roomVersion);
  if (numbers === undefined) {
    numbers = build(roomVersion);
    cache.set(roomVersion, numbers);
  }
  return numbers;
}
