// Client-server API "Syncing" (GET /sync): folding responses into room state.
import type { SyncResponse } from "@myelin/client-server";
import { describe, expect, it } from "vitest";
import { applySync } from "./apply-sync.js";
import { create, member, message, redaction } from "./fixtures.test-helpers.js";
import { EMPTY_SYNC_STATE } from "./types.js";

const ROOM = "!room:example.org";
const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";

function joined(update: Record<string, unknown>, nextBatch = "s1"): SyncResponse {
  return { next_batch: nextBatch, rooms: { join: { [ROOM]: update } } };
}

describe("applySync: joined rooms", () => {
  it("applies state before the timeline and timeline state after it, keeps prev_batch and next_batch", () => {
    const state = applySync(
      EMPTY_SYNC_STATE,
      joined({
        state: { events: [create(ALICE), member(ALICE, "join", 2, "Alice")] },
        timeline: { events: [member(BOB, "join", 3), message(BOB, "hi", 4)], prev_batch: "p0", limited: true },
        unread_notifications: { notification_count: 2, highlight_count: 1 },
        summary: { "m.heroes": [BOB], "m.joined_member_count": 2 },
      }),
    );
    const room = state.rooms[ROOM]!;
    expect(state.nextBatch).toBe("s1");
    expect(room.membership).toBe("join");
    expect(room.state["m.room.member"]?.[BOB]?.content.membership).toBe("join");
    expect(room.state["m.room.member"]?.[ALICE]?.content.displayname).toBe("Alice");
    expect(room.timeline.map((e) => e.type)).toEqual(["m.room.member", "m.room.message"]);
    expect(room.prevBatch).toBe("p0");
    expect([room.notificationCount, room.highlightCount]).toEqual([2, 1]);
    expect(room.summary).toEqual({ heroes: [BOB], joinedMemberCount: 2, invitedMemberCount: undefined });
    expect(room.lastActivityTs).toBe(4);
  });

  it("appends the next incremental sync and ignores an event it already holds", () => {
    const first = message(ALICE, "one", 10);
    let state = applySync(EMPTY_SYNC_STATE, joined({ timeline: { events: [first], prev_batch: "p0" } }));
    state = applySync(state, joined({ timeline: { events: [first, message(BOB, "two", 11)], prev_batch: "p1" } }, "s2"));
    expect(state.rooms[ROOM]!.timeline.map((e) => e.content.body)).toEqual(["one", "two"]);
    // Not limited: the older prev_batch still marks where back-pagination starts.
    expect(state.rooms[ROOM]!.prevBatch).toBe("p0");
  });

  it("drops the held timeline on a limited sync (a gap) and paginates from the new prev_batch", () => {
    let state = applySync(EMPTY_SYNC_STATE, joined({ timeline: { events: [message(ALICE, "old", 1)], prev_batch: "p0" } }));
    state = applySync(state, joined({ timeline: { events: [message(ALICE, "new", 100)], prev_batch: "p9", limited: true } }, "s2"));
    expect(state.rooms[ROOM]!.timeline.map((e) => e.content.body)).toEqual(["new"]);
    expect(state.rooms[ROOM]!.prevBatch).toBe("p9");
  });

  it("keeps unread counts and summary fields the server left out (they are sent on change)", () => {
    let state = applySync(EMPTY_SYNC_STATE, joined({ unread_notifications: { notification_count: 5, highlight_count: 2 }, summary: { "m.heroes": [BOB] } }));
    state = applySync(state, joined({ summary: { "m.joined_member_count": 3 } }, "s2"));
    const room = state.rooms[ROOM]!;
    expect([room.notificationCount, room.highlightCount]).toEqual([5, 2]);
    expect(room.summary.heroes).toEqual([BOB]);
    expect(room.summary.joinedMemberCount).toBe(3);
  });

  it("uses state_after instead of timeline state when the server sends it (use_state_after)", () => {
    const state = applySync(
      EMPTY_SYNC_STATE,
      joined({
        timeline: { events: [{ ...member(BOB, "join", 3), event_id: "$tl" }] },
        state_after: { events: [{ ...member(BOB, "leave", 4), event_id: "$after" }] },
      }),
    );
    expect(state.rooms[ROOM]!.state["m.room.member"]?.[BOB]?.content.membership).toBe("leave");
  });

  it("reads typing (m.typing replaces the list) and receipts (m.receipt, latest per user) from ephemeral", () => {
    let state = applySync(
      EMPTY_SYNC_STATE,
      joined({
        ephemeral: {
          events: [
            { type: "m.typing", content: { user_ids: [BOB] } },
            { type: "m.receipt", content: { $a: { "m.read": { [BOB]: { ts: 10 } } } } },
          ],
        },
      }),
    );
    state = applySync(
      state,
      joined({
        ephemeral: {
          events: [
            { type: "m.typing", content: { user_ids: [] } },
            { type: "m.receipt", content: { $b: { "m.read": { [BOB]: { ts: 20 } }, "m.read.private": { [ALICE]: { ts: 5 } } } } },
          ],
        },
      }, "s2"),
    );
    const room = state.rooms[ROOM]!;
    expect(room.typingUserIds).toEqual([]);
    expect(room.receipts[BOB]).toEqual({ eventId: "$b", ts: 20 });
    expect(room.receipts[ALICE]).toEqual({ eventId: "$b", ts: 5 });
  });

  it("applies m.room.redaction to the event it redacts (v11: content.redacts) with the room version's algorithm", () => {
    const target = message(BOB, "secret", 5);
    let state = applySync(EMPTY_SYNC_STATE, joined({ state: { events: [create(ALICE, "11")] }, timeline: { events: [target] } }));
    state = applySync(state, joined({ timeline: { events: [redaction(target, BOB, 6)] } }, "s2"));
    const redacted = state.rooms[ROOM]!.timeline.find((e) => e.event_id === target.event_id)!;
    expect(redacted.content).toEqual({});
    expect(redacted.unsigned?.redacted_because).toBeDefined();
  });

  it("removes a pending local echo when its event arrives with our transaction_id", () => {
    let state = applySync(EMPTY_SYNC_STATE, joined({ timeline: { events: [] } }));
    const room = state.rooms[ROOM]!;
    state = { ...state, rooms: { [ROOM]: { ...room, pending: [{ txnId: "t1", type: "m.room.message", content: { body: "x" }, status: "sending", createdTs: 1 }] } } };
    state = applySync(state, joined({ timeline: { events: [message(ALICE, "x", 2, { unsigned: { transaction_id: "t1" } })] } }, "s2"));
    expect(state.rooms[ROOM]!.pending).toEqual([]);
  });
});

