// Reading m.room.power_levels (event schema m.room.power_levels; server-server
// "Definitions": required power level, invite/kick/ban/redact levels) and the
// room's creators (rooms 1–10 content.creator, 11 sender, 12 sender +
// additional_creators with infinite power).
import { describe, expect, it } from "vitest";
import { ALICE, AuthRoom, BOB, CHARLIE, DAVE, ERIN, setPowerLevels, standardRoom } from "../../test/helpers/auth-room.js";
import { getRoomVersion } from "../rooms/room-versions.js";
import { roomCreators } from "./creators.js";
import { DEFAULT_POWER_LEVELS, notificationLevel, readPowerLevels, requiredLevelForEvent } from "./power-levels.js";
import { RoomPowerLevels } from "./room-power-levels.js";
import { userPowerLevel } from "./user-level.js";

const v1 = getRoomVersion("1");
const v10 = getRoomVersion("10");

describe("readPowerLevels", () => {
  it("without a power-levels event: ban/kick/redact 50, invite 0, users_default 0, events_default 0, state_default 50", () => {
    const levels = readPowerLevels(undefined, v10);
    expect(levels).toMatchObject({ ban: 50, kick: 50, redact: 50, invite: 0, usersDefault: 0, eventsDefault: 0, stateDefault: 50 });
    expect(levels).toBe(DEFAULT_POWER_LEVELS);
  });

  it("an empty power-levels content has the same defaults", () => {
    expect(readPowerLevels({}, v10)).toMatchObject({ ban: 50, kick: 50, redact: 50, invite: 0, usersDefault: 0, eventsDefault: 0, stateDefault: 50 });
  });

  it("reads explicit values and maps", () => {
    const levels = readPowerLevels(
      { ban: 70, kick: 60, redact: 40, invite: 10, users_default: 5, events_default: 1, state_default: 20, users: { [BOB]: 50 }, events: { "m.room.name": 30 }, notifications: { room: 20 } },
      v10,
    );
    expect(levels).toMatchObject({ ban: 70, kick: 60, redact: 40, invite: 10, usersDefault: 5, eventsDefault: 1, stateDefault: 20 });
    expect(levels.users.get(BOB)).toBe(50);
    expect(levels.events.get("m.room.name")).toBe(30);
    expect(levels.notifications.get("room")).toBe(20);
  });

  it("rooms 1–9 read stringy values; room 10 treats them as absent (the auth rules reject such events)", () => {
    const content = { ban: "70", users: { [BOB]: " 60 " }, events: { "m.room.name": "+30" } };
    const old = readPowerLevels(content, v1);
    expect([old.ban, old.users.get(BOB), old.events.get("m.room.name")]).toEqual([70, 60, 30]);
    const strict = readPowerLevels(content, v10);
    expect([strict.ban, strict.users.get(BOB), strict.events.get("m.room.name")]).toEqual([50, undefined, undefined]);
  });

  it("values that are not levels fall back to the defaults; maps that are not objects are empty", () => {
    const levels = readPowerLevels({ ban: true, kick: null, users: [BOB], events: "x", notifications: { room: {} } }, v1);
    expect([levels.ban, levels.kick, levels.users.size, levels.events.size, levels.notifications.size]).toEqual([50, 50, 0, 0, 0]);
  });

  it("reads only the content's own keys (no prototype lookups)", () => {
    const content = JSON.parse('{"users": {"__proto__": 5, "@bob:example.com": 10}}') as Parameters<typeof readPowerLevels>[0];
    const levels = readPowerLevels(content, v10);
    expect(levels.users.get("__proto__")).toBe(5);
    expect(levels.users.get("constructor")).toBeUndefined();
    expect(levels.events.get("toString")).toBeUndefined();
  });
});

describe("requiredLevelForEvent and notificationLevel", () => {
  const levels = readPowerLevels({ events_default: 5, state_default: 40, events: { "m.room.name": 60, "m.reaction": 1 } }, v10);

  it("uses the events entry, else state_default for state events and events_default for the others", () => {
    expect(requiredLevelForEvent("m.room.name", true, levels)).toBe(60);
    expect(requiredLevelForEvent("m.reaction", false, levels)).toBe(1);
    expect(requiredLevelForEvent("m.room.topic", true, levels)).toBe(40);
    expect(requiredLevelForEvent("m.room.message", false, levels)).toBe(5);
    expect(requiredLevelForEvent("m.room.topic", true, DEFAULT_POWER_LEVELS)).toBe(50);
    expect(requiredLevelForEvent("m.room.message", false, DEFAULT_POWER_LEVELS)).toBe(0);
  });

  it("notifications.room defaults to 50; other keys have no default", () => {
    expect(notificationLevel("room", levels)).toBe(50);
    expect(notificationLevel("room", readPowerLevels({ notifications: { room: 10 } }, v10))).toBe(10);
    expect(notificationLevel("other", levels)).toBeUndefined();
  });
});

