import { describe, expect, it } from "vitest";
import { stateKeyOf } from "../events/pdu.js";
import type { RoomEvent } from "../events/pdu.js";
import { getRoomVersion } from "../rooms/room-versions.js";
import { countingStore, rawEvent } from "../../test/helpers/raw-events.js";
import { collectAuthChains } from "./auth-chain.js";
import { authDifference } from "./auth-difference.js";
import { BinaryHeap } from "./binary-heap.js";
import { conflictedStateSubgraph } from "./conflicted-subgraph.js";
import { EventLoader } from "./event-loader.js";
import { mainlineOf, mainlineOrdering, mainlinePositions } from "./mainline-ordering.js";
import { isPowerEvent } from "./power-events.js";
import { reverseTopologicalPowerOrdering, sortedPowerEventsOf } from "./power-ordering.js";
import { sortByDepthThenHash } from "./resolve-v1.js";
import { conflictedEventIds, splitConflictedState } from "./split-state.js";

const v10 = getRoomVersion("10");
const ALICE = "@alice:example.com";
const BOB = "@bob:example.com";
const CHARLIE = "@charlie:example.com";
const ids = (...names: string[]) => names.map((name) => `$${name}`);
const loaderOf = (events: RoomEvent[]) => new EventLoader(countingStore(events));

describe("splitConflictedState (spec v2 'Unconflicted state map and conflicted state set')", () => {
  it("puts a key in the unconflicted map only when every set has the same event", () => {
    const a = new Map([
      [stateKeyOf("m.room.create", ""), "$C"],
      [stateKeyOf("m.room.topic", ""), "$T1"],
      [stateKeyOf("m.room.name", ""), "$N"],
    ]);
    const b = new Map([
      [stateKeyOf("m.room.create", ""), "$C"],
      [stateKeyOf("m.room.topic", ""), "$T2"],
    ]);
    const c = new Map([
      [stateKeyOf("m.room.create", ""), "$C"],
      [stateKeyOf("m.room.topic", ""), "$T1"],
    ]);
    const { unconflicted, conflicted } = splitConflictedState([a, b, c]);
    expect([...unconflicted]).toEqual([[stateKeyOf("m.room.create", ""), "$C"]]);
    // A key missing from one set is conflicted even though the others agree.
    expect(conflicted.get(stateKeyOf("m.room.name", ""))).toEqual(["$N"]);
    expect(conflicted.get(stateKeyOf("m.room.topic", ""))).toEqual(["$T1", "$T2"]);
    expect([...conflictedEventIds(conflicted)].sort()).toEqual(["$N", "$T1", "$T2"]);
  });

  it("has nothing conflicted for a single set or identical sets", () => {
    const a = new Map([[stateKeyOf("m.room.create", ""), "$C"]]);
    expect(splitConflictedState([a]).conflicted.size).toBe(0);
    expect(splitConflictedState([a, new Map(a)]).conflicted.size).toBe(0);
    expect(splitConflictedState([]).unconflicted.size).toBe(0);
  });
});

describe("BinaryHeap", () => {
  it("pops in ascending order", () => {
    const heap = new BinaryHeap<number>((a, b) => a - b);
    const values = [5, 3, 9, 1, 1, 7, 0, 12, 4, 8, 2, 6];
    for (const value of values) heap.push(value);
    const out: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
    expect(out).toEqual([...values].sort((a, b) => a - b));
    expect(heap.size).toBe(0);
  });
});

// A small auth DAG: C ← M ← P ← {A, B}; B ← B2; X (no auth events).
const chainEvents = [
  rawEvent("C", { type: "m.room.create", stateKey: "", content: { creator: ALICE } }),
  rawEvent("M", { type: "m.room.member", stateKey: ALICE, content: { membership: "join" }, auth: ["C"] }),
  rawEvent("P", { type: "m.room.power_levels", stateKey: "", auth: ["C", "M"] }),
  rawEvent("A", { type: "m.room.topic", stateKey: "", auth: ["C", "M", "P"] }),
  rawEvent("B", { type: "m.room.name", stateKey: "", auth: ["C", "M", "P"] }),
  rawEvent("B2", { type: "m.room.name", stateKey: "", auth: ["C", "M", "P", "B"] }),
];

