// Unit checks of the pure parts of the sync slice: the since/next_batch token
// (sync.yaml: opaque, one position per stream; a bad token is M_INVALID_PARAM),
// EventFilter matching (event_filter.yaml: `*` wildcards, not_* wins),
// event_fields projection (appendices "Dot-separated property paths"),
// typing expiry (typing.yaml `timeout`) and private receipts ("Private read receipts").
import { MatrixError } from "@myelin/http";
import { describe, expect, it } from "vitest";
import { receiptEventsByRoom } from "../src/services/sync/ephemeral.js";
import { passesEventFilter, passesRoomEventFilter, projectEventFields, timelineLimitOf, MAX_TIMELINE_LIMIT } from "../src/services/sync/event-filter.js";
import { formatSyncToken, parseSyncToken } from "../src/services/sync/sync-token.js";
import { InProcessNotifier } from "../src/services/notifier.js";
import { MAX_TYPING_TIMEOUT_MS, TypingService } from "../src/services/typing.js";

describe("sync token", () => {
  it("round-trips every stream position", () => {
    const positions = { events: 12, accountData: 3, receipts: 0, presence: 7, typing: 1_700_000_000_123 };
    expect(parseSyncToken(formatSyncToken(positions))).toEqual(positions);
  });

  it.each(["", "s", "s1", "s1_2_3_4", "s1_2_3_4_5_6", "x1_2_3_4_5", "s1_2_3_-4_5", "s1_2_3_4_5e3", "s1.5_2_3_4_5", "s1234567890123456_0_0_0_0", "s 1_2_3_4_5"])(
    "refuses %j with M_INVALID_PARAM",
    (token) => {
      let caught: unknown;
      try {
        parseSyncToken(token);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MatrixError);
      expect((caught as MatrixError).errcode).toBe("M_INVALID_PARAM");
    },
  );
});

describe("event filters", () => {
  it("matches types with * wildcards, and not_types/not_senders win over types/senders", () => {
    expect(passesEventFilter({ types: ["m.room.*"] }, { type: "m.room.message" })).toBe(true);
    expect(passesEventFilter({ types: ["m.room.*"] }, { type: "m.roomx" })).toBe(false);
    expect(passesEventFilter({ types: ["*.message"] }, { type: "m.room.message" })).toBe(true);
    expect(passesEventFilter({ types: ["m.room.message"], not_types: ["m.room.*"] }, { type: "m.room.message" })).toBe(false);
    expect(passesEventFilter({ senders: ["@a:x"], not_senders: ["@a:x"] }, { type: "t", sender: "@a:x" })).toBe(false);
    expect(passesEventFilter({ senders: ["@a:x"] }, { type: "t", sender: "@b:x" })).toBe(false);
    expect(passesEventFilter({ types: [] }, { type: "anything" })).toBe(false);
    // A regex character in a type is literal.
    expect(passesEventFilter({ types: ["m.room.mess.ge"] }, { type: "m.room.message" })).toBe(false);
  });

  it("contains_url keeps or drops events with a url in their content", () => {
    expect(passesRoomEventFilter({ contains_url: true }, { type: "m.room.message", content: { url: "mxc://a/b" } })).toBe(true);
    expect(passesRoomEventFilter({ contains_url: true }, { type: "m.room.message", content: { body: "x" } })).toBe(false);
    expect(passesRoomEventFilter({ contains_url: false }, { type: "m.room.message", content: { url: "mxc://a/b" } })).toBe(false);
  });

  it("clamps the timeline limit", () => {
    expect(timelineLimitOf({})).toBe(10);
    expect(timelineLimitOf({ room: { timeline: { limit: 1_000_000 } } })).toBe(MAX_TIMELINE_LIMIT);
  });

  it("projects event_fields, with escaped dots, keeping the keys a client event needs", () => {
    const event = { event_id: "$e", type: "m.room.message", sender: "@a:x", origin_server_ts: 1, content: { body: "hi", "m.new": { a: 1 }, other: 2 }, unsigned: { age: 5 } };
    expect(projectEventFields(event, ["content.body"])).toEqual({ event_id: "$e", type: "m.room.message", sender: "@a:x", origin_server_ts: 1, content: { body: "hi" } });
    expect(projectEventFields(event, ["content.m\\.new.a", "unsigned"])).toMatchObject({ content: { "m.new": { a: 1 } }, unsigned: { age: 5 } });
    expect(projectEventFields(event, ["content.nothing.deeper"]).content).toEqual({});
    expect(projectEventFields(event, undefined)).toBe(event);
  });
});

