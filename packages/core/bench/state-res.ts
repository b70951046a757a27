// State resolution on a large room: 10,000 joined members, then two forks of
// 1,000 conflicting state events each, resolved at the two fork tips.
// `node --import tsx bench/state-res.ts` prints the figures as JSON.
import { pathToFileURL } from "node:url";
import { authTypesFor } from "../src/auth/index.js";
import { stateKeyOf, toRoomEvent } from "../src/events/pdu.js";
import type { Pdu, RoomEvent, StateKey } from "../src/events/pdu.js";
import type { JsonObject } from "../src/json/canonical-json.js";
import { getRoomVersion } from "../src/rooms/room-versions.js";
import type { RoomVersion } from "../src/rooms/room-versions.js";
import { memoryStateResolutionStore, resolveState, resolveStateV2WithTrace } from "../src/state-res/index.js";

const MEMBERS = 10_000;
const FORK_EVENTS = 1_000;
const RUNS = 3;
const ALICE = "@alice:example.com";

interface BuiltRoom {
  events: RoomEvent[];
  tips: Map<StateKey, string>[];
}

/** Appends events to a chain, choosing auth events from the state before each one. */
class RoomBuilder {
  readonly events: RoomEvent[] = [];
  private roomId = "!bench:example.com";
  private clock = 1_700_000_000_000;

  constructor(private readonly roomVersion: RoomVersion) {}

  add(
    state: Map<StateKey, string>,
    prev: RoomEvent | undefined,
    fields: { id: string; type: string; sender: string; stateKey: string; content: JsonObject },
  ): RoomEvent {
    const authIds: string[] = [];
    for (const [type, stateKey] of authTypesFor(fields, this.roomVersion)) {
      const id = state.get(stateKeyOf(type, stateKey));
      if (id !== undefined) authIds.push(id);
    }
    const isCreate = fields.type === "m.room.create";
    if (isCreate && this.roomVersion.roomIdFromCreateEvent) this.roomId = "!" + fields.id.slice(1);
    const pdu: Pdu = {
      type: fields.type,
      sender: fields.sender,
      state_key: fields.stateKey,
      content: fields.content,
      origin_server_ts: this.clock++,
      depth: (prev?.depth ?? 0) + 1,
      prev_events: prev === undefined ? [] : [prev.eventId],
      auth_events: authIds,
      hashes: { sha256: "" },
      signatures: {},
    };
    if (!(isCreate && this.roomVersion.roomIdFromCreateEvent)) pdu.room_id = this.roomId;
    const event = toRoomEvent(pdu, fields.id, this.roomVersion);
    this.events.push(event);
    state.set(stateKeyOf(fields.type, fields.stateKey), event.eventId);
    return event;
  }
}

const memberId = (i: number) => `@user${i}:example.com`;

/**
 * create, Alice's join, power levels, public join rules, 10,000 joins in a
 * chain; then two forks from the last join, each: a power-levels change by
 * Alice, the topic, the name, 499 members' display names (the same members on
 * both forks), 498 custom state keys (the same keys on both forks).
 */
