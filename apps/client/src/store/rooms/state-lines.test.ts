import { describe, expect, it } from "vitest";
import { member } from "./fixtures.test-helpers.js";
import { describeStateEvent } from "./state-lines.js";

const nameOf = (userId: string) => userId.slice(1, userId.indexOf(":"));

describe("describeStateEvent: m.room.member transitions", () => {
  it("describes join, leave, kick, ban, invite and display name changes", () => {
    const kick = { ...member("@bob:x", "leave", 2), sender: "@alice:x", content: { membership: "leave", reason: "spam" }, unsigned: { prev_content: { membership: "join" } } };
    const rename = { ...member("@bob:x", "join", 3, "Bobby"), unsigned: { prev_content: { membership: "join", displayname: "Bob" } } };
    const invite = { ...member("@bob:x", "invite", 1), sender: "@alice:x" };
    const ban = { ...member("@bob:x", "ban", 4), sender: "@alice:x" };
    expect(describeStateEvent(member("@bob:x", "join", 1), nameOf)).toBe("bob joined the room");
    expect(describeStateEvent({ ...member("@bob:x", "leave", 1), unsigned: { prev_content: { membership: "join" } } }, nameOf)).toBe("bob left the room");
    expect(describeStateEvent(kick, nameOf)).toBe("alice removed bob: spam");
    expect(describeStateEvent(invite, nameOf)).toBe("alice invited bob");
    expect(describeStateEvent(ban, nameOf)).toBe("alice banned bob");
    expect(describeStateEvent(rename, nameOf)).toBe("Bob changed their display name to Bobby");
  });
});
