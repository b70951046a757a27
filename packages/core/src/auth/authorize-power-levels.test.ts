// Rule "If type is m.room.power_levels": 10.1–10.8 in rooms 1–5, 9.1–9.8 in
// rooms 6–9 (notifications checked from room 6), 9.1–9.10 in rooms 10–11
// (integer-only levels, 9.1–9.3), 10.1–10.10 in room 12 (10.4: creators may
// not be listed). Candidates are the current content with one change, so the
// change under test is the only one.
import { describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  CHARLIE,
  DAVE,
  ERIN,
  expandRuleCases,
  runRuleCase,
  setPowerLevels,
  type AuthRoom,
  type RuleCase,
} from "../../test/helpers/auth-room.js";
import type { JsonObject } from "../json/canonical-json.js";

/** A power-levels event by `sender`: the current content changed by `change`. */
function changed(room: AuthRoom, sender: string, change: (content: JsonObject & { users: JsonObject }) => void, stateKey = "") {
  const current = room.get("m.room.power_levels")?.content ?? { users: {} };
  const content = structuredClone(current) as JsonObject & { users: JsonObject };
  change(content);
  return room.event({ type: "m.room.power_levels", sender, stateKey, content });
}

/** The rule number per version range, from the number of the sub-rule in each list. */
const PL = (v1to9: string, v10to11: string, v12: string) => {
  const parts: string[] = [];
  if (v1to9 !== "") parts.push(`1-5:10.${v1to9}`, `6-9:9.${v1to9}`);
  if (v10to11 !== "") parts.push(`10-11:9.${v10to11}`);
  if (v12 !== "") parts.push(`12:10.${v12}`);
  return parts.join(" ");
};
const USERS = PL("1", "3", "3");
const NO_PREVIOUS = PL("2", "4", "5");
const PROPERTY_CURRENT = PL("3.1", "5.1", "6.1");
const PROPERTY_NEW = PL("3.2", "5.2", "6.2");
const MAPS_CHANGED_OR_REMOVED = PL("4.1", "6.1", "7.1");
const MAPS_ADDED_OR_CHANGED = PL("5.1", "7.1", "8.1");
const USERS_CHANGED_OR_REMOVED = PL("6.1", "8.1", "9.1");
const USERS_ADDED_OR_CHANGED = PL("7.1", "9.1", "10.1");
// Room 12's list numbers its last two entries "10." both; the allowing one is the second.
const ALLOW = PL("8", "10", "10");

