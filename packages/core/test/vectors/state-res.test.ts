// State resolution against Synapse 1.67 (`state_res.json`, see the vectors'
// README): 20 forked-DAG scenarios × rooms 2 and 10, 42 resolutions, each
// with the resolved state and Synapse's intermediate values.
import { describe, expect, it } from "vitest";
import { stateKeyOf, toRoomEvent } from "../../src/events/pdu.js";
import type { Pdu, StateKey } from "../../src/events/pdu.js";
import { getRoomVersion } from "../../src/rooms/room-versions.js";
import { memoryStateResolutionStore, resolveState, resolveStateV2WithTrace } from "../../src/state-res/index.js";
import type { StateMap } from "../../src/state-res/index.js";
import { loadSynapseVectors } from "./load.js";

type Triple = [type: string, stateKey: string, eventId: string];
interface Resolution {
  at_node: string;
  state_sets: Triple[][];
  resolved_state: Triple[];
  trace: {
    unconflicted_state: Triple[];
    conflicted_state: Array<[string, string, string[]]>;
    auth_difference: string[];
    full_conflicted_set: string[];
    sorted_power_events: string[];
    iterative_auth_checks: Array<{ input_order: string[]; state_after: Triple[] }>;
    mainline_power_levels_event: string | null;
    mainline_sorted_other_events: string[];
  };
}
interface StateResRecord {
  id: string;
  room_version: string;
  description: string;
  events: Array<{ node: string; event_id: string; pdu: Pdu }>;
  resolutions: Resolution[];
}

const vectors = loadSynapseVectors<{ records: StateResRecord[]; counts: { records: number; resolutions: number } }>("state_res.json");

const stateMap = (triples: readonly Triple[]): Map<StateKey, string> => new Map(triples.map(([type, stateKey, id]) => [stateKeyOf(type, stateKey), id]));
/** A state map as sorted `key=id` strings, so a mismatch shows which key differs. */
const entries = (state: StateMap): string[] => [...state].map(([key, id]) => `${key}=${id}`).sort();
const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

const cases = vectors.records.flatMap((record) => record.resolutions.map((resolution) => ({ record, resolution })));

function setUp(record: StateResRecord, resolution: Resolution) {
  const roomVersion = getRoomVersion(record.room_version);
  const store = memoryStateResolutionStore(record.events.map(({ pdu, event_id }) => toRoomEvent(pdu, event_id, roomVersion)));
  return { roomVersion, store, stateSets: resolution.state_sets.map(stateMap) };
}

describe("state_res.json (Synapse 1.67)", () => {
  it("has the 40 records and 42 resolutions the README lists", () => {
    expect(vectors.records).toHaveLength(40);
    expect(cases).toHaveLength(42);
  });

  describe.each(cases.map((c) => [`${c.record.id} at ${c.resolution.at_node}`, c] as const))("%s", (_name, { record, resolution }) => {
    // Spec "Room version 2" → "State resolution" (rooms 2–11): the algorithm's result.
    it("resolves to Synapse's state", async () => {
      const { roomVersion, store, stateSets } = setUp(record, resolution);
      const resolved = await resolveState(roomVersion, stateSets, store);
      expect(entries(resolved)).toEqual(entries(stateMap(resolution.resolved_state)));
    });

    // Each step of spec v2 "Algorithm" against the value Synapse had at that step.
    it("matches Synapse's trace step by step", async () => {
      const { roomVersion, store, stateSets } = setUp(record, resolution);
      const { state, trace } = await resolveStateV2WithTrace(roomVersion, stateSets, store, { v21: false });
      const theirs = resolution.trace;
      expect(entries(state)).toEqual(entries(stateMap(resolution.resolved_state)));
      expect(entries(trace.unconflictedState)).toEqual(entries(stateMap(theirs.unconflicted_state)));
      expect(new Map([...trace.conflictedState].map(([key, ids]) => [key, sorted(ids)]))).toEqual(
        new Map(theirs.conflicted_state.map(([type, stateKey, ids]) => [stateKeyOf(type, stateKey), sorted(ids)])),
      );
      expect(sorted(trace.authDifference)).toEqual(sorted(theirs.auth_difference));
      expect(sorted(trace.fullConflictedSet)).toEqual(sorted(theirs.full_conflicted_set));
      expect(trace.sortedPowerEvents).toEqual(theirs.sorted_power_events);
      expect(trace.iterativeAuthChecks.map((step) => step.inputOrder)).toEqual(theirs.iterative_auth_checks.map((step) => step.input_order));
      expect(trace.iterativeAuthChecks.map((step) => entries(step.stateAfter))).toEqual(
        theirs.iterative_auth_checks.map((step) => entries(stateMap(step.state_after))),
      );
      expect(trace.mainlinePowerLevelsEvent ?? null).toEqual(theirs.mainline_power_levels_event);
      expect(trace.mainlineSortedOtherEvents).toEqual(theirs.mainline_sorted_other_events);
    });
  });

  // Spec v2 "Auth difference" read literally: a state set's full auth chain
  // is the auth chains of its events, without the events themselves. Synapse
  // counts the events too (README: "each state event's chain including the
  // event"), and so does our default (`stateEventsInAuthChains`). The literal
  // reading puts an unconflicted event that only one side cites (Bob's join,
  // cited by his join-rules change) into the full conflicted set; sorted
  // among the power events with Bob's level when he joined (0), it holds
  // Bob's change back behind Alice's, and Bob's wins where Synapse's loses.
  const LITERAL_READING_DIFFERS = ["v2/power_sort_tiebreak_by_ts", "v10/power_sort_tiebreak_by_ts"];

  it("with the literal auth-chain reading, differs from Synapse in exactly the listed resolutions", async () => {
    const differing: string[] = [];
    for (const { record, resolution } of cases) {
      const { roomVersion, store, stateSets } = setUp(record, resolution);
      const { state } = await resolveStateV2WithTrace(roomVersion, stateSets, store, { v21: false, stateEventsInAuthChains: false });
      if (JSON.stringify(entries(state)) !== JSON.stringify(entries(stateMap(resolution.resolved_state)))) differing.push(record.id);
    }
    expect(differing).toEqual(LITERAL_READING_DIFFERS);
  });

  it("in power_sort_tiebreak_by_ts, the literal reading lets Bob's earlier join-rules change win", async () => {
    const record = vectors.records.find((r) => r.id === "v10/power_sort_tiebreak_by_ts")!;
    const resolution = record.resolutions[0]!;
    const node = new Map(record.events.map((e) => [e.event_id, e.node]));
    const { roomVersion, store, stateSets } = setUp(record, resolution);
    const { state, trace } = await resolveStateV2WithTrace(roomVersion, stateSets, store, { v21: false, stateEventsInAuthChains: false });
    expect(sorted([...trace.fullConflictedSet].map((id) => node.get(id)!))).toEqual(["IMB", "JRA", "JRB"]);
    expect(trace.sortedPowerEvents.map((id) => node.get(id))).toEqual(["JRA", "IMB", "JRB"]);
    expect(node.get(state.get(stateKeyOf("m.room.join_rules", ""))!)).toBe("JRB");
    expect(node.get(stateMap(resolution.resolved_state).get(stateKeyOf("m.room.join_rules", ""))!)).toBe("JRA");
  });
});
