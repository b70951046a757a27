// Forked rooms resolved end to end, each outcome worked out by hand from
// the spec's algorithm (spec "Room version 2" → "State resolution"; room 1's
// for v1; room 12's changes for v2.1).
import { describe, expect, it } from "vitest";
import { stateKeyOf } from "../events/pdu.js";
import type { JsonObject } from "../json/canonical-json.js";
import { ALICE, BOB, CHARLIE, DAVE, RoomDag } from "../../test/helpers/room-dag.js";
import { countingStore } from "../../test/helpers/raw-events.js";
import { resolveState } from "./resolve.js";
import { resolveStateV2WithTrace } from "./resolve-v2.js";

const TOPIC = stateKeyOf("m.room.topic", "");
const POWER = stateKeyOf("m.room.power_levels", "");
const JOIN_RULES = stateKeyOf("m.room.join_rules", "");
const member = (userId: string) => stateKeyOf("m.room.member", userId);
const join = (userId: string) => ({ type: "m.room.member", sender: userId, stateKey: userId, content: { membership: "join" } });
const topic = (sender: string, text: string) => ({ type: "m.room.topic", sender, stateKey: "", content: { topic: text } });

/** Resolves the states after the named fork tips with the room version's algorithm. */
async function resolveTips(dag: RoomDag, ...tips: string[]) {
  const resolved = await resolveState(dag.roomVersion, tips.map((tip) => dag.state(tip)), dag.store());
  return (key: string) => {
    const id = resolved.get(key);
    return id === undefined ? undefined : id.slice(1).split(":")[0];
  };
}

describe("concurrent power-level changes (spec v2: power events sorted by sender level)", () => {
  it("checks the lower-powered change against the higher-powered one, which wins", async () => {
    const dag = new RoomDag("10");
    dag.start({ users: { [BOB]: 50 }, members: [BOB] });
    // Alice demotes Bob; concurrently Bob (50) promotes Charlie to 50.
    dag.add("PA", { type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: { [ALICE]: 100 } }, prev: ["IMB"] });
    dag.add("PB", { type: "m.room.power_levels", sender: BOB, stateKey: "", content: { users: { [ALICE]: 100, [BOB]: 50, [CHARLIE]: 50 } }, prev: ["IMB"] });
    const { state, trace } = await resolveStateV2WithTrace(dag.roomVersion, [dag.state("PB"), dag.state("PA")], dag.store(), { v21: false });
    // Alice (100) sorts before Bob (50); Bob's change is then checked with Bob at 0 and rejected.
    expect(trace.sortedPowerEvents).toEqual([dag.id("PA"), dag.id("PB")]);
    expect(trace.iterativeAuthChecks[0]!.rejected).toEqual([dag.id("PB")]);
    expect(state.get(POWER)).toBe(dag.id("PA"));
  });

  it("applies equal-powered changes in origin_server_ts order, so the later one wins", async () => {
    const dag = new RoomDag("10");
    dag.start({ members: [BOB] });
    dag.add("P_LATE", { type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: { [ALICE]: 100 }, ban: 60 }, prev: ["IMB"], ts: 2_000_000_000_000 });
    dag.add("P_EARLY", { type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: { [ALICE]: 100 }, ban: 70 }, prev: ["IMB"], ts: 1_900_000_000_000 });
    const get = await resolveTips(dag, "P_EARLY", "P_LATE");
    expect(get(POWER)).toBe("P_LATE");
  });
});

describe("a ban racing a join (spec v2: the ban is a power event, applied first)", () => {
  it("keeps the ban and rejects the join", async () => {
    const dag = new RoomDag("10");
    dag.start({ members: [BOB] });
    dag.add("BAN", { type: "m.room.member", sender: ALICE, stateKey: DAVE, content: { membership: "ban" }, prev: ["IMB"] });
    dag.add("JD", { ...join(DAVE), prev: ["IMB"] });
    const get = await resolveTips(dag, "JD", "BAN");
    expect(get(member(DAVE))).toBe("BAN");
  });
});

