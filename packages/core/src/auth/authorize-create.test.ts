// Authorization rule 1, "If type is m.room.create": 1.1–1.5 in rooms 1–10
// (fragments v1/v3/v8-auth-rules, v6, v10), 1.1–1.4 in room 11 (no creator
// rule), 1.1–1.5 in room 12 (1.2 "has a room_id", 1.4 additional_creators).
import { describe, expect, it } from "vitest";
import { ALICE, ALL_VERSIONS, MALLORY, ruleByVersion } from "../../test/helpers/auth-room.js";
import { toRoomEvent, type Pdu } from "../events/pdu.js";
import type { JsonObject } from "../json/canonical-json.js";
import { getRoomVersion } from "../rooms/room-versions.js";
import { authStateFromEvents } from "./auth-state.js";
import { authorize } from "./authorize.js";
import { checkAuthEventsList } from "./auth-events-list.js";

interface CreateFields {
  sender?: string;
  content?: JsonObject;
  prev?: string[];
  /** undefined: the version's default (`!room:example.com` before 12, none in 12). */
  roomId?: string | null;
}

function createEvent(versionId: string, fields: CreateFields = {}) {
  const version = getRoomVersion(versionId);
  const sender = fields.sender ?? ALICE;
  const content: JsonObject = { room_version: versionId, ...(version.implicitRoomCreator ? {} : { creator: sender }), ...fields.content };
  // `null` in a row's content means "leave this default key out".
  for (const [key, value] of Object.entries(content)) if (value === null) delete content[key];
  const pdu: Pdu = {
    type: "m.room.create",
    sender,
    state_key: "",
    content,
    origin_server_ts: 1_700_000_000_000,
    depth: 1,
    prev_events: fields.prev ?? [],
    auth_events: [],
    hashes: { sha256: "" },
    signatures: {},
  };
  const roomId = fields.roomId === undefined ? (version.roomIdFromCreateEvent ? null : "!room:example.com") : fields.roomId;
  if (roomId !== null) pdu.room_id = roomId;
  if (version.eventFormat === "v1") pdu.event_id = "$create:example.com";
  return toRoomEvent(pdu, version.eventFormat === "v1" ? "$create:example.com" : "$createhash", version);
}

interface CreateCase {
  name: string;
  rule: string;
  allowed: boolean;
  fields: CreateFields;
}

const cases: CreateCase[] = [
  { name: "a well-formed create event is allowed", rule: "1-10:1.5 11:1.4 12:1.5", allowed: true, fields: {} },
  { name: "a create event without content.room_version is allowed", rule: "1-10:1.5 11:1.4 12:1.5", allowed: true, fields: { content: { room_version: null } } },
  { name: "a create event with prev_events is rejected", rule: "1-12:1.1", allowed: false, fields: { prev: ["$earlier:example.com"] } },
  {
    name: "a room ID on another domain than the sender's is rejected",
    rule: "1-11:1.2",
    allowed: false,
    fields: { sender: MALLORY },
  },
  { name: "a room ID without a domain is rejected", rule: "1-11:1.2", allowed: false, fields: { roomId: "!nodomain" } },
  { name: "a room-12 create event with a room_id is rejected", rule: "12:1.2", allowed: false, fields: { roomId: "!room:example.com" } },
  { name: "an unknown content.room_version is rejected", rule: "1-12:1.3", allowed: false, fields: { content: { room_version: "999" } } },
  { name: "a content.room_version that is not a string is rejected", rule: "1-12:1.3", allowed: false, fields: { content: { room_version: 10 } } },
  { name: "a create event without content.creator is rejected in rooms 1–10", rule: "1-10:1.4", allowed: false, fields: { content: { creator: null } } },
  { name: "room 11 no longer needs content.creator", rule: "11:1.4 12:1.5", allowed: true, fields: {} },
  {
    name: "additional_creators listing user IDs is allowed",
    rule: "12:1.5",
    allowed: true,
    fields: { content: { additional_creators: ["@bob:example.com", "@carol:other.example:8448"] } },
  },
  {
    name: "additional_creators that is not an array is rejected",
    rule: "12:1.4",
    allowed: false,
    fields: { content: { additional_creators: "@bob:example.com" } },
  },
  {
    name: "additional_creators holding something that is not a user ID is rejected",
    rule: "12:1.4",
    allowed: false,
    fields: { content: { additional_creators: ["@bob:example.com", "bob"] } },
  },
  {
    name: "additional_creators holding a non-string is rejected",
    rule: "12:1.4",
    allowed: false,
    fields: { content: { additional_creators: [7] } },
  },
  {
    name: "additional_creators means nothing before room 12",
    rule: "1-10:1.5 11:1.4",
    allowed: true,
    fields: { content: { additional_creators: "nonsense" } },
  },
];

describe("rule 1: m.room.create", () => {
  const rows = cases.flatMap((c) => [...ruleByVersion(c.rule)].map(([v, rule]) => [`v${v} rule ${rule}: ${c.name}`, v, rule, c] as const));
  it.each(rows)("%s", (_name, versionId, rule, c) => {
    const event = createEvent(versionId, c.fields);
    const verdict = authorize(event, authStateFromEvents([]), getRoomVersion(versionId));
    expect(verdict).toEqual(c.allowed ? { allowed: true } : { allowed: false, rule, reason: expect.any(String) as string });
  });

  it.each(ALL_VERSIONS)("v%s: the create event is decided by rule 1 alone, so checkAuthEventsList lets it through", (versionId) => {
    const event = createEvent(versionId, { prev: ["$x:example.com"] });
    expect(checkAuthEventsList(event, [], getRoomVersion(versionId))).toEqual({ allowed: true });
  });
});