describe("applySync: invites and leaves", () => {
  it("keeps an invite's stripped state, then replaces it with full state on join", () => {
    let state = applySync(EMPTY_SYNC_STATE, {
      next_batch: "s1",
      rooms: {
        invite: {
          [ROOM]: {
            invite_state: {
              events: [
                { type: "m.room.name", state_key: "", sender: BOB, content: { name: "Plans" } },
                { type: "m.room.member", state_key: ALICE, sender: BOB, content: { membership: "invite" } },
              ],
            },
          },
        },
      },
    });
    expect(state.rooms[ROOM]!.membership).toBe("invite");
    expect(state.rooms[ROOM]!.state["m.room.name"]?.[""]?.content.name).toBe("Plans");
    state = applySync(state, joined({ timeline: { events: [member(ALICE, "join", 9)], prev_batch: "p" } }, "s2"));
    expect(state.rooms[ROOM]!.membership).toBe("join");
    expect(state.rooms[ROOM]!.state["m.room.name"]).toBeUndefined();
    expect(state.rooms[ROOM]!.state["m.room.member"]?.[ALICE]?.content.membership).toBe("join");
  });

  it("marks a room left from rooms.leave", () => {
    let state = applySync(EMPTY_SYNC_STATE, joined({ timeline: { events: [message(BOB, "hi", 1)] } }));
    state = applySync(state, { next_batch: "s2", rooms: { leave: { [ROOM]: { timeline: { events: [member(ALICE, "leave", 2)] } } } } });
    expect(state.rooms[ROOM]!.membership).toBe("leave");
    expect(state.rooms[ROOM]!.timeline).toHaveLength(2);
  });
});
