// "Rich replies" (client-server API, module "Rich replies"): a reply names the
// event it answers in m.relates_to.m.in_reply_to; when that event is not
// loaded, the client fetches it (GET /rooms/{roomId}/event/{eventId}) to quote it.
import { describe, expect, it } from "vitest";
import { addFetchedEvent, missingReplyTargets } from "./fetched-events.js";
import { applySync } from "./apply-sync.js";
import { create, message, redaction } from "./fixtures.test-helpers.js";
import { buildTimelineItems } from "./timeline-items.js";
import { EMPTY_SYNC_STATE, emptyRoom, type TimelineEvent } from "./types.js";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";

const replyTo = (eventId: string, ts: number): TimelineEvent =>
  message(BOB, "reply", ts, { content: { msgtype: "m.text", body: "reply", "m.relates_to": { "m.in_reply_to": { event_id: eventId } } } });

describe("replies to events outside the loaded timeline", () => {
  it("lists reply targets that are neither loaded nor fetched, once each", () => {
    const loaded = message(ALICE, "here", 1_000);
    const room = { ...emptyRoom("!r", "join"), timeline: [loaded, replyTo(loaded.event_id, 2_000), replyTo("$old", 3_000), replyTo("$old", 4_000)] };
    expect(missingReplyTargets(room)).toEqual(["$old"]);
    const fetched = addFetchedEvent(room, { ...message(ALICE, "from long ago", 10), event_id: "$old" });
    expect(missingReplyTargets(fetched)).toEqual([]);
  });

  it("quotes a fetched event when the replied-to message is not in the timeline", () => {
    const room = { ...emptyRoom("!r", "join"), timeline: [replyTo("$old", 3_000)] };
    const before = buildTimelineItems(room, BOB);
    expect(before[1]?.kind === "message" && [before[1].replyTo, before[1].quoted]).toEqual(["$old", undefined]);
    const after = buildTimelineItems(addFetchedEvent(room, { ...message(ALICE, "from long ago", 10), event_id: "$old" }), BOB);
    expect(after[1]?.kind === "message" && after[1].quoted).toEqual({ sender: ALICE, body: "from long ago", redacted: false });
  });

  it("ignores an event of another room", () => {
    const room = { ...emptyRoom("!r", "join"), timeline: [replyTo("$old", 3_000)] };
    const foreign = { ...message(ALICE, "elsewhere", 10), event_id: "$old", room_id: "!other" } as TimelineEvent;
    expect(addFetchedEvent(room, foreign)).toBe(room);
  });
});

// "Redactions": a redaction that arrives in /sync also strips the copy of its
// target that was fetched on its own, so the quote shows the message as deleted.
describe("redacting a fetched event", () => {
  it("applies a synced m.room.redaction to the fetched copy", () => {
    const ROOM = "!room:example.org";
    const old = message(ALICE, "regrettable", 10);
    const sync = (events: TimelineEvent[], nextBatch: string) => ({ next_batch: nextBatch, rooms: { join: { [ROOM]: { timeline: { events } } } } });
    let state = applySync(EMPTY_SYNC_STATE, { next_batch: "s1", rooms: { join: { [ROOM]: { state: { events: [create(ALICE, "11")] }, timeline: { events: [replyTo(old.event_id, 3_000)] } } } } });
    state = { ...state, rooms: { [ROOM]: addFetchedEvent(state.rooms[ROOM]!, old) } };
    state = applySync(state, sync([redaction(old, ALICE, 4_000)], "s2"));
    const room = state.rooms[ROOM]!;
    expect(room.fetchedEvents?.[old.event_id]?.content).toEqual({});
    const items = buildTimelineItems(room, BOB);
    const reply = items.find((item) => item.kind === "message");
    expect(reply?.kind === "message" && reply.quoted).toEqual({ sender: ALICE, body: "", redacted: true });
  });
});
