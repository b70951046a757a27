import { describe, expect, it } from "vitest";
import { MatrixCoreError } from "../errors.js";
import { DEFAULT_ROOM_VERSION, findRoomVersion, getRoomVersion, KNOWN_ROOM_VERSION_IDS, type RoomVersion } from "./room-versions.js";

// What each page of content/rooms/ (v1.md … v12.md) says its version changes.
const flagsByVersion: Record<string, Partial<RoomVersion>> = {
  "1": { eventFormat: "v1", eventIdFormat: "server-generated", stateResolution: "v1", redaction: "v1", specialCaseAliasesAuth: true },
  "2": { eventFormat: "v1", stateResolution: "v2" },
  "3": { eventFormat: "v3", eventIdFormat: "base64", redactionAuthDeferred: true },
  "4": { eventIdFormat: "url-safe-base64", enforceKeyValidity: false },
  "5": { enforceKeyValidity: true, strictCanonicalJson: false },
  "6": { redaction: "v6", strictCanonicalJson: true, specialCaseAliasesAuth: false, limitNotificationsPowerLevels: true, knocking: false },
  "7": { knocking: true, restrictedJoins: false },
  "8": { restrictedJoins: true, redaction: "v8" },
  "9": { redaction: "v9", knockRestricted: false },
  "10": { knockRestricted: true, integerPowerLevels: true, implicitRoomCreator: false },
  "11": { redaction: "v11", implicitRoomCreator: true, redactsInContent: true, roomIdFromCreateEvent: false },
  "12": { eventFormat: "v12", stateResolution: "v2.1", roomIdFromCreateEvent: true, privilegedCreators: true, createEventNotInAuthEvents: true },
};

describe("room versions table (spec: Room Versions)", () => {
  it("knows exactly the stable versions 1 to 12, in order", () => {
    expect(KNOWN_ROOM_VERSION_IDS).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
    for (const id of KNOWN_ROOM_VERSION_IDS) expect(getRoomVersion(id).stable).toBe(true);
  });

  it.each(Object.entries(flagsByVersion))("version %s has the features its page lists", (id, flags) => {
    expect(getRoomVersion(id)).toMatchObject({ id, ...flags });
  });

  it("carries features forward: once a flag turns on it stays on", () => {
    const monotonic: (keyof RoomVersion)[] = [
      "redactionAuthDeferred", "enforceKeyValidity", "strictCanonicalJson", "limitNotificationsPowerLevels", "knocking",
      "restrictedJoins", "knockRestricted", "integerPowerLevels", "implicitRoomCreator", "redactsInContent",
      "roomIdFromCreateEvent", "privilegedCreators", "createEventNotInAuthEvents",
    ];
    for (const flag of monotonic) {
      const values = KNOWN_ROOM_VERSION_IDS.map((id) => getRoomVersion(id)[flag]);
      const firstOn = values.indexOf(true);
      expect(firstOn, flag).toBeGreaterThan(-1);
      expect(values.slice(firstOn).every(Boolean), flag).toBe(true);
    }
    expect(getRoomVersion("5").specialCaseAliasesAuth).toBe(true);
    expect(getRoomVersion("6").specialCaseAliasesAuth).toBe(false);
  });

  it("defaults new rooms to version 12, as the spec recommends", () => {
    expect(DEFAULT_ROOM_VERSION).toBe("12");
  });

  it("rejects unknown versions with a typed error", () => {
    expect(findRoomVersion("org.matrix.msc2176")).toBeUndefined();
    expect(() => getRoomVersion("13")).toThrow(MatrixCoreError);
    expect(() => getRoomVersion("")).toThrow(expect.objectContaining({ code: "UNKNOWN_ROOM_VERSION" }));
  });

  it("records are frozen so code cannot change a version at run time", () => {
    expect(Object.isFrozen(getRoomVersion("10"))).toBe(true);
  });
});
