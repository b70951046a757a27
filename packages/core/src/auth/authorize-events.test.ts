// The rules every non-member event goes through, per room version: m.federate
// (3; 4 in room 12), m.room.aliases (4, rooms 1–5 only), sender joined (6 in
// rooms 1–5, 5 in 6–11, 6 in 12), m.room.third_party_invite (7 / 6 / 7),
// required power level (8 / 7 / 8), user-ID state keys (9 / 8 / 9),
// m.room.redaction (11, rooms 1–2 only) and "Otherwise, allow" (12 in rooms
// 1–2, 11 in 3–5, 10 in 6–11, 11 in 12).
import { describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  CHARLIE,
  DAVE,
  expandRuleCases,
  MALLORY,
  runRuleCase,
  setPowerLevels,
  type AuthRoom,
  type RuleCase,
} from "../../test/helpers/auth-room.js";

const FEDERATE = "1-11:3 12:4";
const SENDER_JOINED = "1-5:6 6-11:5 12:6";
const THIRD_PARTY_INVITE = "1-5:7.1 6-11:6.1 12:7.1";
const REQUIRED_LEVEL = "1-5:8 6-11:7 12:8";
const STATE_KEY = "1-5:9 6-11:8 12:9";
const OTHERWISE = "1-2:12 3-5:11 6-11:10 12:11";

const message = (room: AuthRoom, sender: string, type = "m.room.message") => room.event({ type, sender, content: { body: "hi" } });
const state = (room: AuthRoom, sender: string, type: string, stateKey = "", content = {}) => room.event({ type, sender, stateKey, content });

/** An m.room.redaction of `redacts`, wherever the version keeps `redacts`. */
function redaction(room: AuthRoom, sender: string, redacts: string) {
  return room.version.redactsInContent
    ? room.event({ type: "m.room.redaction", sender, content: { redacts } })
    : room.event({ type: "m.room.redaction", sender, content: {}, pdu: { redacts } });
}

const federateCases: RuleCase[] = [
  {
    name: "m.federate false: a member on another server cannot send",
    rule: FEDERATE,
    allowed: false,
    room: { createContent: { "m.federate": false } },
    build: (room) => {
      room.member(MALLORY, "join");
      return message(room, MALLORY);
    },
  },
  {
    name: "m.federate false: a remote user cannot even join",
    rule: FEDERATE,
    allowed: false,
    room: { createContent: { "m.federate": false } },
    build: (room) => room.event({ type: "m.room.member", sender: MALLORY, stateKey: MALLORY, content: { membership: "join" } }),
  },
  {
    name: "m.federate false: users on the creator's server are unaffected",
    rule: OTHERWISE,
    allowed: true,
    room: { createContent: { "m.federate": false } },
    build: (room) => message(room, CHARLIE),
  },
  {
    name: "m.federate true: a remote member may send",
    rule: OTHERWISE,
    allowed: true,
    room: { createContent: { "m.federate": true } },
    build: (room) => {
      room.member(MALLORY, "join");
      return message(room, MALLORY);
    },
  },
];

const aliasesCases: RuleCase[] = [
  {
    name: "m.room.aliases with the sender's domain as state_key is allowed, even from a non-member",
    rule: "1-5:4.3",
    allowed: true,
    build: (room) => state(room, MALLORY, "m.room.aliases", "evil.example", { aliases: ["#a:evil.example"] }),
  },
  {
    name: "m.room.aliases without a state_key is rejected",
    rule: "1-5:4.1",
    allowed: false,
    build: (room) => room.event({ type: "m.room.aliases", sender: ALICE, content: { aliases: [] } }),
  },
  {
    name: "m.room.aliases for another domain is rejected",
    rule: "1-5:4.2",
    allowed: false,
    build: (room) => state(room, MALLORY, "m.room.aliases", "example.com", { aliases: [] }),
  },
  {
    name: "from room 6 m.room.aliases is a plain state event: a non-member cannot send it",
    rule: "6-11:5 12:6",
    allowed: false,
    build: (room) => state(room, MALLORY, "m.room.aliases", "evil.example", { aliases: [] }),
  },
  {
    name: "from room 6 m.room.aliases needs state_default, not a domain match",
    rule: "6-11:7 12:8",
    allowed: false,
    build: (room) => state(room, CHARLIE, "m.room.aliases", "example.com", { aliases: [] }),
  },
  {
    name: "from room 6 an admin may send m.room.aliases with any state_key",
    rule: "6-11:10 12:11",
    allowed: true,
    build: (room) => state(room, ALICE, "m.room.aliases", "", { aliases: [] }),
  },
];