describe("roomCreators", () => {
  function createEventOf(versionId: string, content = {}) {
    const room = new AuthRoom(versionId);
    return room.createEvent(ALICE, content);
  }

  it("rooms 1–10: content.creator", () => {
    expect(roomCreators(createEventOf("10", { creator: BOB }), v10)).toEqual(new Set([BOB]));
  });

  it("room 11: the sender, whatever content.creator says", () => {
    expect(roomCreators(createEventOf("11", { creator: BOB }), getRoomVersion("11"))).toEqual(new Set([ALICE]));
  });

  it("room 12: the sender and additional_creators", () => {
    expect(roomCreators(createEventOf("12", { additional_creators: [BOB, CHARLIE] }), getRoomVersion("12"))).toEqual(new Set([ALICE, BOB, CHARLIE]));
  });

  it("no create event: no creators", () => {
    expect(roomCreators(undefined, v10).size).toBe(0);
  });
});

describe("userPowerLevel", () => {
  it("rooms 1–11 without a power-levels event: the creator 100, others 0", () => {
    for (const v of ["1", "10", "11"]) {
      const room = standardRoom(v, { powerLevels: null });
      const create = room.get("m.room.create");
      expect(userPowerLevel(ALICE, undefined, create, room.version)).toBe(100);
      expect(userPowerLevel(BOB, undefined, create, room.version)).toBe(0);
    }
  });

  it("with a power-levels event: users entry, else users_default", () => {
    const room = standardRoom("10", { powerLevels: { users_default: 7 } });
    const [pl, create] = [room.get("m.room.power_levels"), room.get("m.room.create")];
    expect(userPowerLevel(ALICE, pl, create, room.version)).toBe(100);
    expect(userPowerLevel(BOB, pl, create, room.version)).toBe(50);
    expect(userPowerLevel(DAVE, pl, create, room.version)).toBe(7);
  });

  it("with a power-levels event the creator has no special level before room 12", () => {
    const room = standardRoom("11");
    setPowerLevels(room, { [ALICE]: 3 });
    expect(userPowerLevel(ALICE, room.get("m.room.power_levels"), room.get("m.room.create"), room.version)).toBe(3);
  });

  it("room 12: creators have infinite power with or without a power-levels event; others users_default or 0", () => {
    const room = standardRoom("12", { createContent: { additional_creators: [ERIN] }, powerLevels: { users_default: 3 } });
    const [pl, create] = [room.get("m.room.power_levels"), room.get("m.room.create")];
    expect(userPowerLevel(ALICE, pl, create, room.version)).toBe(Infinity);
    expect(userPowerLevel(ERIN, pl, create, room.version)).toBe(Infinity);
    expect(userPowerLevel(ERIN, undefined, create, room.version)).toBe(Infinity);
    expect(userPowerLevel(DAVE, pl, create, room.version)).toBe(3);
    expect(userPowerLevel(DAVE, undefined, create, room.version)).toBe(0);
  });
});

describe("RoomPowerLevels", () => {
  it("answers the power questions of the auth rules", () => {
    const room = standardRoom("10", { powerLevels: { users: { [CHARLIE]: 10 }, invite: 5, kick: 40, ban: 60, redact: 30, notifications: { room: 20 } } });
    const power = RoomPowerLevels.fromEvents(room.get("m.room.power_levels"), room.get("m.room.create"), room.version);
    expect(power.userLevel(BOB)).toBe(50);
    expect(power.canInvite(CHARLIE)).toBe(true);
    expect(power.canInvite(DAVE)).toBe(false);
    expect(power.canKick(BOB, CHARLIE)).toBe(true);
    expect(power.canKick(BOB, ALICE)).toBe(false);
    expect(power.canKick(CHARLIE, DAVE)).toBe(false);
    expect(power.canBan(BOB, CHARLIE)).toBe(false); // ban level 60
    expect(power.canBan(ALICE, BOB)).toBe(true);
    expect(power.canUnban(ALICE, BOB)).toBe(true);
    expect(power.canUnban(BOB, CHARLIE)).toBe(false);
    expect(power.canRedactOthers(BOB)).toBe(true);
    expect(power.canRedactOthers(CHARLIE)).toBe(false);
    expect(power.canNotify(CHARLIE, "room")).toBe(false);
    expect(power.canNotify(BOB, "room")).toBe(true);
    expect(power.canNotify(BOB, "unknown")).toBe(false);
    expect(power.canSendEvent(CHARLIE, "m.room.message", false)).toBe(true);
    expect(power.canSendEvent(CHARLIE, "m.room.topic", true)).toBe(false);
    expect(power.requiredLevelForEvent("m.room.topic", true)).toBe(50);
  });

  it("without a power-levels event uses the defaults and the creator's 100", () => {
    const room = standardRoom("10", { powerLevels: null });
    const power = RoomPowerLevels.fromEvents(undefined, room.get("m.room.create"), room.version);
    expect(power.levels).toBe(DEFAULT_POWER_LEVELS);
    expect(power.userLevel(ALICE)).toBe(100);
    expect(power.canKick(ALICE, BOB)).toBe(true);
    expect(power.canKick(BOB, CHARLIE)).toBe(false);
  });

  it("room 12: nobody can kick or ban a creator", () => {
    const room = standardRoom("12");
    setPowerLevels(room, { [BOB]: 2 ** 53 - 1 });
    const power = RoomPowerLevels.fromEvents(room.get("m.room.power_levels"), room.get("m.room.create"), room.version);
    expect(power.canBan(BOB, ALICE)).toBe(false);
    expect(power.canBan(ALICE, BOB)).toBe(true);
  });
});
