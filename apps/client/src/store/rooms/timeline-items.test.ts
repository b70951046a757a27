import { describe, expect, it } from "vitest";
import { edit, member, message, reaction, redaction } from "./fixtures.test-helpers.js";
import { buildTimelineItems } from "./timeline-items.js";
import { emptyRoom } from "./types.js";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const DAY = 86_400_000;
const utcDay = (ts: number) => new Date(ts).toISOString().slice(0, 10);

describe("buildTimelineItems", () => {
  it("inserts day separators, folds edits and reactions, keeps state lines and ends with pending sends", () => {
    const first = message(ALICE, "morning", 1_000);
    const timeline = [
      member(BOB, "join", 500),
      first,
      edit(first, "good morning", 2_000),
      reaction(first, BOB, "☀️", 3_000),
      message(BOB, "next day", DAY + 1_000, { content: { msgtype: "m.text", body: "next day", "m.relates_to": { "m.in_reply_to": { event_id: first.event_id } } } }),
    ];
    const room = {
      ...emptyRoom("!r", "join"),
      timeline,
      pending: [{ txnId: "t", type: "m.room.message", content: { body: "sending" }, status: "sending" as const, createdTs: DAY + 2_000 }],
    };
    const items = buildTimelineItems(room, ALICE, utcDay);
    expect(items.map((i) => i.kind)).toEqual(["day", "state", "message", "day", "message", "pending"]);
    const edited = items[2];
    expect(edited?.kind === "message" && [edited.content.body, edited.edited, edited.reactions.map((r) => r.key)]).toEqual(["good morning", true, ["☀️"]]);
    const reply = items[4];
    expect(reply?.kind === "message" && reply.replyTo).toBe(first.event_id);
  });

  // "Rich replies" + "Event replacements": the quote of a replied-to message
  // shows it as it reads now, i.e. with its latest valid edit applied.
  it("quotes the replied-to message with its latest edit applied, and a deleted one as deleted", () => {
    const original = message(ALICE, "bring cake", 1_000);
    const gone = message(BOB, "secret", 1_500);
    const replyTo = (target: { event_id: string }, ts: number) =>
      message(BOB, "reply", ts, { content: { msgtype: "m.text", body: "reply", "m.relates_to": { "m.in_reply_to": { event_id: target.event_id } } } });
    const room = {
      ...emptyRoom("!r", "join"),
      timeline: [
        original,
        { ...gone, content: {}, unsigned: { redacted_because: redaction(gone, BOB, 1_600) } },
        edit(original, "bring pie", 2_000),
        replyTo(original, 3_000),
        replyTo(gone, 3_500),
        replyTo({ event_id: "$not-loaded" }, 4_000),
      ],
    };
    const quotes = buildTimelineItems(room, ALICE, utcDay).flatMap((i) => (i.kind === "message" && i.replyTo !== undefined ? [i.quoted] : []));
    expect(quotes).toEqual([{ sender: ALICE, body: "bring pie", redacted: false }, { sender: BOB, body: "", redacted: true }, undefined]);
  });

  it("shows a redacted message as redacted, without its reactions, and hides the redaction itself", () => {
    const target = message(BOB, "oops", 1);
    const redacted = { ...target, content: {}, unsigned: { redacted_because: redaction(target, BOB, 2) } };
    const room = { ...emptyRoom("!r", "join"), timeline: [redacted, reaction(target, ALICE, "👀", 2), redaction(target, BOB, 3)] };
    const items = buildTimelineItems(room, ALICE, utcDay).filter((i) => i.kind !== "day");
    expect(items).toHaveLength(1);
    expect(items[0]?.kind === "message" && [items[0].redacted, items[0].reactions]).toEqual([true, []]);
  });
});