describe("topic wars (spec v2: mainline ordering of the other events)", () => {
  it("with the same mainline position, the later origin_server_ts is applied last and wins", async () => {
    const dag = new RoomDag("10");
    dag.start({ users: { [BOB]: 50 }, members: [BOB] });
    dag.add("TA", { ...topic(ALICE, "alice's"), prev: ["IMB"], ts: 1_700_000_000_100 });
    dag.add("TB", { ...topic(BOB, "bob's"), prev: ["IMB"], ts: 1_700_000_000_050 });
    expect((await resolveTips(dag, "TA", "TB"))(TOPIC)).toBe("TA");
  });

  it("an event based on an older power-levels event is applied first, whatever its timestamp", async () => {
    const dag = new RoomDag("10");
    dag.start({ users: { [BOB]: 50 }, members: [BOB] });
    dag.add("PA2", { type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: { [ALICE]: 100, [BOB]: 50 }, kick: 60 }, prev: ["IMB"] });
    dag.add("TA", { ...topic(ALICE, "alice's"), prev: ["PA2"], ts: 1_700_000_000_000 });
    dag.add("TB", { ...topic(BOB, "bob's"), prev: ["IMB"], ts: 1_800_000_000_000 });
    const { state, trace } = await resolveStateV2WithTrace(dag.roomVersion, [dag.state("TA"), dag.state("TB")], dag.store(), { v21: false });
    // Mainline of PA2 is [PA2, IPOWER]: TB cites IPOWER (position 1), TA cites PA2 (position 0).
    expect(trace.mainlinePowerLevelsEvent).toBe(dag.id("PA2"));
    expect(trace.mainlineSortedOtherEvents).toEqual([dag.id("TB"), dag.id("TA")]);
    expect(state.get(TOPIC)).toBe(dag.id("TA"));
  });
});

describe("a join-rule change racing a join (spec v2: join rules are power events)", () => {
  it("closes the room before the join is checked, so the join is rejected", async () => {
    const dag = new RoomDag("10");
    dag.start({ members: [BOB] });
    dag.add("JRI", { type: "m.room.join_rules", sender: ALICE, stateKey: "", content: { join_rule: "invite" }, prev: ["IMB"] });
    dag.add("JD", { ...join(DAVE), prev: ["IMB"] });
    const get = await resolveTips(dag, "JD", "JRI");
    expect(get(JOIN_RULES)).toBe("JRI");
    expect(get(member(DAVE))).toBeUndefined();
  });
});

describe("a kick racing a topic change (spec v2: the kick is a power event)", () => {
  it("rejects the kicked user's topic and keeps the old one", async () => {
    const dag = new RoomDag("10");
    dag.start({ users: { [BOB]: 50 }, members: [BOB] });
    dag.add("T0", topic(ALICE, "old"));
    dag.add("KICK", { type: "m.room.member", sender: ALICE, stateKey: BOB, content: { membership: "leave" }, prev: ["T0"] });
    dag.add("TB", { ...topic(BOB, "new"), prev: ["T0"] });
    const get = await resolveTips(dag, "TB", "KICK");
    expect(get(member(BOB))).toBe("KICK");
    expect(get(TOPIC)).toBe("T0");
  });
});

describe("v1 vs v2 (spec room 1 'State resolution' vs room 2)", () => {
  // Fork A is longer (its topic is deeper) but older; fork B's topic is newer.
  function topicFork(version: string): RoomDag {
    const dag = new RoomDag(version);
    dag.start({ users: { [BOB]: 50 }, members: [BOB] });
    dag.add("M1", { type: "m.room.message", sender: ALICE, content: { body: "1" }, prev: ["IMB"], ts: 1_700_000_000_001 });
    dag.add("M2", { type: "m.room.message", sender: ALICE, content: { body: "2" }, ts: 1_700_000_000_002 });
    dag.add("TA", { ...topic(ALICE, "deep"), ts: 1_700_000_000_003 });
    dag.add("TB", { ...topic(BOB, "new"), prev: ["IMB"], ts: 1_800_000_000_000 });
    return dag;
  }

  it("v1 takes the deepest event", async () => {
    const dag = topicFork("1");
    expect(dag.event("TA").depth).toBeGreaterThan(dag.event("TB").depth);
    expect((await resolveTips(dag, "TA", "TB"))(TOPIC)).toBe("TA");
  });

  it("v2 takes the last in mainline order, here the newer one", async () => {
    expect((await resolveTips(topicFork("2"), "TA", "TB"))(TOPIC)).toBe("TB");
  });

  it("v1 resolves membership conflicts with the auth rules: a ban beats a join either way round", async () => {
    for (const banFirst of [true, false]) {
      const dag = new RoomDag("1");
      dag.start({ members: [BOB] });
      // The shallower of the two is added to R first, the other checked against it.
      if (banFirst) {
        dag.add("BAN", { type: "m.room.member", sender: ALICE, stateKey: DAVE, content: { membership: "ban" }, prev: ["IMB"] });
        dag.add("M", { type: "m.room.message", sender: BOB, content: {}, prev: ["IMB"] });
        dag.add("JD", { ...join(DAVE), prev: ["M"] });
      } else {
        dag.add("JD", { ...join(DAVE), prev: ["IMB"] });
        dag.add("M", { type: "m.room.message", sender: BOB, content: {}, prev: ["IMB"] });
        dag.add("BAN", { type: "m.room.member", sender: ALICE, stateKey: DAVE, content: { membership: "ban" }, prev: ["M"] });
      }
      expect((await resolveTips(dag, "JD", "BAN"))(member(DAVE))).toBe("BAN");
    }
  });

  it("v1 power levels: the shallower goes in first, a deeper one by a demoted user is refused", async () => {
    const dag = new RoomDag("1");
    dag.start({ users: { [BOB]: 50 }, members: [BOB] });
    dag.add("PA", { type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: { [ALICE]: 100 } }, prev: ["IMB"] });
    dag.add("M", { type: "m.room.message", sender: BOB, content: {}, prev: ["IMB"] });
    dag.add("PB", { type: "m.room.power_levels", sender: BOB, stateKey: "", content: { users: { [ALICE]: 100, [BOB]: 50 }, ban: 40 } });
    expect((await resolveTips(dag, "PB", "PA"))(POWER)).toBe("PA");
  });

  it("v1 other events: a key none of whose events passes in R is left out (our reading)", async () => {
    const dag = new RoomDag("1");
    dag.start({ users: { [BOB]: 50 }, members: [BOB] });
    dag.add("TB1", { ...topic(BOB, "one"), prev: ["IMB"] });
    dag.add("TB2", { ...topic(BOB, "two"), prev: ["IMB"] });
    dag.add("KICK", { type: "m.room.member", sender: ALICE, stateKey: BOB, content: { membership: "leave" } });
    const get = await resolveTips(dag, "TB1", "KICK");
    expect(get(member(BOB))).toBe("KICK");
    expect(get(TOPIC)).toBeUndefined();
  });
});

