import { EventFormatError } from "../errors.js";
import type { JsonObject, JsonValue } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { assertEventObject, isJsonObject } from "./json-object.js";
import type { Pdu } from "./pdu.js";

// The redaction algorithm of each room version (content/rooms/fragments/
// v1-redactions, v6-redactions, v9-redactions, v11-redactions, and the
// algorithm written out in rooms/v8.md). Room 12 uses the v11 fragment
// unchanged (rooms/v12.md, "Redactions").

/** Top-level keys kept by the v1, v6, v8 and v9 algorithms. */
const TOP_LEVEL_KEYS_V1: ReadonlySet<string> = new Set([
  "event_id",
  "type",
  "room_id",
  "sender",
  "state_key",
  "content",
  "hashes",
  "signatures",
  "depth",
  "prev_events",
  "prev_state",
  "auth_events",
  "origin",
  "origin_server_ts",
  "membership",
]);

/** v11 stops protecting `origin`, `membership` and `prev_state` (rooms/v11.md, "Redactions"). */
const TOP_LEVEL_KEYS_V11: ReadonlySet<string> = new Set(
  [...TOP_LEVEL_KEYS_V1].filter((key) => key !== "origin" && key !== "membership" && key !== "prev_state"),
);

/** Content keys an event type keeps; `"all"` keeps the whole content. */
type ContentRules = Readonly<Record<string, readonly string[] | "all">>;

const POWER_LEVELS_KEYS = ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"];

const CONTENT_V6: ContentRules = {
  "m.room.member": ["membership"],
  "m.room.create": ["creator"],
  "m.room.join_rules": ["join_rule"],
  "m.room.power_levels": POWER_LEVELS_KEYS,
  "m.room.history_visibility": ["history_visibility"],
};

/** Room 6 removed all significance of `m.room.aliases` from redaction. */
const CONTENT_V1: ContentRules = { ...CONTENT_V6, "m.room.aliases": ["aliases"] };

/** Room 8 keeps the restricted-join `allow` list. */
const CONTENT_V8: ContentRules = { ...CONTENT_V6, "m.room.join_rules": ["join_rule", "allow"] };

/** Room 9 also keeps the authorising user of a restricted join. */
const CONTENT_V9: ContentRules = { ...CONTENT_V8, "m.room.member": ["membership", "join_authorised_via_users_server"] };

/**
 * Room 11: create keeps everything, power levels keep `invite`, redactions
 * keep `redacts`; members additionally keep `third_party_invite.signed`
 * (handled in `redactContent`).
 */
const CONTENT_V11: ContentRules = {
  ...CONTENT_V9,
  "m.room.create": "all",
  "m.room.power_levels": [...POWER_LEVELS_KEYS, "invite"],
  "m.room.redaction": ["redacts"],
};

interface RedactionAlgorithm {
  readonly topLevelKeys: ReadonlySet<string>;
  readonly content: ContentRules;
  /** v11: `m.room.member` keeps `third_party_invite`, reduced to its `signed` key. */
  readonly keepsThirdPartyInviteSigned: boolean;
}

const ALGORITHMS: Readonly<Record<RoomVersion["redaction"], RedactionAlgorithm>> = {
  v1: { topLevelKeys: TOP_LEVEL_KEYS_V1, content: CONTENT_V1, keepsThirdPartyInviteSigned: false },
  v6: { topLevelKeys: TOP_LEVEL_KEYS_V1, content: CONTENT_V6, keepsThirdPartyInviteSigned: false },
  v8: { topLevelKeys: TOP_LEVEL_KEYS_V1, content: CONTENT_V8, keepsThirdPartyInviteSigned: false },
  v9: { topLevelKeys: TOP_LEVEL_KEYS_V1, content: CONTENT_V9, keepsThirdPartyInviteSigned: false },
  v11: { topLevelKeys: TOP_LEVEL_KEYS_V11, content: CONTENT_V11, keepsThirdPartyInviteSigned: true },
};

/** Throws unless `pdu` is an object with a string `type` and an object `content`: what redaction reads. */
export function assertRedactable(pdu: unknown): asserts pdu is { type: string; content: JsonObject } & Record<string, unknown> {
  assertEventObject(pdu);
  if (typeof pdu.type !== "string") throw new EventFormatError("type is missing or not a string");
  if (!isJsonObject(pdu.content)) throw new EventFormatError("content is missing or not an object");
}

function redactContent(type: string, content: JsonObject, algorithm: RedactionAlgorithm): JsonObject {
  const rule = Object.hasOwn(algorithm.content, type) ? algorithm.content[type] : undefined;
  if (rule === undefined) return {};
  if (rule === "all") return { ...content };
  const kept: JsonObject = {};
  for (const key of rule) {
    if (Object.hasOwn(content, key)) kept[key] = content[key] as JsonValue;
  }
  if (algorithm.keepsThirdPartyInviteSigned && type === "m.room.member") {
    const invite = content.third_party_invite;
    // Only `signed` is protected; without it nothing of the invite remains.
    if (isJsonObject(invite) && Object.hasOwn(invite, "signed")) {
      kept.third_party_invite = { signed: invite.signed as JsonValue };
    }
  }
  return kept;
}

/**
 * The redacted copy of an event under its room version's algorithm: only the
 * protected top-level keys, and only the protected content keys of its type.
 *
 * `unsigned` is not a protected key, so the copy has none: redaction strips
 * every key not listed. (Synapse keeps `unsigned.age_ts`/`replaces_state`;
 * nothing in `unsigned` is hashed or signed, so this does not change hashes,
 * IDs or signatures. A server serving the redacted event adds its own
 * `unsigned`, e.g. `redacted_because`.)
 *
 * The copy is new at the top level and in `content`; values below that are
 * shared with the input, so treat both as immutable.
 */
export function redactEvent(pdu: Pdu, roomVersion: RoomVersion): Pdu {
  // Every key `Pdu` requires is protected in every variant, so the copy is a `Pdu` again.
  return redactWithout(pdu, roomVersion, undefined) as Pdu;
}

/**
 * Redaction that can leave out one more top-level key on the way (the
 * reference hash and signatures drop `signatures`), saving a copy.
 */
export function redactWithout(pdu: unknown, roomVersion: RoomVersion, omit: string | undefined): Record<string, unknown> {
  assertRedactable(pdu);
  const algorithm = ALGORITHMS[roomVersion.redaction];
  const redacted: Record<string, unknown> = {};
  for (const key of Object.keys(pdu)) {
    if (key === omit || !algorithm.topLevelKeys.has(key)) continue;
    redacted[key] = key === "content" ? redactContent(pdu.type, pdu.content, algorithm) : pdu[key];
  }
  return redacted;
}
