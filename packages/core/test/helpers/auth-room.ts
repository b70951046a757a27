// Builds small rooms for the authorization-rule unit tests: plain PDUs with
// made-up event IDs (`$e<n>:example.com`) turned into RoomEvents. Events are
// added to the room's state as they are, without running the rules, so a test
// can set up any state and then ask about one candidate event.
import { authorize, authStateFromEvents, checkAuthEventsList } from "../../src/auth/index.js";
import type { AuthorizeOptions, AuthState, AuthVerdict } from "../../src/auth/index.js";
import { stateKeyOf, toRoomEvent } from "../../src/events/pdu.js";
import type { Pdu, RoomEvent } from "../../src/events/pdu.js";
import type { JsonObject } from "../../src/json/canonical-json.js";
import { getRoomVersion } from "../../src/rooms/room-versions.js";
import type { RoomVersion } from "../../src/rooms/room-versions.js";

export const ALICE = "@alice:example.com";
export const BOB = "@bob:example.com";
export const CHARLIE = "@charlie:example.com";
export const DAVE = "@dave:example.com";
export const ERIN = "@erin:example.com";
export const MALLORY = "@mallory:evil.example";

export interface EventFields {
  type: string;
  sender: string;
  stateKey?: string;
  content?: JsonObject;
  /** Prev event IDs; default: the event added last. */
  prev?: string[];
  /** Default `$e<n>:example.com`. */
  eventId?: string;
  /** Default: the room's ID. */
  roomId?: string;
  /** Extra top-level PDU fields (`redacts`, `signatures`, ...). */
  pdu?: Partial<Pdu>;
}

let createEvents = 0;

export class AuthRoom {
  readonly version: RoomVersion;
  roomId: string;
  readonly byId = new Map<string, RoomEvent>();
  private readonly state = new Map<string, RoomEvent>();
  private counter = 0;
  private last: string | undefined;

  constructor(versionId: string, roomId = "!room:example.com") {
    this.version = getRoomVersion(versionId);
    this.roomId = roomId;
  }

  /**
   * The create event, as the version writes it: `creator` in rooms 1–10, no
   * `room_id` in room 12 (whose room ID is then derived from it).
   */
  createEvent(sender = ALICE, content: JsonObject = {}): RoomEvent {
    const fullContent: JsonObject = { room_version: this.version.id, ...content };
    if (!this.version.implicitRoomCreator && !("creator" in content)) fullContent.creator = sender;
    // Room 12 derives the room ID from the create event's ID: make each unique.
    const eventId = this.version.roomIdFromCreateEvent ? `$create${++createEvents}` : this.nextId();
    const pdu = this.pdu({ type: "m.room.create", sender, stateKey: "", content: fullContent, prev: [], eventId });
    if (this.version.roomIdFromCreateEvent) {
      delete pdu.room_id;
      this.roomId = "!" + eventId.slice(1);
    }
    return this.add(toRoomEvent(pdu, eventId, this.version));
  }

  /** Adds a state (or other) event to the room without checking it. */
  addEvent(fields: EventFields): RoomEvent {
    return this.add(this.event(fields));
  }

  /** Shorthand: a member event for `user` sent by `sender` (default: the user). */
  member(user: string, membership: string, sender = user, content: JsonObject = {}): RoomEvent {
    return this.addEvent({ type: "m.room.member", sender, stateKey: user, content: { membership, ...content } });
  }

  /** Builds an event (not added to the state): the candidate of a test. */
  event(fields: EventFields): RoomEvent {
    const eventId = fields.eventId ?? this.nextId();
    return toRoomEvent(this.pdu({ ...fields, eventId }), eventId, this.version);
  }

  get(type: string, stateKey = ""): RoomEvent | undefined {
    return this.state.get(stateKeyOf(type, stateKey));
  }

  /** The room's current state as the rules read it. */
  authState(): AuthState {
    return authStateFromEvents(this.state.values());
  }

  authorize(candidate: RoomEvent, options?: AuthorizeOptions): AuthVerdict {
    return authorize(candidate, this.authState(), this.version, options);
  }

  /** `checkAuthEventsList` with the candidate's cited auth events, looked up by ID. */
  checkAuthEvents(candidate: RoomEvent, rejectedIds: readonly string[] = []): AuthVerdict {
    const events = candidate.authEventIds.map((id) => {
      const event = this.byId.get(id);
      if (event === undefined) throw new Error(`test room: no event ${id}`);
      return event;
    });
    return checkAuthEventsList(candidate, events, this.version, (id) => rejectedIds.includes(id));
  }

  private nextId(): string {
    return `$e${++this.counter}:example.com`;
  }

  private add(event: RoomEvent): RoomEvent {
    this.byId.set(event.eventId, event);
    if (event.stateKey !== undefined) this.state.set(stateKeyOf(event.type, event.stateKey), event);
    this.last = event.eventId;
    return event;
  }