describe("room v12 ('v2.1') changes", () => {
  // Bob (50) bans Charlie, then leaves. One state has both; the other has
  // Bob's leave but still Charlie's join (a server that never got the ban).
  function banThenLeave(version: string) {
    const dag = new RoomDag(version);
    dag.start({ users: { [BOB]: 50 }, members: [BOB, CHARLIE] });
    dag.add("BAN", { type: "m.room.member", sender: BOB, stateKey: CHARLIE, content: { membership: "ban" } });
    dag.add("LB", { type: "m.room.member", sender: BOB, stateKey: BOB, content: { membership: "leave" } });
    const withBan = dag.state("LB");
    const withoutBan = dag.state("LB");
    withoutBan.set(member(CHARLIE), dag.id("IMC"));
    return { dag, stateSets: [withBan, withoutBan] };
  }

  it("v2 checks power events from the unconflicted state, where Bob has left: the ban is lost", async () => {
    const { dag, stateSets } = banThenLeave("10");
    const resolved = await resolveState(dag.roomVersion, stateSets, dag.store());
    expect(resolved.get(member(CHARLIE))).toBe(dag.id("IMC"));
  });

  it("v2.1 checks them from an empty state, falling back on the ban's own auth events: the ban stays", async () => {
    const { dag, stateSets } = banThenLeave("12");
    const { state, trace } = await resolveStateV2WithTrace(dag.roomVersion, stateSets, dag.store(), { v21: true });
    expect(trace.sortedPowerEvents).toEqual([dag.id("IMC"), dag.id("BAN")]);
    expect(trace.iterativeAuthChecks[0]!.rejected).toEqual([]);
    expect(state.get(member(CHARLIE))).toBe(dag.id("BAN"));
    // Step 5: the unconflicted state (Bob's leave, the create event, ...) is back in the result.
    expect(state.get(member(BOB))).toBe(dag.id("LB"));
    expect(state.get(stateKeyOf("m.room.create", ""))).toBe(dag.id("CREATE"));
    expect(await resolveState(dag.roomVersion, stateSets, dag.store())).toEqual(state);
  });

  // P2 (Bob's power levels, citing his join IMB) is unconflicted and in every
  // set's auth chain, so not in the auth difference; but it lies on the auth
  // paths T1 → P2 → IMB and T0 → P2 → IMB between conflicted events.
  function subgraphRoom(version: string) {
    const dag = new RoomDag(version);
    dag.start({ users: { [BOB]: 100 }, members: [BOB] });
    const users: JsonObject = dag.roomVersion.privilegedCreators ? { [BOB]: 100 } : { [ALICE]: 100, [BOB]: 100 };
    dag.add("P2", { type: "m.room.power_levels", sender: BOB, stateKey: "", content: { users, events: { "m.room.topic": 50 } } });
    dag.add("T0", topic(ALICE, "zero"));
    dag.add("MB2", { type: "m.room.member", sender: BOB, stateKey: BOB, content: { membership: "join", displayname: "Bob" } });
    dag.add("T1", topic(BOB, "one"));
    return { dag, stateSets: [dag.state("T1"), dag.state("T0")] };
  }

  it("v2.1 adds the conflicted state subgraph to the full conflicted set", async () => {
    const { dag, stateSets } = subgraphRoom("12");
    const { state, trace } = await resolveStateV2WithTrace(dag.roomVersion, stateSets, dag.store(), { v21: true });
    const ids = (...names: string[]) => names.map((name) => dag.id(name)).sort();
    expect([...trace.conflictedStateSubgraph].sort()).toEqual(ids("IMB", "MB2", "P2", "T0", "T1"));
    expect([...trace.fullConflictedSet].sort()).toEqual(ids("IMB", "MB2", "P2", "T0", "T1"));
    // P2 is a power event now in the set: sorted after its auth event IMB and re-checked from the empty state.
    expect(trace.sortedPowerEvents).toEqual([dag.id("IMB"), dag.id("P2")]);
    expect(trace.iterativeAuthChecks[0]!.stateAfter.get(POWER)).toBe(dag.id("P2"));
    expect(state.get(TOPIC)).toBe(dag.id("T1"));
    expect(state.get(member(BOB))).toBe(dag.id("MB2"));
  });

  it("v2 on the same DAG has no subgraph and leaves P2 out", async () => {
    const { dag, stateSets } = subgraphRoom("10");
    const { state, trace } = await resolveStateV2WithTrace(dag.roomVersion, stateSets, dag.store(), { v21: false });
    expect(trace.conflictedStateSubgraph.size).toBe(0);
    expect(trace.fullConflictedSet.has(dag.id("P2"))).toBe(false);
    expect(trace.sortedPowerEvents).toEqual([]);
    expect(state.get(TOPIC)).toBe(dag.id("T1"));
  });
});