const contentCases: RuleCase[] = [
  {
    name: "the first power-levels event may set any levels",
    rule: NO_PREVIOUS,
    allowed: true,
    room: { powerLevels: null },
    build: (room) => changed(room, ALICE, (c) => ((c.users = { [BOB]: 50, [CHARLIE]: 1000 }), (c.ban = 1000))),
  },
  {
    name: "users with a key that is not a user ID is rejected",
    rule: USERS,
    allowed: false,
    build: (room) => changed(room, ALICE, (c) => (c.users["not-a-user-id"] = 10)),
  },
  {
    name: "users with a value that is not a level is rejected",
    rule: USERS,
    allowed: false,
    build: (room) => changed(room, ALICE, (c) => (c.users[CHARLIE] = "abc")),
  },
  {
    name: "users that is not an object is rejected (even as the first power-levels event)",
    rule: USERS,
    allowed: false,
    room: { powerLevels: null },
    build: (room) => room.event({ type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: [BOB] } }),
  },
  {
    name: "users keyed by historical user IDs is valid",
    rule: ALLOW,
    allowed: true,
    build: (room) => changed(room, ALICE, (c) => (c.users["@Old_Style!User:example.com"] = 10)),
  },
  {
    name: "string levels in users are accepted before room 10",
    rule: PL("8", "", ""),
    allowed: true,
    build: (room) => changed(room, BOB, (c) => (c.users[CHARLIE] = " +25 ")),
  },
  {
    name: "string levels in users are rejected from room 10",
    rule: PL("", "3", "3"),
    allowed: false,
    build: (room) => changed(room, BOB, (c) => (c.users[CHARLIE] = "25")),
  },
  {
    name: "float levels in users count (truncated) in rooms 1–5",
    rule: "1-5:10.8",
    allowed: true,
    build: (room) => changed(room, BOB, (c) => (c.users[CHARLIE] = 25.5)),
  },
  {
    name: "float levels in users are not levels from room 6",
    rule: "6-9:9.1 10-11:9.3 12:10.3",
    allowed: false,
    build: (room) => changed(room, BOB, (c) => (c.users[CHARLIE] = 25.5)),
  },
  {
    name: "a string ban level is rejected from room 10",
    rule: "10-11:9.1 12:10.1",
    allowed: false,
    build: (room) => changed(room, ALICE, (c) => (c.ban = "50")),
  },
  {
    name: "a float kick level is rejected from room 10",
    rule: "10-11:9.1 12:10.1",
    allowed: false,
    build: (room) => changed(room, ALICE, (c) => (c.kick = 50.5)),
  },
  {
    name: "a string ban level is accepted before room 10",
    rule: PL("8", "", ""),
    allowed: true,
    build: (room) => changed(room, ALICE, (c) => (c.ban = "50")),
  },
  {
    name: "a string level in events is rejected from room 10",
    rule: "10-11:9.2 12:10.2",
    allowed: false,
    build: (room) => changed(room, ALICE, (c) => (c.events = { "m.room.name": "50" })),
  },
  {
    name: "notifications that is not an object is rejected from room 10",
    rule: "10-11:9.2 12:10.2",
    allowed: false,
    build: (room) => changed(room, ALICE, (c) => (c.notifications = 50)),
  },
  {
    name: "v12: listing the creator in users is rejected",
    rule: "12:10.4",
    allowed: false,
    build: (room) => changed(room, ALICE, (c) => (c.users[ALICE] = 100)),
  },
  {
    name: "v12: listing an additional creator in users is rejected, even as the first power-levels event",
    rule: "12:10.4",
    allowed: false,
    room: { powerLevels: null, createContent: { additional_creators: [ERIN] } },
    build: (room) => changed(room, ALICE, (c) => (c.users = { [ERIN]: 0 })),
  },
];