describe("typing service", () => {
  it("expires a user after the timeout and reports the change with a new position", async () => {
    const changes: string[] = [];
    const typing = new TypingService(() => Date.now(), (roomId) => changes.push(roomId));
    const start = typing.currentPosition();
    typing.setTyping("!r:x", "@a:x", true, 50);
    expect(typing.typingIn("!r:x")).toEqual(["@a:x"]);
    expect(typing.changedSince(["!r:x"], start)).toEqual(new Map([["!r:x", ["@a:x"]]]));
    const afterStart = typing.currentPosition();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(typing.typingIn("!r:x")).toEqual([]);
    expect(typing.changedSince(["!r:x"], afterStart)).toEqual(new Map([["!r:x", []]]));
    expect(changes).toEqual(["!r:x", "!r:x"]);
    typing.close();
  });

  it("clamps long timeouts, and treats a token from a faster earlier process as 'before everything'", () => {
    let now = 1_000;
    const typing = new TypingService(() => now, () => undefined);
    typing.setTyping("!r:x", "@a:x", true, 10 * MAX_TYPING_TIMEOUT_MS);
    now += MAX_TYPING_TIMEOUT_MS + 1;
    expect(typing.typingIn("!r:x")).toEqual([]);
    now = 1_000;
    expect(typing.changedSince(["!r:x"], Number.MAX_SAFE_INTEGER)).toEqual(new Map([["!r:x", ["@a:x"]]]));
    typing.close();
  });
});

describe("receipt events", () => {
  it("groups receipts per room and leaves out other users' private receipts", () => {
    const base = { roomId: "!r:x", eventId: "$e", ts: 5, streamId: 1, threadId: null };
    const events = receiptEventsByRoom(
      [
        { ...base, userId: "@me:x", receiptType: "m.read.private" },
        { ...base, userId: "@other:x", receiptType: "m.read.private" },
        { ...base, userId: "@other:x", receiptType: "m.read", threadId: "main" },
      ],
      "@me:x",
    );
    expect(events.get("!r:x")).toEqual({
      type: "m.receipt",
      content: { $e: { "m.read.private": { "@me:x": { ts: 5 } }, "m.read": { "@other:x": { ts: 5, thread_id: "main" } } } },
    });
  });
});

describe("notifier: notifiedAfter (the extension for ephemeral changes, which have no stream ordering)", () => {
  it("resolves at once when a key was notified after the mark, and waits otherwise", async () => {
    const notifier = new InProcessNotifier();
    const mark = notifier.notificationSequence;
    notifier.notify(["@u:x"]);
    expect(await notifier.waitForChange(["@u:x"], 0, 10_000, undefined, { notifiedAfter: mark })).toBe(true);
    expect(await notifier.waitForChange(["@other:x"], 0, 20, undefined, { notifiedAfter: mark })).toBe(false);
    // Without the mark, an ephemeral notify that happened earlier is not seen (the race the mark closes).
    expect(await notifier.waitForChange(["@u:x"], 0, 20)).toBe(false);
    const later = notifier.notificationSequence;
    const waiting = notifier.waitForChange(["!room:x"], 0, 10_000, undefined, { notifiedAfter: later });
    notifier.notify(["!room:x"]);
    expect(await waiting).toBe(true);
    expect(notifier.waiting).toBe(0);
  });
});