const senderCases: RuleCase[] = [
  { name: "a non-member cannot send a message", rule: SENDER_JOINED, allowed: false, build: (room) => message(room, DAVE) },
  {
    name: "an invited user cannot send a message",
    rule: SENDER_JOINED,
    allowed: false,
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return message(room, DAVE);
    },
  },
  {
    name: "a user who left cannot send a message",
    rule: SENDER_JOINED,
    allowed: false,
    build: (room) => {
      room.member(CHARLIE, "leave");
      return message(room, CHARLIE);
    },
  },
  { name: "a joined member sends a message", rule: OTHERWISE, allowed: true, build: (room) => message(room, CHARLIE) },
];

const thirdPartyInviteCases: RuleCase[] = [
  {
    name: "m.room.third_party_invite from a member at the invite level is allowed",
    rule: THIRD_PARTY_INVITE,
    allowed: true,
    build: (room) => state(room, CHARLIE, "m.room.third_party_invite", "tok", { display_name: "x" }),
  },
  {
    name: "m.room.third_party_invite needs only the invite level, not its events level",
    rule: THIRD_PARTY_INVITE,
    allowed: true,
    room: { powerLevels: { events: { "m.room.third_party_invite": 100 } } },
    build: (room) => state(room, CHARLIE, "m.room.third_party_invite", "tok", { display_name: "x" }),
  },
  {
    name: "m.room.third_party_invite below the invite level is rejected",
    rule: THIRD_PARTY_INVITE,
    allowed: false,
    room: { powerLevels: { invite: 50 } },
    build: (room) => state(room, CHARLIE, "m.room.third_party_invite", "tok", { display_name: "x" }),
  },
  {
    name: "m.room.third_party_invite from a non-member is rejected",
    rule: SENDER_JOINED,
    allowed: false,
    build: (room) => state(room, DAVE, "m.room.third_party_invite", "tok", { display_name: "x" }),
  },
];

const requiredLevelCases: RuleCase[] = [
  {
    name: "a state event below state_default is rejected",
    rule: REQUIRED_LEVEL,
    allowed: false,
    build: (room) => state(room, CHARLIE, "m.room.name", "", { name: "x" }),
  },
  {
    name: "a message below events_default is rejected",
    rule: REQUIRED_LEVEL,
    allowed: false,
    room: { powerLevels: { events_default: 10 } },
    build: (room) => message(room, CHARLIE),
  },
  {
    name: "an events entry raises the level of its type",
    rule: REQUIRED_LEVEL,
    allowed: false,
    room: { powerLevels: { events: { "org.example.ping": 20 } } },
    build: (room) => message(room, CHARLIE, "org.example.ping"),
  },
  {
    name: "an events entry lowers the level of a state type",
    rule: OTHERWISE,
    allowed: true,
    room: { powerLevels: { events: { "m.room.topic": 0 } } },
    build: (room) => state(room, CHARLIE, "m.room.topic", "", { topic: "x" }),
  },
  {
    name: "state_default applies to custom state types",
    rule: OTHERWISE,
    allowed: true,
    room: { powerLevels: { state_default: 0 } },
    build: (room) => state(room, CHARLIE, "org.example.custom", "k"),
  },
  {
    name: "m.room.redaction obeys its events level like any event",
    rule: REQUIRED_LEVEL,
    allowed: false,
    room: { powerLevels: { events: { "m.room.redaction": 75 } } },
    build: (room) => redaction(room, BOB, "$target:example.com"),
  },
  {
    name: "without a power-levels event a non-creator cannot send state (state_default 50)",
    rule: REQUIRED_LEVEL,
    allowed: false,
    room: { powerLevels: null },
    build: (room) => state(room, BOB, "m.room.topic", "", { topic: "x" }),
  },
  {
    name: "without a power-levels event the creator sends state",
    rule: OTHERWISE,
    allowed: true,
    room: { powerLevels: null },
    build: (room) => state(room, ALICE, "m.room.topic", "", { topic: "x" }),
  },
  {
    name: "without a power-levels event anyone joined sends messages (events_default 0)",
    rule: OTHERWISE,
    allowed: true,
    room: { powerLevels: null },
    build: (room) => message(room, BOB),
  },
  {
    name: "v12: a creator meets any required level",
    rule: "12:11",
    allowed: true,
    room: { powerLevels: { events: { "m.room.tombstone": 2 ** 53 - 1 } } },
    build: (room) => state(room, ALICE, "m.room.tombstone", "", { body: "moved" }),
  },
  {
    name: "v12: an additional creator meets any required level",
    rule: "12:11",
    allowed: true,
    room: { powerLevels: { events: { "m.room.tombstone": 2 ** 53 - 1 } }, createContent: { additional_creators: [DAVE] } },
    build: (room) => {
      room.member(DAVE, "join");
      return state(room, DAVE, "m.room.tombstone", "", { body: "moved" });
    },
  },
  {
    name: "before room 12 the highest explicit level still falls short of a higher requirement",
    rule: "1-5:8 6-11:7",
    allowed: false,
    room: { powerLevels: { events: { "m.room.tombstone": 101 } } },
    build: (room) => state(room, ALICE, "m.room.tombstone", "", { body: "moved" }),
  },
];