describe("collectAuthChains (spec v2 'Auth chain')", () => {
  it("returns the events reachable through auth_events, not the start events themselves", async () => {
    const chain = await collectAuthChains(loaderOf(chainEvents), ["$A", "$B"]);
    expect([...chain].sort()).toEqual(ids("C", "M", "P"));
  });

  it("includes a start event that another start event's chain reaches", async () => {
    const chain = await collectAuthChains(loaderOf(chainEvents), ["$B2", "$B"]);
    expect([...chain].sort()).toEqual(ids("B", "C", "M", "P"));
  });

  it("fetches one level of the graph per store call", async () => {
    const store = countingStore(chainEvents);
    await collectAuthChains(new EventLoader(store), ["$B2"]);
    // B2; then B, C, M, P (all auth events of B2); then nothing new.
    expect(store.calls).toBe(2);
    expect(store.asked).toBe(5);
  });

  it("ends in a MISSING_EVENT error when the store lacks an event", async () => {
    await expect(collectAuthChains(loaderOf(chainEvents.slice(1)), ["$A"])).rejects.toMatchObject({ code: "MISSING_EVENT" });
  });
});

describe("authDifference (spec v2 'Auth difference')", () => {
  it("is the union of the full auth chains minus their intersection", async () => {
    // S1 = {topic A, name B2}; S2 = {topic A, name B}. C1 = {C, M, P, B}, C2 = {C, M, P}.
    const s1 = new Map([
      [stateKeyOf("m.room.topic", ""), "$A"],
      [stateKeyOf("m.room.name", ""), "$B2"],
    ]);
    const s2 = new Map([
      [stateKeyOf("m.room.topic", ""), "$A"],
      [stateKeyOf("m.room.name", ""), "$B"],
    ]);
    const { unconflicted } = splitConflictedState([s1, s2]);
    const difference = await authDifference(loaderOf(chainEvents), [s1, s2], unconflicted, false);
    expect([...difference]).toEqual(["$B"]);
    // Counting each set's own events as part of its chain: C1 = {A, B2, B, C, M, P}, C2 = {A, B, C, M, P}.
    const withStateEvents = await authDifference(loaderOf(chainEvents), [s1, s2], unconflicted, true);
    expect([...withStateEvents]).toEqual(["$B2"]);
  });
});

describe("conflictedStateSubgraph (room v12, spec v2 'Conflicted state subgraph')", () => {
  it("holds every event on an auth path between two conflicted events, endpoints included", async () => {
    // K1 → Y → Z → K2 is a path between conflicted K1 and K2; W is above K2 only; V is below K1 only.
    const events = [
      rawEvent("W", { type: "m.room.create", stateKey: "" }),
      rawEvent("K2", { type: "m.room.member", stateKey: BOB, auth: ["W"] }),
      rawEvent("Z", { type: "m.room.power_levels", stateKey: "", auth: ["K2", "W"] }),
      rawEvent("Y", { type: "m.room.join_rules", stateKey: "", auth: ["Z"] }),
      rawEvent("K1", { type: "m.room.member", stateKey: BOB, auth: ["Y", "W"] }),
      rawEvent("V", { type: "m.room.topic", stateKey: "", auth: ["K1"] }),
      rawEvent("K3", { type: "m.room.name", stateKey: "", auth: ["W"] }),
    ];
    const subgraph = await conflictedStateSubgraph(loaderOf(events), new Set(ids("K1", "K2", "K3")));
    expect([...subgraph].sort()).toEqual(ids("K1", "K2", "K3", "Y", "Z"));
  });
});

describe("isPowerEvent (spec v2 'Power events')", () => {
  it("is power levels, join rules, kicks and bans", () => {
    const member = (sender: string, membership: string) =>
      rawEvent("E", { type: "m.room.member", sender, stateKey: BOB, content: { membership } });
    expect(isPowerEvent(rawEvent("E", { type: "m.room.power_levels", stateKey: "" }))).toBe(true);
    expect(isPowerEvent(rawEvent("E", { type: "m.room.join_rules", stateKey: "" }))).toBe(true);
    expect(isPowerEvent(member(ALICE, "leave"))).toBe(true);
    expect(isPowerEvent(member(ALICE, "ban"))).toBe(true);
    expect(isPowerEvent(member(BOB, "leave"))).toBe(false);
    expect(isPowerEvent(member(ALICE, "invite"))).toBe(false);
    expect(isPowerEvent(rawEvent("E", { type: "m.room.topic", stateKey: "" }))).toBe(false);
    expect(isPowerEvent(rawEvent("E", { type: "m.room.power_levels" }))).toBe(false);
  });
});

