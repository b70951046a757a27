// The views' names come from @myelin/core's algorithms; this checks the store feeds them the right inputs.
import { describe, expect, it } from "vitest";
import { member } from "./fixtures.test-helpers.js";
import { memberNames, roomName } from "./names.js";
import { emptyRoom, type RoomModel } from "./types.js";

const ME = "@me:example.org";

function roomWith(members: ReturnType<typeof member>[], patch: Partial<RoomModel> = {}): RoomModel {
  const state = { "m.room.member": Object.fromEntries(members.map((m) => [m.state_key!, m])) };
  return { ...emptyRoom("!r:example.org", "join"), state, ...patch };
}

describe("room and member names from state and the sync summary", () => {
  it("names a room without m.room.name from the summary's heroes and counts", () => {
    const room = roomWith([member(ME, "join", 1), member("@a:example.org", "join", 2, "Alice")], {
      summary: { heroes: ["@a:example.org"], joinedMemberCount: 2, invitedMemberCount: 0 },
    });
    expect(roomName(room, ME)).toBe("Alice");
  });

  it("prefers m.room.name, then the canonical alias", () => {
    const named = { ...roomWith([]), state: { "m.room.name": { "": { type: "m.room.name", state_key: "", sender: ME, content: { name: "Plans" } } } } };
    expect(roomName(named, ME)).toBe("Plans");
    const aliased = { ...roomWith([]), state: { "m.room.canonical_alias": { "": { type: "m.room.canonical_alias", state_key: "", sender: ME, content: { alias: "#plans:example.org" } } } } };
    expect(roomName(aliased, ME)).toBe("#plans:example.org");
  });

  it("disambiguates two joined members sharing a display name", () => {
    const room = roomWith([member("@a:example.org", "join", 1, "Sam"), member("@b:example.org", "join", 2, "Sam"), member("@c:example.org", "join", 3, "Kim")]);
    const names = memberNames(room);
    expect(names.displayNameOf("@a:example.org")).not.toBe("Sam");
    expect(names.displayNameOf("@a:example.org")).toContain("@a:example.org");
    expect(names.displayNameOf("@c:example.org")).toBe("Kim");
  });
});
