import { describe, expect, it } from "vitest";
import { EventFormatError } from "../errors.js";
import type { JsonObject } from "../json/canonical-json.js";
import { getRoomVersion, KNOWN_ROOM_VERSION_IDS } from "../rooms/room-versions.js";
import type { Pdu } from "./pdu.js";
import { redactEvent } from "./redaction.js";

// Which redaction algorithm each room page (content/rooms/vN.md) includes:
// v1-redactions (1–5), v6-redactions (6, 7), the algorithm written out in
// v8.md (8), v9-redactions (9, 10), v11-redactions (11, 12).
const ALGORITHM_OF_VERSION: Record<string, "v1" | "v6" | "v8" | "v9" | "v11"> = {
  "1": "v1", "2": "v1", "3": "v1", "4": "v1", "5": "v1",
  "6": "v6", "7": "v6",
  "8": "v8",
  "9": "v9", "10": "v9",
  "11": "v11", "12": "v11",
};

function event(type: string, content: JsonObject, extra: Record<string, unknown> = {}): Pdu {
  return {
    event_id: "$ev:example.org",
    type,
    room_id: "!room:example.org",
    sender: "@alice:example.org",
    state_key: "",
    content,
    hashes: { sha256: "aGFzaA" },
    signatures: { "example.org": { "ed25519:1": "c2ln" } },
    depth: 7,
    prev_events: ["$prev"],
    prev_state: [],
    auth_events: ["$auth"],
    origin: "example.org",
    origin_server_ts: 1_700_000_000_000,
    membership: "join",
    unsigned: { age_ts: 1_700_000_000_000, replaces_state: "$old" },
    age_ts: 1_700_000_000_000,
    not_protected: { anything: true },
    ...extra,
  };
}

const signed = { mxid: "@bob:example.org", token: "abc", signatures: { "id.example.org": { "ed25519:0": "sig" } } };

