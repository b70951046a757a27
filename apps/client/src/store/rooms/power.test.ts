// Power levels in the member list: room version 12 gives its creators an
// infinitely high level (rooms/v12 "Power levels"); older versions give the
// creator whatever m.room.power_levels says (100 by createRoom's default).
import { describe, expect, it } from "vitest";
import { describePowerLevel, roomPowerLevels } from "./power.js";
import { emptyRoom, type RoomModel } from "./types.js";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";

function roomWith(roomVersion: string): RoomModel {
  const state = {
    "m.room.create": { "": { type: "m.room.create", state_key: "", sender: ALICE, event_id: "$create", origin_server_ts: 1, content: { room_version: roomVersion } } },
    "m.room.power_levels": { "": { type: "m.room.power_levels", state_key: "", sender: ALICE, event_id: "$pl", origin_server_ts: 2, content: roomVersion === "12" ? { users: {} } : { users: { [ALICE]: 100 } } } },
  };
  return { ...emptyRoom("!r:example.org", "join"), state };
}

describe("describePowerLevel", () => {
  it("shows a v12 creator as 'creator' rather than 'power Infinity', and others by number", () => {
    const v12 = roomPowerLevels(roomWith("12"));
    expect(describePowerLevel(v12?.userLevel(ALICE))).toBe("creator");
    expect(describePowerLevel(v12?.userLevel(BOB))).toBe("power 0");
    const v11 = roomPowerLevels(roomWith("11"));
    expect(describePowerLevel(v11?.userLevel(ALICE))).toBe("power 100");
    expect(describePowerLevel(undefined)).toBe("power ?");
  });
});
