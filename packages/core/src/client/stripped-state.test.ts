import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EVENT_EXAMPLES_DIR, loadEventExamples } from "../../test/spec/event-examples.js";
import { authStateFromEvents } from "../auth/auth-state.js";
import { EventFormatError } from "../errors.js";
import { toRoomEvent, type Pdu } from "../events/pdu.js";
import { getRoomVersion } from "../rooms/room-versions.js";
import { STRIPPED_STATE_TYPES, strippedStateOf, toStrippedStateEvent, type StrippedStateEvent } from "./stripped-state.js";

// Client-server "Stripped state" (event schema StrippedStateEvent) and the
// examples invite_room_state.json / knock_room_state.json.

const readExample = (file: string) => JSON.parse(readFileSync(join(EVENT_EXAMPLES_DIR, file), "utf8")) as StrippedStateEvent[];

describe("toStrippedStateEvent", () => {
  it("keeps exactly type, state_key, sender and content of a client event (the m.room.name example)", () => {
    const [{ event }] = loadEventExamples("m.room.name") as unknown as [{ event: Record<string, unknown> }];
    expect(toStrippedStateEvent(event as never)).toEqual({ type: "m.room.name", state_key: "", sender: event.sender, content: { name: "The room name" } });
  });

  it.each(["invite_room_state.json", "knock_room_state.json"])("leaves the stripped events of %s as they are", (file) => {
    const events = readExample(file);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(toStrippedStateEvent(event)).toEqual(event);
  });

  it("strips a RoomEvent and a PDU alike", () => {
    const pdu = { type: "m.room.topic", state_key: "", sender: "@bob:example.org", room_id: "!r:example.org", content: { topic: "t" }, origin_server_ts: 1, depth: 2, hashes: { sha256: "x" }, signatures: {}, prev_events: [], auth_events: [], unsigned: { age: 3 } } as unknown as Pdu;
    const expected = { type: "m.room.topic", state_key: "", sender: "@bob:example.org", content: { topic: "t" } };
    expect(toStrippedStateEvent(pdu)).toEqual(expected);
    expect(toStrippedStateEvent(toRoomEvent(pdu, "$t", getRoomVersion("10")))).toEqual(expected);
  });

  it("throws EventFormatError for what is not a state event of the schema (servers must prune what they receive)", () => {
    const ok = { type: "m.room.name", state_key: "", sender: "@bob:example.org", content: {} };
    expect(() => toStrippedStateEvent({ ...ok, state_key: undefined })).toThrow(/not a state event/);
    expect(() => toStrippedStateEvent({ ...ok, sender: "bob" })).toThrow(EventFormatError);
    expect(() => toStrippedStateEvent({ ...ok, content: [] as never })).toThrow(EventFormatError);
    expect(() => toStrippedStateEvent({ ...ok, type: 5 as never })).toThrow(EventFormatError);
    expect(() => toStrippedStateEvent(null as never)).toThrow(EventFormatError);
  });
});

describe("STRIPPED_STATE_TYPES and strippedStateOf", () => {
  it("lists the spec's seven types, create first", () => {
    expect(STRIPPED_STATE_TYPES).toEqual([
      "m.room.create",
      "m.room.name",
      "m.room.avatar",
      "m.room.topic",
      "m.room.join_rules",
      "m.room.canonical_alias",
      "m.room.encryption",
    ]);
  });

  it("picks those the room has, in that order, and nothing else", () => {
    const v10 = getRoomVersion("10");
    const base = { sender: "@alice:example.org", room_id: "!r:example.org", origin_server_ts: 1, depth: 1, hashes: { sha256: "x" }, signatures: {}, prev_events: [], auth_events: [] };
    const state = (type: string, stateKey: string, content: Record<string, unknown>, id: string) => toRoomEvent({ ...base, type, state_key: stateKey, content } as unknown as Pdu, id, v10);
    const room = authStateFromEvents([
      state("m.room.join_rules", "", { join_rule: "invite" }, "$1"),
      state("m.room.member", "@alice:example.org", { membership: "join" }, "$2"),
      state("m.room.create", "", { room_version: "10", creator: "@alice:example.org" }, "$3"),
      state("m.room.name", "", { name: "N" }, "$4"),
      state("m.room.power_levels", "", {}, "$5"),
    ]);
    expect(strippedStateOf(room).map((e) => e.type)).toEqual(["m.room.create", "m.room.name", "m.room.join_rules"]);
    expect(strippedStateOf(room)[1]).toEqual({ type: "m.room.name", state_key: "", sender: "@alice:example.org", content: { name: "N" } });
  });
});