const changeCases: RuleCase[] = [
  {
    name: "changing a property whose current value is above the sender is rejected",
    rule: PROPERTY_CURRENT,
    allowed: false,
    build: (room) => {
      setPowerLevels(room, {}, { ban: 75 });
      return changed(room, BOB, (c) => (c.ban = 50));
    },
  },
  {
    name: "removing a property whose current value is above the sender is rejected",
    rule: PROPERTY_CURRENT,
    allowed: false,
    build: (room) => {
      setPowerLevels(room, {}, { redact: 75 });
      return changed(room, BOB, (c) => delete c.redact);
    },
  },
  {
    name: "raising a property above the sender is rejected",
    rule: PROPERTY_NEW,
    allowed: false,
    build: (room) => changed(room, BOB, (c) => (c.ban = 75)),
  },
  {
    name: "adding a property up to the sender's level is allowed",
    rule: ALLOW,
    allowed: true,
    build: (room) => changed(room, BOB, (c) => (c.kick = 50)),
  },
  {
    name: "changing an events entry whose current value is above the sender is rejected",
    rule: MAPS_CHANGED_OR_REMOVED,
    allowed: false,
    build: (room) => {
      setPowerLevels(room, {}, { events: { "m.room.name": 75 } });
      return changed(room, BOB, (c) => (c.events = { "m.room.name": 50 }));
    },
  },
  {
    name: "removing an events entry whose current value is above the sender is rejected",
    rule: MAPS_CHANGED_OR_REMOVED,
    allowed: false,
    build: (room) => {
      setPowerLevels(room, {}, { events: { "m.room.name": 75, "m.room.topic": 0 } });
      return changed(room, BOB, (c) => (c.events = { "m.room.topic": 0 }));
    },
  },
  {
    name: "adding an events entry above the sender is rejected",
    rule: MAPS_ADDED_OR_CHANGED,
    allowed: false,
    build: (room) => changed(room, BOB, (c) => (c.events = { "org.example.x": 100 })),
  },
  {
    name: "adding an events entry up to the sender's level is allowed",
    rule: ALLOW,
    allowed: true,
    build: (room) => changed(room, BOB, (c) => (c.events = { "org.example.x": 50 })),
  },
  {
    name: "rooms 1–5 do not check notifications: raising one above the sender is allowed",
    rule: "1-5:10.8",
    allowed: true,
    build: (room) => changed(room, BOB, (c) => (c.notifications = { room: 75 })),
  },
  {
    name: "from room 6 raising a notifications level above the sender is rejected",
    rule: "6-9:9.5.1 10-11:9.7.1 12:10.8.1",
    allowed: false,
    build: (room) => changed(room, BOB, (c) => (c.notifications = { room: 75 })),
  },
  {
    name: "from room 6 removing a notifications level above the sender is rejected",
    rule: "6-9:9.4.1 10-11:9.6.1 12:10.7.1",
    allowed: false,
    build: (room) => {
      setPowerLevels(room, {}, { notifications: { room: 75 } });
      return changed(room, BOB, (c) => delete c.notifications);
    },
  },
  {
    name: "demoting a user at the sender's own level is rejected",
    rule: USERS_CHANGED_OR_REMOVED,
    allowed: false,
    build: (room) => {
      setPowerLevels(room, { [CHARLIE]: 50 });
      return changed(room, BOB, (c) => (c.users[CHARLIE] = 0));
    },
  },
  {
    name: "removing a user above the sender is rejected",
    rule: USERS_CHANGED_OR_REMOVED,
    allowed: false,
    build: (room) => {
      setPowerLevels(room, { [DAVE]: 75 });
      return changed(room, BOB, (c) => delete c.users[DAVE]);
    },
  },
  {
    name: "the sender may demote themselves",
    rule: ALLOW,
    allowed: true,
    build: (room) => changed(room, BOB, (c) => (c.users[BOB] = 10)),
  },
  {
    name: "the sender may remove their own entry",
    rule: ALLOW,
    allowed: true,
    build: (room) => changed(room, BOB, (c) => delete c.users[BOB]),
  },
  {
    name: "raising a user above the sender is rejected",
    rule: USERS_ADDED_OR_CHANGED,
    allowed: false,
    build: (room) => changed(room, BOB, (c) => (c.users[CHARLIE] = 75)),
  },
  {
    name: "raising a user to the sender's level is allowed",
    rule: ALLOW,
    allowed: true,
    build: (room) => changed(room, BOB, (c) => (c.users[CHARLIE] = 50)),
  },
  {
    name: "a value that is written differently but equal is no change (\"50\" for 50)",
    rule: PL("8", "", ""),
    allowed: true,
    build: (room) => {
      setPowerLevels(room, { [DAVE]: 75 }, { ban: 75 });
      return changed(room, BOB, (c) => ((c.users[DAVE] = "75"), (c.ban = "0075")));
    },
  },
  {
    name: "v12: a creator (infinite level) may change any level",
    rule: "12:10.10",
    allowed: true,
    build: (room) => {
      setPowerLevels(room, { [BOB]: 2 ** 53 - 1 }, { ban: 2 ** 53 - 1 });
      return changed(room, ALICE, (c) => ((c.users[BOB] = 0), (c.ban = 0)));
    },
  },
  {
    name: "a power-levels event with another state_key is compared with the current one",
    rule: USERS_ADDED_OR_CHANGED,
    allowed: false,
    build: (room) => changed(room, BOB, (c) => (c.users[CHARLIE] = 75), "x"),
  },
];

describe.each([
  ["content", contentCases],
  ["changes", changeCases],
] as const)("m.room.power_levels: %s", (_group, cases) => {
  it.each(expandRuleCases(cases))("%s", (_name, version, rule, c) => {
    expect(runRuleCase(version, c)).toEqual(c.allowed ? { allowed: true } : { allowed: false, rule, reason: expect.any(String) as string });
  });
});