const stateKeyCases: RuleCase[] = [
  {
    name: "a state_key that is another user's ID is rejected",
    rule: STATE_KEY,
    allowed: false,
    room: { powerLevels: { state_default: 0 } },
    build: (room) => state(room, CHARLIE, "org.example.profile", BOB),
  },
  {
    name: "a state_key that is the sender's own ID is allowed",
    rule: OTHERWISE,
    allowed: true,
    room: { powerLevels: { state_default: 0 } },
    build: (room) => state(room, CHARLIE, "org.example.profile", CHARLIE),
  },
  {
    name: "even an admin cannot set state keyed by another user",
    rule: STATE_KEY,
    allowed: false,
    build: (room) => state(room, ALICE, "org.example.profile", CHARLIE),
  },
];

const redactionCases: RuleCase[] = [
  {
    name: "a redaction by a user at the redact level is allowed",
    rule: "1-2:11.1",
    allowed: true,
    build: (room) => redaction(room, BOB, "$target:evil.example"),
  },
  {
    name: "a redaction of an event from the redaction's own event-ID domain is allowed below the redact level",
    rule: "1-2:11.2",
    allowed: true,
    build: (room) => redaction(room, CHARLIE, "$target:example.com"),
  },
  {
    name: "a redaction below the redact level of another domain's event is rejected",
    rule: "1-2:11.3",
    allowed: false,
    build: (room) => redaction(room, CHARLIE, "$target:evil.example"),
  },
  {
    name: "a redaction without redacts is rejected below the redact level",
    rule: "1-2:11.3",
    allowed: false,
    build: (room) => room.event({ type: "m.room.redaction", sender: CHARLIE, content: {} }),
  },
  {
    name: "from room 3 redactions are checked when applied, not by the auth rules",
    rule: "3-5:11 6-11:10 12:11",
    allowed: true,
    build: (room) => redaction(room, CHARLIE, "$target:evil.example"),
  },
];

const powerCases: RuleCase[] = [
  {
    name: "levels are read from the power-levels event in the state, not defaults",
    rule: REQUIRED_LEVEL,
    allowed: false,
    build: (room) => {
      setPowerLevels(room, {}, { events_default: 60 });
      return message(room, BOB);
    },
  },
];

describe.each([
  ["m.federate", federateCases],
  ["m.room.aliases", aliasesCases],
  ["sender membership", senderCases],
  ["m.room.third_party_invite", thirdPartyInviteCases],
  ["required power level", requiredLevelCases],
  ["user-ID state keys", stateKeyCases],
  ["m.room.redaction", redactionCases],
  ["power-levels event in the state", powerCases],
] as const)("%s", (_group, cases) => {
  it.each(expandRuleCases(cases))("%s", (_name, version, rule, c) => {
    expect(runRuleCase(version, c)).toEqual(c.allowed ? { allowed: true } : { allowed: false, rule, reason: expect.any(String) as string });
  });
});
