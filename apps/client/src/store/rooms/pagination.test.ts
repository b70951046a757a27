// GET /rooms/{roomId}/messages with dir=b: back-pagination.
import type { ClientEvent } from "@myelin/client-server";
import { describe, expect, it } from "vitest";
import { member, message } from "./fixtures.test-helpers.js";
import { applyBackwardsPage } from "./pagination.js";
import { emptyRoom, type TimelineEvent } from "./types.js";

const ROOM = "!room:example.org";
const ALICE = "@alice:example.org";
const withRoom = (e: TimelineEvent): ClientEvent => ({ ...e, room_id: ROOM });

describe("applyBackwardsPage", () => {
  it("puts the page (newest first from dir=b) in front in chronological order and moves prevBatch to end", () => {
    const newest = message(ALICE, "3", 3);
    const room = { ...emptyRoom(ROOM, "join"), timeline: [newest], prevBatch: "t2" };
    const next = applyBackwardsPage(room, { start: "t2", end: "t0", chunk: [message(ALICE, "2", 2), message(ALICE, "1", 1)].map(withRoom) });
    expect(next.timeline.map((e) => e.content.body)).toEqual(["1", "2", "3"]);
    expect(next.prevBatch).toBe("t0");
    expect(next.reachedStart).toBe(false);
    expect("room_id" in next.timeline[0]!).toBe(false);
  });

  it("reaches the start when the response has no end token (spec: no more events)", () => {
    const next = applyBackwardsPage({ ...emptyRoom(ROOM, "join"), prevBatch: "t1" }, { start: "t1", chunk: [withRoom(message(ALICE, "first", 1))] });
    expect(next.reachedStart).toBe(true);
    expect(next.prevBatch).toBeUndefined();
  });

  it("skips events it already holds and only adds lazy-loaded members it does not know", () => {
    const held = message(ALICE, "held", 5);
    const current = member(ALICE, "join", 4, "Alice now");
    const room = { ...emptyRoom(ROOM, "join"), timeline: [held], state: { "m.room.member": { [ALICE]: current } } };
    const next = applyBackwardsPage(room, {
      start: "a",
      end: "b",
      chunk: [withRoom(held), withRoom(message("@bob:example.org", "older", 1))],
      state: [withRoom(member(ALICE, "join", 1, "Alice then")), withRoom(member("@bob:example.org", "join", 1, "Bob"))],
    });
    expect(next.timeline.map((e) => e.content.body)).toEqual(["older", "held"]);
    expect(next.state["m.room.member"]?.[ALICE]?.content.displayname).toBe("Alice now");
    expect(next.state["m.room.member"]?.["@bob:example.org"]?.content.displayname).toBe("Bob");
  });
});