describe("iterative auth checks (spec v2 'Iterative auth checks')", () => {
  it("does not use an auth event that was rejected on receipt", async () => {
    // Bob's topic is conflicted with nothing to go on but its own auth events;
    // v2.1 starts from an empty state, so Bob's membership comes from them.
    const dag = new RoomDag("12");
    dag.start({ users: { [BOB]: 50 }, members: [BOB] });
    dag.add("TB", topic(BOB, "bob's"));
    const stateSets = [dag.state("TB"), dag.state("IMB")];
    const accepted = await resolveStateV2WithTrace(dag.roomVersion, stateSets, dag.store(), { v21: true });
    expect(accepted.state.get(TOPIC)).toBe(dag.id("TB"));
    const withRejectedJoin = await resolveStateV2WithTrace(dag.roomVersion, stateSets, dag.store(["IMB"]), { v21: true });
    expect(withRejectedJoin.trace.iterativeAuthChecks[1]!.rejected).toEqual([dag.id("TB")]);
    expect(withRejectedJoin.state.get(TOPIC)).toBeUndefined();
  });
});

describe("resolveState", () => {
  it("returns the unconflicted state without asking the store when nothing conflicts", async () => {
    const dag = new RoomDag("10");
    dag.start({ members: [BOB] });
    const store = countingStore(dag.events.values());
    const resolved = await resolveState(dag.roomVersion, [dag.state("IMB"), dag.state("IMB")], store);
    expect(resolved).toEqual(dag.state("IMB"));
    expect(store.calls).toBe(0);
  });

  it("takes the auth difference from the store's getAuthChainDifference hook when it has one", async () => {
    const dag = new RoomDag("10");
    dag.start({ members: [BOB] });
    dag.add("TA", { ...topic(ALICE, "a"), prev: ["IMB"] });
    dag.add("TB", { ...topic(ALICE, "b"), prev: ["IMB"] });
    const asked: string[][][] = [];
    const store = {
      ...dag.store(),
      getAuthChainDifference(stateSets: readonly (readonly string[])[]) {
        asked.push(stateSets.map((set) => [...set]));
        return [dag.id("IMB")];
      },
    };
    const { trace } = await resolveStateV2WithTrace(dag.roomVersion, [dag.state("TA"), dag.state("TB")], store, { v21: false });
    expect(asked).toHaveLength(1);
    expect(asked[0]![0]).toContain(dag.id("TA"));
    expect([...trace.authDifference]).toEqual([dag.id("IMB")]);
    expect(trace.fullConflictedSet.has(dag.id("IMB"))).toBe(true);
  });

  it("ends in a MISSING_EVENT error when an event is not in the store", async () => {
    const dag = new RoomDag("10");
    dag.start({ members: [BOB] });
    dag.add("TA", { ...topic(ALICE, "a"), prev: ["IMB"] });
    dag.add("TB", { ...topic(ALICE, "b"), prev: ["IMB"] });
    const events = [...dag.events.values()].filter((event) => event.eventId !== dag.id("TB"));
    await expect(resolveState(dag.roomVersion, [dag.state("TA"), dag.state("TB")], countingStore(events))).rejects.toMatchObject({
      code: "MISSING_EVENT",
    });
  });
});