/** Hand-made events of every type with a special rule, and the content each algorithm keeps. */
const cases: { name: string; pdu: Pdu; kept: Record<"v1" | "v6" | "v8" | "v9" | "v11", JsonObject> }[] = [
  {
    name: "m.room.create",
    pdu: event("m.room.create", { creator: "@alice:example.org", room_version: "1", "m.federate": false, predecessor: { room_id: "!old:x" }, type: "m.space" }),
    kept: {
      v1: { creator: "@alice:example.org" },
      v6: { creator: "@alice:example.org" },
      v8: { creator: "@alice:example.org" },
      v9: { creator: "@alice:example.org" },
      // v11: "m.room.create allows all keys".
      v11: { creator: "@alice:example.org", room_version: "1", "m.federate": false, predecessor: { room_id: "!old:x" }, type: "m.space" },
    },
  },
  {
    name: "m.room.member (restricted join with a third-party invite block)",
    pdu: event(
      "m.room.member",
      {
        membership: "join",
        displayname: "Alice",
        avatar_url: "mxc://x/y",
        reason: "hi",
        join_authorised_via_users_server: "@admin:other.org",
        third_party_invite: { display_name: "a...@example.com", signed },
      },
      { state_key: "@alice:example.org" },
    ),
    kept: {
      v1: { membership: "join" },
      v6: { membership: "join" },
      // v8.md: members still keep only `membership` (the bug v9 fixes).
      v8: { membership: "join" },
      v9: { membership: "join", join_authorised_via_users_server: "@admin:other.org" },
      // v11: "allows the `signed` key of the `third_party_invite` key".
      v11: { membership: "join", join_authorised_via_users_server: "@admin:other.org", third_party_invite: { signed } },
    },
  },
  {
    name: "m.room.member with a third_party_invite that has no signed key",
    pdu: event("m.room.member", { membership: "invite", third_party_invite: { display_name: "x" } }, { state_key: "@bob:example.org" }),
    kept: { v1: { membership: "invite" }, v6: { membership: "invite" }, v8: { membership: "invite" }, v9: { membership: "invite" }, v11: { membership: "invite" } },
  },
  {
    name: "m.room.join_rules with an allow list",
    pdu: event("m.room.join_rules", { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!space:x" }], extra: 1 }),
    kept: {
      v1: { join_rule: "restricted" },
      v6: { join_rule: "restricted" },
      // v8.md: "m.room.join_rules events now keep allow".
      v8: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!space:x" }] },
      v9: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!space:x" }] },
      v11: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!space:x" }] },
    },
  },
  (() => {
    const eight = { ban: 50, events: { "m.room.name": 50 }, events_default: 0, kick: 50, redact: 50, state_default: 50, users: { "@alice:example.org": 100 }, users_default: 0 };
    return {
      name: "m.room.power_levels (with invite and notifications)",
      pdu: event("m.room.power_levels", { ...eight, invite: 0, notifications: { room: 50 }, historical: 100 }),
      kept: { v1: eight, v6: eight, v8: eight, v9: eight, v11: { ...eight, invite: 0 } },
    };
  })(),
  {
    name: "m.room.history_visibility",
    pdu: event("m.room.history_visibility", { history_visibility: "joined", other: "x" }),
    kept: { v1: { history_visibility: "joined" }, v6: { history_visibility: "joined" }, v8: { history_visibility: "joined" }, v9: { history_visibility: "joined" }, v11: { history_visibility: "joined" } },
  },
  {
    name: "m.room.aliases",
    pdu: event("m.room.aliases", { aliases: ["#a:example.org"], other: "x" }, { state_key: "example.org" }),
    // v6.md: "All significant meaning for m.room.aliases has been removed".
    kept: { v1: { aliases: ["#a:example.org"] }, v6: {}, v8: {}, v9: {}, v11: {} },
  },
  {
    name: "m.room.redaction (redacts top-level and in content)",
    pdu: event("m.room.redaction", { redacts: "$target", reason: "spam" }, { state_key: undefined, redacts: "$target" }),
    // v11: "m.room.redaction allows key redacts" (in content); the top-level key is never protected.
    kept: { v1: {}, v6: {}, v8: {}, v9: {}, v11: { redacts: "$target" } },
  },
  {
    name: "m.room.message",
    pdu: event("m.room.message", { msgtype: "m.text", body: "secret" }, { state_key: undefined }),
    kept: { v1: {}, v6: {}, v8: {}, v9: {}, v11: {} },
  },
  {
    name: "m.room.topic",
    pdu: event("m.room.topic", { topic: "secret" }),
    kept: { v1: {}, v6: {}, v8: {}, v9: {}, v11: {} },
  },
];

const TOP_LEVEL_V1 = ["event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures", "depth", "prev_events", "prev_state", "auth_events", "origin", "origin_server_ts", "membership"];
const TOP_LEVEL_V11 = TOP_LEVEL_V1.filter((key) => !["origin", "membership", "prev_state"].includes(key));

function withoutUndefined(pdu: Pdu): Pdu {
  return JSON.parse(JSON.stringify(pdu)) as Pdu;
}

describe("redactEvent (room version redaction algorithms)", () => {
  it("maps every known room version to the algorithm its page includes", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) expect(getRoomVersion(id).redaction, `room ${id}`).toBe(ALGORITHM_OF_VERSION[id]);
  });

  for (const id of KNOWN_ROOM_VERSION_IDS) {
    const algorithm = ALGORITHM_OF_VERSION[id]!;
    const topLevel = algorithm === "v11" ? TOP_LEVEL_V11 : TOP_LEVEL_V1;
    describe(`room ${id} (${algorithm}-redactions)`, () => {
      it.each(cases)("$name keeps exactly the protected keys", ({ pdu, kept }) => {
        const input = withoutUndefined(pdu);
        const redacted = redactEvent(input, getRoomVersion(id));
        const expected: Record<string, unknown> = {};
        for (const key of topLevel) if (key in input) expected[key] = key === "content" ? kept[algorithm] : input[key];
        expect(redacted).toEqual(expected);
        // Redaction strips everything not listed, `unsigned` and top-level `age_ts` included.
        expect(redacted).not.toHaveProperty("unsigned");
        expect(redacted).not.toHaveProperty("age_ts");
        expect(redacted).not.toHaveProperty("redacts");
        expect(redacted).not.toHaveProperty("not_protected");
      });
    });
  }

  it("v11 drops the top-level origin, membership and prev_state that v1–v9 keep (rooms/v11.md)", () => {
    const pdu = withoutUndefined(cases[0]!.pdu);
    for (const id of ["1", "6", "8", "9", "10"]) {
      expect(redactEvent(pdu, getRoomVersion(id))).toMatchObject({ origin: "example.org", membership: "join", prev_state: [] });
    }
    for (const id of ["11", "12"]) {
      const redacted = redactEvent(pdu, getRoomVersion(id));
      expect(redacted).not.toHaveProperty("origin");
      expect(redacted).not.toHaveProperty("membership");
      expect(redacted).not.toHaveProperty("prev_state");
    }
  });

  it("room 12 redacts exactly like room 11 (v12.md includes the v11-redactions fragment), including a create event without room_id", () => {
    const create: Pdu = {
      type: "m.room.create",
      state_key: "",
      sender: "@alice:example.org",
      content: { room_version: "12", additional_creators: ["@bob:example.org"], "m.federate": true },
      depth: 1,
      prev_events: [],
      auth_events: [],
      origin_server_ts: 1,
      hashes: { sha256: "x" },
      signatures: {},
    };
    const v12 = redactEvent(create, getRoomVersion("12"));
    expect(v12).toEqual(redactEvent(create, getRoomVersion("11")));
    expect(v12.content).toEqual(create.content);
    expect(v12).not.toHaveProperty("room_id");
    for (const { pdu } of cases) expect(redactEvent(withoutUndefined(pdu), getRoomVersion("12"))).toEqual(redactEvent(withoutUndefined(pdu), getRoomVersion("11")));
  });

  it("keeps protected keys only when present, and never adds any", () => {
    const sparse = { type: "m.room.power_levels", content: { ban: 50 }, sender: "@a:b" } as unknown as Pdu;
    expect(redactEvent(sparse, getRoomVersion("11"))).toEqual({ type: "m.room.power_levels", content: { ban: 50 }, sender: "@a:b" });
  });

  it("does not modify its input and is idempotent", () => {
    for (const { pdu } of cases) {
      const input = withoutUndefined(pdu);
      const before = structuredClone(input);
      for (const id of ["1", "6", "8", "9", "11"]) {
        const once = redactEvent(input, getRoomVersion(id));
        expect(redactEvent(once, getRoomVersion(id))).toEqual(once);
      }
      expect(input).toEqual(before);
    }
  });

  it("returns a new content object, so editing the copy leaves the event alone", () => {
    const pdu = withoutUndefined(cases[4]!.pdu);
    const redacted = redactEvent(pdu, getRoomVersion("10"));
    expect(redacted.content).not.toBe(pdu.content);
    delete redacted.content.ban;
    expect(pdu.content.ban).toBe(50);
  });

  it("rejects what it cannot redact with EventFormatError", () => {
    const v10 = getRoomVersion("10");
    const bad: unknown[] = [
      null,
      "event",
      [],
      42,
      { content: {} },
      { type: 5, content: {} },
      { type: "m.room.message" },
      { type: "m.room.message", content: null },
      { type: "m.room.message", content: [] },
      { type: "m.room.message", content: "text" },
    ];
    for (const input of bad) expect(() => redactEvent(input as Pdu, v10), JSON.stringify(input)).toThrow(EventFormatError);
  });

  it("does not treat inherited object properties as event types", () => {
    const pdu = withoutUndefined({ ...cases[8]!.pdu, type: "constructor" });
    expect(redactEvent(pdu, getRoomVersion("11")).content).toEqual({});
  });
});