// Power levels P0: alice 100, bob 50, charlie 0 (users_default).
const powerEvents = [
  rawEvent("C", { type: "m.room.create", stateKey: "", content: { creator: ALICE, room_version: "10" } }),
  rawEvent("P0", { type: "m.room.power_levels", stateKey: "", content: { users: { [ALICE]: 100, [BOB]: 50 } }, auth: ["C"] }),
  rawEvent("A1", { type: "m.room.power_levels", stateKey: "", content: { users: { [ALICE]: 100, [BOB]: 50 } }, auth: ["C", "P0"], ts: 10 }),
  rawEvent("A2", { type: "m.room.join_rules", stateKey: "", auth: ["C", "A1"], ts: 2 }),
  rawEvent("B1", { type: "m.room.join_rules", sender: BOB, stateKey: "", auth: ["C", "P0"], ts: 5 }),
  rawEvent("B2", { type: "m.room.power_levels", sender: BOB, stateKey: "", auth: ["C", "P0"], ts: 5 }),
  rawEvent("Ch1", { type: "m.room.join_rules", sender: CHARLIE, stateKey: "", auth: ["C", "P0"], ts: 1 }),
  rawEvent("D", { type: "m.room.join_rules", stateKey: "", auth: ["C", "P0", "Ch1"], ts: 0 }),
  rawEvent("X", { type: "m.room.member", stateKey: ALICE, content: { membership: "join" }, auth: ["C", "P0", "Ch1"], ts: 0 }),
  rawEvent("E", { type: "m.room.join_rules", stateKey: "", auth: ["C", "P0", "X"], ts: 0 }),
];

describe("reverseTopologicalPowerOrdering (spec v2 'Reverse topological power ordering')", () => {
  it("takes higher sender power first, then older, then smaller ID, never before an auth ancestor", async () => {
    const order = await reverseTopologicalPowerOrdering(loaderOf(powerEvents), v10, new Set(ids("E", "D", "Ch1", "B2", "B1", "A2", "A1")));
    // A1 (100); A2 (100, its PL is A1) is then free; B1 and B2 (50, same ts, ID order); Ch1 (0);
    // D and E (100, ts 0) only after Ch1: D cites it, E reaches it through X, which is not in the set.
    expect(order).toEqual(ids("A1", "A2", "B1", "B2", "Ch1", "D", "E"));
  });

  it("reads the sender's level from the event's own auth events", async () => {
    // Under P0 bob has 50; under a PL event giving bob 100 he outranks alice's older event.
    const events = [
      ...powerEvents,
      rawEvent("PB", { type: "m.room.power_levels", stateKey: "", content: { users: { [ALICE]: 100, [BOB]: 100 } }, auth: ["C"] }),
      rawEvent("B3", { type: "m.room.join_rules", sender: BOB, stateKey: "", auth: ["C", "PB"], ts: 50 }),
    ];
    const order = await reverseTopologicalPowerOrdering(loaderOf(events), v10, new Set(ids("B1", "B3", "Ch1")));
    expect(order).toEqual(ids("B3", "B1", "Ch1"));
  });

  it("gives room-12 creators infinite power", async () => {
    const v12 = getRoomVersion("12");
    const events = [
      // Room ID !room:example.com names create event $room:example.com.
      rawEvent("room:example.com", { type: "m.room.create", sender: CHARLIE, stateKey: "", content: { room_version: "12" } }, v12),
      rawEvent("Q", { type: "m.room.power_levels", stateKey: "", content: { users: { [ALICE]: 100 } } }, v12),
      rawEvent("F1", { type: "m.room.join_rules", sender: ALICE, stateKey: "", auth: ["Q"], ts: 1 }, v12),
      rawEvent("F2", { type: "m.room.join_rules", sender: CHARLIE, stateKey: "", auth: ["Q"], ts: 2 }, v12),
    ];
    const order = await reverseTopologicalPowerOrdering(loaderOf(events), v12, new Set(ids("F1", "F2")));
    expect(order).toEqual(ids("F2", "F1"));
  });

  it("selects power events of the full conflicted set with their chains' members of that set", async () => {
    // D is a power event; its chain holds Ch1 (in the set) and P0 (not in the set); T is not a power event.
    const events = [...powerEvents, rawEvent("T", { type: "m.room.topic", stateKey: "", auth: ["C", "P0"] })];
    const sorted = await sortedPowerEventsOf(loaderOf(events), v10, new Set(ids("D", "Ch1", "T")));
    expect(sorted).toEqual(ids("Ch1", "D"));
  });

  it("reports an auth cycle as an error instead of hanging", async () => {
    const events = [
      rawEvent("L1", { type: "m.room.join_rules", stateKey: "", auth: ["L2"] }),
      rawEvent("L2", { type: "m.room.join_rules", stateKey: "", auth: ["L1"] }),
    ];
    await expect(reverseTopologicalPowerOrdering(loaderOf(events), v10, new Set(ids("L1", "L2")))).rejects.toMatchObject({ code: "INVALID_EVENT" });
  });
});

