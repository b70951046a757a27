// Local echo of sent messages ("Transaction identifiers", "Local echo" in the client-server API).
import { describe, expect, it } from "vitest";
import { message } from "./fixtures.test-helpers.js";
import { addPendingEvent, markPendingFailed, markPendingRetrying, markPendingSent, reconcilePending } from "./local-echo.js";
import { emptyRoom } from "./types.js";

const ROOM = emptyRoom("!r:example.org", "join");
const pending = { txnId: "t1", type: "m.room.message", content: { msgtype: "m.text", body: "hi" }, createdTs: 1 };

describe("local echo transitions", () => {
  it("goes sending → sent (with the event ID) → gone when the event arrives", () => {
    let room = addPendingEvent(ROOM, pending);
    expect(room.pending[0]?.status).toBe("sending");
    room = markPendingSent(room, "t1", "$e1");
    expect(room.pending[0]).toMatchObject({ status: "sent", eventId: "$e1" });
    // Another device's echo lacks our transaction_id: the event ID still matches.
    expect(reconcilePending(room.pending, { event_id: "$e1" })).toEqual([]);
  });

  it("goes sending → failed with the error → sending again on retry, keeping the transaction ID", () => {
    let room = markPendingFailed(addPendingEvent(ROOM, pending), "t1", "M_LIMIT_EXCEEDED");
    expect(room.pending[0]).toMatchObject({ status: "failed", error: "M_LIMIT_EXCEEDED" });
    room = markPendingRetrying(room, "t1");
    expect(room.pending[0]).toMatchObject({ status: "sending", txnId: "t1" });
    expect(room.pending[0]?.error).toBeUndefined();
  });

  it("drops the pending entry at once when /sync delivered the event before the PUT answered", () => {
    const arrived = message("@a:example.org", "hi", 2, { event_id: "$e1" });
    const room = markPendingSent({ ...addPendingEvent(ROOM, pending), timeline: [arrived] }, "t1", "$e1");
    expect(room.pending).toEqual([]);
  });

  it("leaves unrelated pending entries alone", () => {
    const room = addPendingEvent(ROOM, pending);
    expect(reconcilePending(room.pending, { event_id: "$other", unsigned: { transaction_id: "t9" } })).toBe(room.pending);
  });
});