function buildRoom(roomVersion: RoomVersion): BuiltRoom {
  const builder = new RoomBuilder(roomVersion);
  const state = new Map<StateKey, string>();
  const createContent: JsonObject = { room_version: roomVersion.id };
  if (!roomVersion.implicitRoomCreator) createContent.creator = ALICE;
  let last = builder.add(state, undefined, { id: "$create", type: "m.room.create", sender: ALICE, stateKey: "", content: createContent });
  last = builder.add(state, last, { id: "$alice-join", type: "m.room.member", sender: ALICE, stateKey: ALICE, content: { membership: "join" } });
  const baseUsers: JsonObject = roomVersion.privilegedCreators ? {} : { [ALICE]: 100 };
  last = builder.add(state, last, { id: "$power", type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: baseUsers } });
  last = builder.add(state, last, { id: "$join-rules", type: "m.room.join_rules", sender: ALICE, stateKey: "", content: { join_rule: "public" } });
  for (let i = 0; i < MEMBERS; i++) {
    const user = memberId(i);
    last = builder.add(state, last, { id: `$join-${i}`, type: "m.room.member", sender: user, stateKey: user, content: { membership: "join" } });
  }
  const forkPoint = last;

  const tips: Map<StateKey, string>[] = [];
  for (const fork of ["a", "b"]) {
    const forkState = new Map(state);
    let prev = forkPoint;
    const add = (id: string, type: string, sender: string, stateKey: string, content: JsonObject) => {
      prev = builder.add(forkState, prev, { id: `$${fork}-${id}`, type, sender, stateKey, content });
    };
    add("power", "m.room.power_levels", ALICE, "", { users: { ...baseUsers, [memberId(0)]: 50 }, state_default: 50, [`org.example.fork`]: fork });
    add("topic", "m.room.topic", ALICE, "", { topic: `fork ${fork}` });
    add("name", "m.room.name", ALICE, "", { name: `fork ${fork}` });
    const displayNames = Math.floor((FORK_EVENTS - 3) / 2);
    for (let i = 0; i < displayNames; i++) {
      const user = memberId(i);
      add(`name-${i}`, "m.room.member", user, user, { membership: "join", displayname: `${fork} ${i}` });
    }
    for (let i = 0; i < FORK_EVENTS - 3 - displayNames; i++) {
      add(`custom-${i}`, "org.example.bench", ALICE, `key-${i}`, { fork, i });
    }
    tips.push(forkState);
  }
  return { events: builder.events, tips };
}

async function benchVersion(roomVersionId: string): Promise<Record<string, unknown>> {
  const roomVersion = getRoomVersion(roomVersionId);
  const buildStart = performance.now();
  const room = buildRoom(roomVersion);
  const buildMs = performance.now() - buildStart;
  const store = memoryStateResolutionStore(room.events);

  // The first resolution also pays for compiling the code; it is reported apart.
  const coldStart = performance.now();
  await resolveState(roomVersion, room.tips, store);
  const coldMs = performance.now() - coldStart;
  const timings: number[] = [];
  let resolvedSize = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const resolved = await resolveState(roomVersion, room.tips, store);
    timings.push(performance.now() - start);
    resolvedSize = resolved.size;
  }
  timings.sort((a, b) => a - b);
  const { trace } = await resolveStateV2WithTrace(roomVersion, room.tips, store, { v21: roomVersion.stateResolution === "v2.1" });
  return {
    roomVersion: roomVersionId,
    algorithm: roomVersion.stateResolution,
    members: MEMBERS,
    forkEventsEach: FORK_EVENTS,
    events: room.events.length,
    stateSizeAtTips: room.tips.map((tip) => tip.size),
    conflictedKeys: trace.conflictedState.size,
    conflictedStateSet: [...trace.conflictedState.values()].reduce((n, ids) => n + ids.length, 0),
    authDifference: trace.authDifference.size,
    fullConflictedSet: trace.fullConflictedSet.size,
    sortedPowerEvents: trace.sortedPowerEvents.length,
    rejectedInIterativeChecks: trace.iterativeAuthChecks.reduce((n, step) => n + step.rejected.length, 0),
    resolvedStateSize: resolvedSize,
    buildMs: Math.round(buildMs),
    firstResolveMs: Math.round(coldMs * 10) / 10,
    resolveMsMedian: Math.round(timings[Math.floor(RUNS / 2)]! * 10) / 10,
    resolveMsRuns: timings.map((ms) => Math.round(ms * 10) / 10),
  };
}

/** Resolution of the two fork tips in room 10 (v2) and room 12 (v2.1). */
export async function benchStateRes(): Promise<Record<string, unknown>> {
  return {
    benchmark: "state-res",
    node: process.version,
    results: [await benchVersion("10"), await benchVersion("12")],
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchStateRes(), null, 2));
}