describe("mainline ordering (spec v2 'Mainline ordering')", () => {
  const pl = (name: string, auth: string[], ts = 0) => rawEvent(name, { type: "m.room.power_levels", stateKey: "", auth, ts });
  const topic = (name: string, auth: string[], ts: number) => rawEvent(name, { type: "m.room.topic", stateKey: "", auth, ts });
  const events = [
    rawEvent("C", { type: "m.room.create", stateKey: "" }),
    pl("P0", ["C"]),
    pl("P1", ["C", "P0"], 4),
    pl("P2", ["C", "P1"]),
    pl("Q1", ["C", "P0"]),
    pl("Q2", ["C", "Q1"]),
    topic("T1", ["C", "P2"], 5),
    topic("T2", ["C", "P1"], 9),
    topic("T3", ["C", "Q2"], 1),
    topic("T4", ["C"], 3),
    topic("T5", ["C", "P0"], 7),
  ];

  it("follows power-levels auth events to build the mainline", async () => {
    expect(await mainlineOf(loaderOf(events), "$P2")).toEqual(ids("P2", "P1", "P0"));
  });

  it("places each event at its first power-levels ancestor on the mainline", async () => {
    const positions = await mainlinePositions(loaderOf(events), ids("P2", "P1", "P0"), ids("T1", "T2", "T3", "T4", "T5", "P1", "Q2"));
    expect(Object.fromEntries(positions)).toEqual({
      $T1: 0,
      $T2: 1,
      $T3: 2, // T3 → Q2 → Q1 → P0
      $T4: Infinity, // no power-levels auth event at all
      $T5: 2,
      $P1: 2, // e₀ itself is not counted: P1's e₁ is P0
      $Q2: 2,
    });
  });

  it("sorts greater positions first, then by origin_server_ts, then by event ID", async () => {
    const order = await mainlineOrdering(loaderOf(events), "$P2", ids("T1", "T2", "T3", "T4", "T5", "P1"));
    expect(order).toEqual(ids("T4", "T3", "P1", "T5", "T2", "T1"));
  });

  it("orders by the tie-breaks alone when there is no power-levels event", async () => {
    const order = await mainlineOrdering(loaderOf(events), undefined, ids("T1", "T2", "T3"));
    expect(order).toEqual(ids("T3", "T1", "T2"));
  });
});

describe("sortByDepthThenHash (spec room 1 'State resolution': ascending depth, then descending sha1(event_id))", () => {
  it("orders by depth, then by the SHA-1 of the event ID, largest first", () => {
    // sha1 hex: $a…c06e…, $b…0b3f…, $c…6438…, $d…f38a… (computed with Python's hashlib).
    const at = (name: string, depth: number) => rawEvent(`${name}:example.com`, { type: "m.room.topic", stateKey: "", depth });
    const order = sortByDepthThenHash([at("a", 2), at("b", 1), at("c", 2), at("d", 2), at("b2", 3)]);
    expect(order.map((event) => event.eventId)).toEqual(["$b:example.com", "$d:example.com", "$a:example.com", "$c:example.com", "$b2:example.com"]);
  });
});
