// Malformed content, in the candidate or in the state, must end in a verdict
// (a rejection where a rule applies), never an exception.
import { describe, expect, it } from "vitest";
import { ALICE, ALL_VERSIONS, BOB, CHARLIE, DAVE, setPowerLevels, standardRoom } from "../../test/helpers/auth-room.js";
import type { JsonObject } from "../json/canonical-json.js";

const candidates: Array<[string, string, string | undefined, JsonObject]> = [
  ["m.room.power_levels", ALICE, "", { users: null }],
  ["m.room.power_levels", ALICE, "", { users: { [BOB]: { level: 5 } } }],
  ["m.room.power_levels", ALICE, "", { events: "x", notifications: [1], ban: {}, kick: null, users_default: [] }],
  ["m.room.power_levels", ALICE, "", JSON.parse('{"users": {"__proto__": 5}, "events": {"constructor": 1}}') as JsonObject],
  ["m.room.member", DAVE, DAVE, { membership: 5 }],
  ["m.room.member", DAVE, DAVE, { membership: "join", join_authorised_via_users_server: {} }],
  ["m.room.member", BOB, DAVE, { membership: "invite", third_party_invite: null }],
  ["m.room.member", BOB, DAVE, { membership: "invite", third_party_invite: { signed: { mxid: DAVE, token: "t", signatures: "x" } } }],
  ["m.room.member", BOB, DAVE, { membership: "invite", third_party_invite: { signed: { mxid: DAVE, token: "t", signatures: { a: { "ed25519:0": 5 } } } } }],
  ["m.room.redaction", CHARLIE, undefined, { redacts: 5 }],
  ["m.room.create", ALICE, "", { room_version: {}, additional_creators: null, creator: 5 }],
  ["m.room.message", CHARLIE, undefined, JSON.parse('{"__proto__": {"membership": "join"}}') as JsonObject],
];

describe.each(ALL_VERSIONS)("room %s: malformed content gives a verdict, not an exception", (versionId) => {
  it.each(candidates)("candidate %s from %s (state_key %j): %j", (type, sender, stateKey, content) => {
    const room = standardRoom(versionId);
    room.addEvent({ type: "m.room.third_party_invite", sender: BOB, stateKey: "t", content: { public_key: 5, public_keys: "x" } });
    const candidate = room.event({ type, sender, ...(stateKey === undefined ? {} : { stateKey }), content });
    const verdict = room.authorize(candidate);
    expect(typeof verdict.allowed).toBe("boolean");
  });

  it("a state of malformed events gives verdicts", () => {
    const room = standardRoom(versionId, { createContent: { "m.federate": "false", additional_creators: "x" } });
    setPowerLevels(room, { [CHARLIE]: "lots" }, { ban: [], events: null, notifications: "x", users_default: {} });
    room.addEvent({ type: "m.room.join_rules", sender: ALICE, stateKey: "", content: { join_rule: 5 } });
    room.member(DAVE, "join", DAVE, { membership: {} });
    for (const candidate of [
      room.event({ type: "m.room.message", sender: CHARLIE }),
      room.event({ type: "m.room.member", sender: DAVE, stateKey: DAVE, content: { membership: "join" } }),
      room.event({ type: "m.room.member", sender: BOB, stateKey: CHARLIE, content: { membership: "ban" } }),
      room.event({ type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: {} } }),
    ]) {
      expect(typeof room.authorize(candidate).allowed).toBe("boolean");
    }
  });
});

describe("values that are not levels count as absent (rooms 1–9 have no rule against them outside users)", () => {
  it("v9: a garbage ban level reads as the default 50", () => {
    const room = standardRoom("9");
    setPowerLevels(room, {}, { ban: "lots" });
    // Bob (50) meets the default ban level 50.
    expect(room.authorize(room.event({ type: "m.room.member", sender: BOB, stateKey: CHARLIE, content: { membership: "ban" } }))).toEqual({ allowed: true });
  });

  it("v9: replacing a level above the sender's with garbage is checked as removing it (rule 9.3.1)", () => {
    const room = standardRoom("9");
    setPowerLevels(room, {}, { ban: 75 });
    const content = { ...room.get("m.room.power_levels")!.content, ban: "lots" };
    expect(room.authorize(room.event({ type: "m.room.power_levels", sender: BOB, stateKey: "", content }))).toMatchObject({ allowed: false, rule: "9.3.1" });
  });
});
