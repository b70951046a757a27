// Builds small rooms as event DAGs for state-resolution tests: made-up event
// IDs (`$NAME:example.com`), auth events picked from the state before each
// event with the auth events selection, each event checked by the
// authorization rules unless told otherwise.
import { authStateFromEvents, authTypesFor, authorize } from "../../src/auth/index.js";
import { stateKeyOf, toRoomEvent } from "../../src/events/pdu.js";
import type { Pdu, RoomEvent, StateKey } from "../../src/events/pdu.js";
import type { JsonObject } from "../../src/json/canonical-json.js";
import { getRoomVersion } from "../../src/rooms/room-versions.js";
import type { RoomVersion } from "../../src/rooms/room-versions.js";
import { memoryStateResolutionStore } from "../../src/state-res/memory-store.js";
import type { StateMap, StateResolutionStore } from "../../src/state-res/types.js";

export interface DagEvent {
  type: string;
  sender: string;
  stateKey?: string;
  content?: JsonObject;
  /** Names of the prev events; default: the event added last. */
  prev?: string[];
  /** Default: one millisecond after the event added last. */
  ts?: number;
  /** The state before the event; required when it has several prev events. */
  stateBefore?: StateMap;
  /** Skip the authorization check (to build an event the rules reject). */
  unchecked?: boolean;
}

export const ALICE = "@alice:example.com";
export const BOB = "@bob:example.com";
export const CHARLIE = "@charlie:example.com";
export const DAVE = "@dave:example.com";
export const ZARA = "@zara:example.com";

export class RoomDag {
  readonly roomVersion: RoomVersion;
  readonly events = new Map<string, RoomEvent>();
  private readonly stateAfterById = new Map<string, Map<StateKey, string>>();
  private roomId: string;
  private clock = 1_650_000_000_000;
  private last: string | undefined;

  constructor(roomVersionId: string, roomName = "test") {
    this.roomVersion = getRoomVersion(roomVersionId);
    this.roomId = `!${roomName}:example.com`;
  }

  id(name: string): string {
    return `$${name}:example.com`;
  }

  event(name: string): RoomEvent {
    const event = this.events.get(this.id(name));
    if (event === undefined) throw new Error(`test DAG: no event ${name}`);
    return event;
  }

  /** The state after the named event. */
  state(name: string): Map<StateKey, string> {
    const state = this.stateAfterById.get(this.id(name));
    if (state === undefined) throw new Error(`test DAG: no event ${name}`);
    return new Map(state);
  }

  add(name: string, spec: DagEvent): RoomEvent {
    const eventId = this.id(name);
    const prevNames = spec.prev ?? (this.last === undefined ? [] : [this.last]);
    const prevIds = prevNames.map((prev) => this.id(prev));
    let stateBefore: Map<StateKey, string>;
    if (spec.stateBefore !== undefined) stateBefore = new Map(spec.stateBefore);
    else if (prevIds.length === 0) stateBefore = new Map();
    else if (prevIds.length === 1) stateBefore = this.state(prevNames[0]!);
    else throw new Error(`test DAG: ${name} has several prev events; give stateBefore`);

    const content = spec.content ?? {};
    const selection = { type: spec.type, sender: spec.sender, stateKey: spec.stateKey, content };
    const authIds = authTypesFor(selection, this.roomVersion)
      .map(([type, stateKey]) => stateBefore.get(stateKeyOf(type, stateKey)))
      .filter((id): id is string => id !== undefined);
    const isCreate = spec.type === "m.room.create" && spec.stateKey === "";
    if (isCreate && this.roomVersion.roomIdFromCreateEvent) this.roomId = "!" + eventId.slice(1);
    const depth = Math.max(0, ...prevIds.map((id) => this.events.get(id)!.depth)) + 1;
    this.clock = spec.ts ?? this.clock + 1;
    const pdu: Pdu = {
      type: spec.type,
      sender: spec.sender,
      origin_server_ts: this.clock,
      content,
      depth,
      prev_events: prevIds,
      auth_events: authIds,
      hashes: { sha256: "" },
      signatures: {},
    };
    if (!(isCreate && this.roomVersion.roomIdFromCreateEvent)) pdu.room_id = this.roomId;
    if (spec.stateKey !== undefined) pdu.state_key = spec.stateKey;
    if (this.roomVersion.eventFormat === "v1") pdu.event_id = eventId;
    const event = toRoomEvent(pdu, eventId, this.roomVersion);

    if (!spec.unchecked) {
      const authEvents = authIds.map((id) => this.events.get(id)!);
      if (this.roomVersion.roomIdFromCreateEvent && !isCreate) authEvents.push(this.events.get("$" + this.roomId.slice(1))!);
      const verdict = authorize(event, authStateFromEvents(authEvents), this.roomVersion);
      if (!verdict.allowed) throw new Error(`test DAG: ${name} is not allowed (${verdict.rule}: ${verdict.reason})`);
    }

    this.events.set(eventId, event);
    const stateAfter = new Map(stateBefore);
    if (spec.stateKey !== undefined) stateAfter.set(stateKeyOf(spec.type, spec.stateKey), eventId);
    this.stateAfterById.set(eventId, stateAfter);
    this.last = name;
    return event;
  }

  store(rejectedNames: readonly string[] = []): StateResolutionStore {
    return memoryStateResolutionStore(
      this.events.values(),
      rejectedNames.map((name) => this.id(name)),
    );
  }

  /**
   * The usual start: create, alice joins, power levels (alice 100 and
   * `extraUsers`), public join rules, then each of `members` joins.
   */
  start(options: { users?: Record<string, number>; members?: readonly string[] } = {}): void {
    const createContent: JsonObject = { room_version: this.roomVersion.id };
    if (!this.roomVersion.implicitRoomCreator) createContent.creator = ALICE;
    this.add("CREATE", { type: "m.room.create", sender: ALICE, stateKey: "", content: createContent });
    this.add("IMA", { type: "m.room.member", sender: ALICE, stateKey: ALICE, content: { membership: "join" } });
    const users: Record<string, number> = this.roomVersion.privilegedCreators ? {} : { [ALICE]: 100 };
    Object.assign(users, options.users ?? {});
    this.add("IPOWER", { type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users } });
    this.add("IJR", { type: "m.room.join_rules", sender: ALICE, stateKey: "", content: { join_rule: "public" } });
    for (const member of options.members ?? []) {
      const name = "IM" + member.slice(1, 2).toUpperCase();
      this.add(name, { type: "m.room.member", sender: member, stateKey: member, content: { membership: "join" } });
    }
  }
}

/** A state map from `[type, state_key, event_id]` triples. */
export function stateFromTriples(triples: ReadonlyArray<readonly [string, string, string]>): Map<StateKey, string> {
  return new Map(triples.map(([type, stateKey, id]) => [stateKeyOf(type, stateKey), id]));
}
