// The rules on an event's cited auth_events: rule 2 (2.1–2.5) in rooms 1–11,
// rule 3 (3.1, 3.2, 3.3, 3.5; the create event is never cited) and rule 2
// (room ID = an accepted create event) in room 12.
import { describe, expect, it } from "vitest";
import { ALICE, ALL_VERSIONS, CHARLIE, DAVE, ruleByVersion, standardRoom, type AuthRoom } from "../../test/helpers/auth-room.js";
import type { RoomEvent } from "../events/pdu.js";
import { authEventsFor } from "./auth-events-selection.js";
import { authStateFromEvents } from "./auth-state.js";
import { authorize } from "./authorize.js";

/** Charlie's message citing `authEvents` (default: what the selection picks from the room's state). */
function message(room: AuthRoom, authEvents?: RoomEvent[]) {
  const fields = { type: "m.room.message", sender: CHARLIE, content: { body: "hi" } };
  const cited = authEvents ?? authEventsFor(fields, room.authState(), room.version);
  return room.event({ ...fields, pdu: { auth_events: cited.map((e) => e.eventId) } });
}

function selected(room: AuthRoom, fields: Parameters<AuthRoom["event"]>[0]) {
  const cited = authEventsFor({ ...fields, content: fields.content ?? {} }, room.authState(), room.version);
  return room.event({ ...fields, pdu: { auth_events: cited.map((e) => e.eventId) } });
}

interface ListCase {
  name: string;
  rule: string;
  allowed: boolean;
  /** Returns the candidate and the IDs the receiving server rejected. */
  build: (room: AuthRoom) => { candidate: RoomEvent; rejected?: string[] };
}

const cases: ListCase[] = [
  {
    name: "the auth events the selection picks pass",
    rule: "1-11:2 12:3",
    allowed: true,
    build: (room) => ({ candidate: message(room) }),
  },
  {
    name: "a join citing the join rules, its own and the target's member event passes",
    rule: "1-11:2 12:3",
    allowed: true,
    build: (room) => ({ candidate: selected(room, { type: "m.room.member", sender: DAVE, stateKey: DAVE, content: { membership: "join" } }) }),
  },
  {
    name: "two auth events with the same (type, state_key) are rejected",
    rule: "1-11:2.1 12:3.1",
    allowed: false,
    build: (room) => {
      const oldJoin = room.get("m.room.member", CHARLIE)!;
      room.member(CHARLIE, "join", CHARLIE, { displayname: "C" });
      return { candidate: message(room, [...authEventsFor({ type: "m.room.message", sender: CHARLIE, content: {} }, room.authState(), room.version), oldJoin]) };
    },
  },
  {
    name: "an auth event the selection does not pick (join rules for a message) is rejected",
    rule: "1-11:2.2 12:3.2",
    allowed: false,
    build: (room) => ({ candidate: message(room, [...authEventsFor({ type: "m.room.message", sender: CHARLIE, content: {} }, room.authState(), room.version), room.get("m.room.join_rules")!]) }),
  },
  {
    name: "join rules are not selected for a leave",
    rule: "1-11:2.2 12:3.2",
    allowed: false,
    build: (room) => {
      const fields = { type: "m.room.member", sender: CHARLIE, stateKey: CHARLIE, content: { membership: "leave" } };
      const cited = [...authEventsFor(fields, room.authState(), room.version), room.get("m.room.join_rules")!];
      return { candidate: room.event({ ...fields, pdu: { auth_events: cited.map((e) => e.eventId) } }) };
    },
  },
  {
    name: "room 12: citing the create event is rejected (it must not be selected)",
    rule: "12:3.2",
    allowed: false,
    build: (room) => ({ candidate: message(room, [room.get("m.room.create")!, ...authEventsFor({ type: "m.room.message", sender: CHARLIE, content: {} }, room.authState(), room.version)]) }),
  },
  {
    name: "an auth event the server rejected is rejected",
    rule: "1-11:2.3 12:3.3",
    allowed: false,
    build: (room) => ({ candidate: message(room), rejected: [room.get("m.room.power_levels")!.eventId] }),
  },
  {
    name: "rejected events that are not cited do not matter",
    rule: "1-11:2 12:3",
    allowed: true,
    build: (room) => ({ candidate: message(room), rejected: ["$elsewhere:example.com"] }),
  },
  {
    name: "auth events without the create event are rejected",
    rule: "1-11:2.4",
    allowed: false,
    build: (room) => ({ candidate: message(room, [room.get("m.room.power_levels")!, room.get("m.room.member", CHARLIE)!]) }),
  },
  {
    name: "an auth event from another room is rejected",
    rule: "1-11:2.5 12:3.5",
    allowed: false,
    build: (room) => {
      const foreign = room.event({
        type: "m.room.power_levels",
        sender: ALICE,
        stateKey: "",
        roomId: "!other:example.com",
        content: { users: { [CHARLIE]: 100 } },
      });
      room.byId.set(foreign.eventId, foreign);
      const own = authEventsFor({ type: "m.room.message", sender: CHARLIE, content: {} }, room.authState(), room.version);
      return { candidate: message(room, [...own.filter((e) => e.type !== "m.room.power_levels"), foreign]) };
    },
  },
  {
    name: "room 12: a room whose create event was rejected is rejected",
    rule: "12:2",
    allowed: false,
    build: (room) => ({ candidate: message(room), rejected: [room.get("m.room.create")!.eventId] }),
  },
];

