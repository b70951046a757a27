// server-server "Auth events selection", per room version.
import { describe, expect, it } from "vitest";
import { ALICE, ALL_VERSIONS, BOB, CHARLIE, DAVE, standardRoom } from "../../test/helpers/auth-room.js";
import type { JsonObject } from "../json/canonical-json.js";
import { getRoomVersion } from "../rooms/room-versions.js";
import { authEventsFor, authTypesFor } from "./auth-events-selection.js";

const CREATE: [string, string] = ["m.room.create", ""];
const POWER_LEVELS: [string, string] = ["m.room.power_levels", ""];
const JOIN_RULES: [string, string] = ["m.room.join_rules", ""];
const memberOf = (user: string): [string, string] => ["m.room.member", user];

const membership = (sender: string, target: string, content: JsonObject) => ({ type: "m.room.member", sender, stateKey: target, content });

describe("authTypesFor", () => {
  it.each(ALL_VERSIONS)("v%s: the create event has no auth events", (v) => {
    expect(authTypesFor({ type: "m.room.create", sender: ALICE, stateKey: "", content: {} }, getRoomVersion(v))).toEqual([]);
  });

  it.each(ALL_VERSIONS)("v%s: a message selects create (before room 12), power levels, the sender's membership", (v) => {
    const version = getRoomVersion(v);
    const expected = version.createEventNotInAuthEvents ? [POWER_LEVELS, memberOf(BOB)] : [CREATE, POWER_LEVELS, memberOf(BOB)];
    expect(authTypesFor({ type: "m.room.message", sender: BOB, content: {} }, version)).toEqual(expected);
  });

  it("v12: the create event is never selected (room 12 rule 3.2)", () => {
    expect(authTypesFor({ type: "m.room.topic", sender: BOB, stateKey: "", content: {} }, getRoomVersion("12"))).not.toContainEqual(CREATE);
    expect(authTypesFor({ type: "m.room.topic", sender: BOB, stateKey: "", content: {} }, getRoomVersion("11"))).toContainEqual(CREATE);
  });

  const v10 = getRoomVersion("10");
  it.each([
    ["join", [JOIN_RULES]],
    ["invite", [JOIN_RULES]],
    ["knock", [JOIN_RULES]],
    ["leave", []],
    ["ban", []],
  ] as const)("membership %s: the target's membership, and the join rules for join/invite/knock", (m, extra) => {
    const types = authTypesFor(membership(BOB, DAVE, { membership: m }), v10);
    expect(new Set(types.map((t) => JSON.stringify(t)))).toEqual(
      new Set([CREATE, POWER_LEVELS, memberOf(BOB), memberOf(DAVE), ...extra].map((t) => JSON.stringify(t))),
    );
  });

  it("a self-targeted membership lists the member event once", () => {
    expect(authTypesFor(membership(DAVE, DAVE, { membership: "join" }), v10).filter(([t]) => t === "m.room.member")).toEqual([memberOf(DAVE)]);
  });

  it("an invite with third_party_invite selects the m.room.third_party_invite of its token", () => {
    const content = { membership: "invite", third_party_invite: { signed: { mxid: DAVE, token: "tok", signatures: {} } } };
    expect(authTypesFor(membership(BOB, DAVE, content), v10)).toContainEqual(["m.room.third_party_invite", "tok"]);
  });

  it("a malformed third_party_invite selects nothing extra (and does not throw)", () => {
    const malformed: JsonObject[string][] = ["x", {}, { signed: [] }, { signed: { token: 5 } }];
    for (const thirdPartyInvite of malformed) {
      const types = authTypesFor(membership(BOB, DAVE, { membership: "invite", third_party_invite: thirdPartyInvite }), v10);
      expect(types.some(([t]) => t === "m.room.third_party_invite")).toBe(false);
    }
  });

  it.each(ALL_VERSIONS)("v%s: a join's join_authorised_via_users_server member event is selected in rooms with restricted joins", (v) => {
    const version = getRoomVersion(v);
    const types = authTypesFor(membership(DAVE, DAVE, { membership: "join", join_authorised_via_users_server: CHARLIE }), version);
    expect(types.some(([t, k]) => t === "m.room.member" && k === CHARLIE)).toBe(version.restrictedJoins);
  });

  it("join_authorised_via_users_server on an invite is not selected", () => {
    const types = authTypesFor(membership(BOB, DAVE, { membership: "invite", join_authorised_via_users_server: CHARLIE }), v10);
    expect(types).not.toContainEqual(memberOf(CHARLIE));
  });
});

describe("authEventsFor", () => {
  it("returns the selected events that exist in the state, in selection order", () => {
    const room = standardRoom("10");
    const events = authEventsFor(membership(DAVE, DAVE, { membership: "join" }), room.authState(), room.version);
    // Dave has no member event yet.
    expect(events.map((e) => [e.type, e.stateKey])).toEqual([CREATE, POWER_LEVELS, JOIN_RULES]);
  });

  it("v12: the create event is in the state but not returned", () => {
    const room = standardRoom("12");
    const events = authEventsFor({ type: "m.room.message", sender: CHARLIE, content: {} }, room.authState(), room.version);
    expect(events.map((e) => [e.type, e.stateKey])).toEqual([POWER_LEVELS, memberOf(CHARLIE)]);
  });
});
