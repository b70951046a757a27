import { describe, expect, it } from "vitest";
import { getRoomVersion, KNOWN_ROOM_VERSION_IDS } from "../../rooms/room-versions.js";
import { contentSchemaFor, ROOM_EVENT_CONTENT_SCHEMAS } from "./by-type.js";
import { roomCreateContentSchemaFor } from "./create.js";
import { roomPowerLevelsContentSchema, roomPowerLevelsContentSchemaFor } from "./power-levels.js";
import { roomRedactionContentSchemaFor } from "./redaction.js";

const v = getRoomVersion;

describe("m.room.create content per room version (m.room.create.yaml: creator)", () => {
  it("requires creator in rooms 1–10 and not from room 11, where the sender is the creator", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      const ok = roomCreateContentSchemaFor(v(id)).safeParse({ room_version: id }).success;
      expect(ok, `room ${id}`).toBe(v(id).implicitRoomCreator);
      expect(roomCreateContentSchemaFor(v(id)).safeParse({ room_version: id, creator: "@alice:example.org" }).success).toBe(true);
    }
  });

  it("validates additional_creators as user IDs only in room 12+, where it names creators", () => {
    const bad = { additional_creators: ["not-a-user", 5] };
    expect(roomCreateContentSchemaFor(v("11")).safeParse(bad).success).toBe(true);
    expect(roomCreateContentSchemaFor(v("12")).safeParse(bad).success).toBe(false);
    expect(roomCreateContentSchemaFor(v("12")).safeParse({ additional_creators: ["@bob:example.org", "@Old:example.org"] }).success).toBe(true);
  });
});

describe("m.room.power_levels content per room version", () => {
  // The example of fragment v1-stringy-power-levels.
  const stringy = {
    ban: "50",
    events: { "m.room.power_levels": "100" },
    events_default: "0",
    state_default: "50",
    users: { "@example:localhost": "100" },
    users_default: "0",
  };
  // The example of fragment v1-floaty-power-levels.
  const floaty = {
    ban: 50,
    events: { "m.room.power_levels": 100 },
    events_default: 0,
    state_default: 50,
    users: { "@example:example.org": 100, "@alice:localhost": 50, "@bob:localhost": 50.57 },
    users_default: 0,
  };

  it("accepts integers written as strings in rooms 1–9 (fragment v1-stringy-power-levels), not in 10+", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      expect(roomPowerLevelsContentSchemaFor(v(id)).safeParse(stringy).success, `room ${id}`).toBe(!v(id).integerPowerLevels);
    }
    expect(roomPowerLevelsContentSchema.safeParse(stringy).success).toBe(false);
  });

  it("accepts the string forms the fragment lists: leading zeros, a sign, surrounding whitespace", () => {
    const schema = roomPowerLevelsContentSchemaFor(v("9"));
    for (const level of ["100", "000100", "+100", "-100", " 100 ", " 00100 ", " +100 ", " -100 "]) {
      expect(schema.safeParse({ ban: level }).success, JSON.stringify(level)).toBe(true);
    }
    for (const level of ["1.5", "1e3", "", "fifty", "--1"]) {
      expect(schema.safeParse({ ban: level }).success, JSON.stringify(level)).toBe(false);
    }
  });

  it("accepts floats in rooms 1–5 (fragment v1-floaty-power-levels), not in 6+", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      expect(roomPowerLevelsContentSchemaFor(v(id)).safeParse(floaty).success, `room ${id}`).toBe(!v(id).strictCanonicalJson);
    }
  });

  it("rejects other types in every version", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      const schema = roomPowerLevelsContentSchemaFor(v(id));
      expect(schema.safeParse({ ban: true }).success).toBe(false);
      expect(schema.safeParse({ ban: null }).success).toBe(false);
      expect(schema.safeParse({ users: { "not-a-user": 1 } }).success).toBe(false);
      expect(schema.safeParse({ users: { "@a:example.org": [1] } }).success).toBe(false);
    }
  });
});

describe("m.room.redaction content per room version (m.room.redaction.yaml: redacts)", () => {
  it("requires content.redacts from room 11 (redactsInContent), in the room's event ID format", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      expect(roomRedactionContentSchemaFor(v(id)).safeParse({ reason: "spam" }).success, `room ${id}`).toBe(!v(id).redactsInContent);
    }
    const url = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";
    expect(roomRedactionContentSchemaFor(v("11")).safeParse({ redacts: url }).success).toBe(true);
    expect(roomRedactionContentSchemaFor(v("11")).safeParse({ redacts: "$abc:example.org" }).success).toBe(false);
  });
});

describe("contentSchemaFor", () => {
  it("gives the version-independent schema without a version, and undefined for unknown types", () => {
    for (const type of Object.keys(ROOM_EVENT_CONTENT_SCHEMAS)) {
      expect(contentSchemaFor(type)).toBe(ROOM_EVENT_CONTENT_SCHEMAS[type as keyof typeof ROOM_EVENT_CONTENT_SCHEMAS]);
    }
    expect(contentSchemaFor("m.room.message")).toBeUndefined();
    expect(contentSchemaFor("constructor")).toBeUndefined();
    expect(contentSchemaFor("__proto__", v("10"))).toBeUndefined();
  });

  it("gives each version its own schema for the version-dependent types, cached", () => {
    expect(contentSchemaFor("m.room.power_levels", v("1"))!.safeParse({ ban: "50" }).success).toBe(true);
    expect(contentSchemaFor("m.room.power_levels", v("10"))!.safeParse({ ban: "50" }).success).toBe(false);
    expect(contentSchemaFor("m.room.create", v("10"))).toBe(contentSchemaFor("m.room.create", v("10")));
    expect(contentSchemaFor("m.room.member", v("10"))).toBe(ROOM_EVENT_CONTENT_SCHEMAS["m.room.member"]);
  });
});