describe("rules on the auth_events list (checkAuthEventsList)", () => {
  const rows = cases.flatMap((c) => [...ruleByVersion(c.rule)].map(([v, rule]) => [`v${v} rule ${rule}: ${c.name}`, v, rule, c] as const));
  it.each(rows)("%s", (_name, versionId, rule, c) => {
    const room = standardRoom(versionId);
    const { candidate, rejected = [] } = c.build(room);
    expect(room.checkAuthEvents(candidate, rejected)).toEqual(c.allowed ? { allowed: true } : { allowed: false, rule, reason: expect.any(String) as string });
  });

  it("v12 rule 2: a room ID that is not `!` + a create event ID is rejected", () => {
    const room = standardRoom("12");
    const candidate = room.event({ type: "m.room.message", sender: CHARLIE, roomId: "#not-a-room" });
    expect(room.checkAuthEvents(candidate)).toMatchObject({ allowed: false, rule: "2" });
  });
});

describe("authorize needs the create event in its state", () => {
  it.each(ALL_VERSIONS.filter((v) => v !== "12"))("v%s rule 2.4: without a create event in the state, reject", (versionId) => {
    const room = standardRoom(versionId);
    const state = authStateFromEvents([room.get("m.room.member", CHARLIE)!, room.get("m.room.power_levels")!]);
    expect(authorize(message(room), state, room.version)).toMatchObject({ allowed: false, rule: "2.4" });
  });

  it("v12 rule 2: the create event is read from the state although it is never cited", () => {
    const room = standardRoom("12");
    const candidate = message(room);
    expect(candidate.authEventIds).not.toContain(room.get("m.room.create")!.eventId);
    expect(room.authorize(candidate)).toEqual({ allowed: true });
    const withoutCreate = authStateFromEvents([room.get("m.room.member", CHARLIE)!, room.get("m.room.power_levels")!]);
    expect(authorize(candidate, withoutCreate, room.version)).toMatchObject({ allowed: false, rule: "2" });
  });

  it("v12 rule 2: a create event whose ID is not the room ID is rejected", () => {
    const room = standardRoom("12");
    const other = standardRoom("12");
    const mixed = authStateFromEvents([other.get("m.room.create")!, room.get("m.room.member", CHARLIE)!]);
    expect(authorize(message(room), mixed, room.version)).toMatchObject({ allowed: false, rule: "2" });
  });
});