  private pdu(fields: EventFields & { eventId: string }): Pdu {
    const prev = fields.prev ?? (this.last === undefined ? [] : [this.last]);
    const pdu: Pdu = {
      type: fields.type,
      room_id: fields.roomId ?? this.roomId,
      sender: fields.sender,
      origin_server_ts: 1_700_000_000_000 + this.counter,
      content: fields.content ?? {},
      depth: this.counter,
      prev_events: prev,
      auth_events: [],
      hashes: { sha256: "" },
      signatures: { [fields.sender.slice(fields.sender.indexOf(":") + 1)]: { "ed25519:test": "c2lnbmF0dXJl" } },
      ...fields.pdu,
    };
    if (fields.stateKey !== undefined) pdu.state_key = fields.stateKey;
    if (this.version.eventFormat === "v1") pdu.event_id = fields.eventId;
    return pdu;
  }
}

/**
 * Replaces the room's power levels: alice 100 (except in room 12, where she
 * is a creator and may not be listed), bob 50, plus `content` (whose `users`
 * are added to those) and `users`.
 */
export function setPowerLevels(room: AuthRoom, users: JsonObject = {}, content: JsonObject = {}): RoomEvent {
  const base: JsonObject = room.version.privilegedCreators ? { [BOB]: 50 } : { [ALICE]: 100, [BOB]: 50 };
  const contentUsers = typeof content.users === "object" && content.users !== null && !Array.isArray(content.users) ? content.users : {};
  return room.addEvent({
    type: "m.room.power_levels",
    sender: ALICE,
    stateKey: "",
    content: { ...content, users: { ...base, ...contentUsers, ...users } },
  });
}

export interface StandardRoomOptions {
  /** `join_rule` of the m.room.join_rules event; null: no join-rules event. Default "public". */
  joinRule?: string | null;
  /** Extra power-levels content; null: no power-levels event. */
  powerLevels?: JsonObject | null;
  /** Create-event content beyond the defaults. */
  createContent?: JsonObject;
}

/**
 * A room as most tests need it: alice creates and joins; power levels give
 * alice 100 (not listed in room 12, where she is a creator) and bob 50; the
 * join rule; bob and charlie (level 0) join. Dave and erin are not members.
 */
export function standardRoom(versionId: string, options: StandardRoomOptions = {}): AuthRoom {
  const room = new AuthRoom(versionId);
  room.createEvent(ALICE, options.createContent ?? {});
  room.member(ALICE, "join");
  if (options.powerLevels !== null) setPowerLevels(room, {}, options.powerLevels ?? {});
  const joinRule = options.joinRule === undefined ? "public" : options.joinRule;
  if (joinRule !== null) room.addEvent({ type: "m.room.join_rules", sender: ALICE, stateKey: "", content: { join_rule: joinRule } });
  room.member(BOB, "join");
  room.member(CHARLIE, "join");
  return room;
}

/** Every room version the spec defines, as the ids the tests iterate over. */
export const ALL_VERSIONS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"] as const;

/**
 * Reads a per-version rule map such as `"1-5:5.2.3 6-7:4.2.3 12:5.3.3"` (the
 * rule's number in each range of room versions, as the versions' pages number
 * it) into version id → rule number.
 */
export function ruleByVersion(map: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of map.trim().split(/\s+/)) {
    const match = /^(\d+)(?:-(\d+))?:(\S+)$/.exec(part);
    if (!match) throw new Error(`bad rule map entry ${JSON.stringify(part)}`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let v = from; v <= to; v++) out.set(String(v), match[3]!);
  }
  return out;
}

/** One row of a rule table: an event the rules should allow or reject, per version. */
export interface RuleCase {
  /** What happens, in words. */
  name: string;
  /** The rule deciding it, per version range (`ruleByVersion`); only these versions run. */
  rule: string;
  allowed: boolean;
  /** The standard room's options, or "empty" for a room with no events at all. */
  room?: StandardRoomOptions | "empty";
  /** Adds any extra state to the room and returns the candidate. */
  build: (room: AuthRoom) => RoomEvent;
  options?: AuthorizeOptions;
}

/** The rows expanded per room version, with test names like "v8 rule 4.3.3: ...". */
export function expandRuleCases(cases: readonly RuleCase[]): Array<[name: string, version: string, rule: string, c: RuleCase]> {
  return cases.flatMap((c) =>
    [...ruleByVersion(c.rule)].map(([version, rule]) => [`v${version} rule ${rule}: ${c.name}`, version, rule, c] as [string, string, string, RuleCase]),
  );
}

/** Runs a row: allowed, or rejected by exactly that rule. */
export function runRuleCase(version: string, c: RuleCase): AuthVerdict {
  const room = c.room === "empty" ? new AuthRoom(version) : standardRoom(version, c.room);
  return room.authorize(c.build(room), c.options);
}
