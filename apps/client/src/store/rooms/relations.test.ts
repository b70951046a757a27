// "Event replacements" and "Event annotations and reactions" (client-server API modules).
import { describe, expect, it } from "vitest";
import { edit, message, reaction } from "./fixtures.test-helpers.js";
import { aggregateRelations, displayedContent } from "./relations.js";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";

describe("aggregateRelations: edits (m.replace)", () => {
  it("shows the latest valid edit's m.new_content and marks it edited", () => {
    const original = message(ALICE, "helo", 1);
    const first = edit(original, "hello", 2);
    const second = edit(original, "hello!", 3);
    const aggregations = aggregateRelations([original, second, first], ALICE);
    expect(displayedContent(original, aggregations)).toEqual({ content: { msgtype: "m.text", body: "hello!" }, edited: true });
  });

  it("breaks an origin_server_ts tie by the lexicographically largest event ID", () => {
    const original = message(ALICE, "a", 1);
    const low = { ...edit(original, "low", 5), event_id: "$aaa" };
    const high = { ...edit(original, "high", 5), event_id: "$zzz" };
    expect(aggregateRelations([original, high, low], ALICE).latestEdit.get(original.event_id)?.event_id).toBe("$zzz");
  });

  it("ignores an edit from another sender, and one without m.new_content", () => {
    const original = message(ALICE, "mine", 1);
    const forged = edit(original, "not yours", 2, BOB);
    const bare = { ...edit(original, "x", 3), content: { body: "* x", "m.relates_to": { rel_type: "m.replace", event_id: original.event_id } } };
    const aggregations = aggregateRelations([original, forged, bare], ALICE);
    expect(displayedContent(original, aggregations).edited).toBe(false);
  });

  it("falls back to the previous edit when the latest edit is redacted", () => {
    const original = message(ALICE, "a", 1);
    const kept = edit(original, "kept", 2);
    const removed = { ...edit(original, "removed", 3), unsigned: { redacted_because: {} } };
    expect(displayedContent(original, aggregateRelations([original, kept, removed], ALICE)).content.body).toBe("kept");
  });

  it("keeps the original's reply relation on the edited content", () => {
    const original = message(ALICE, "re", 1, {
      content: { msgtype: "m.text", body: "re", "m.relates_to": { "m.in_reply_to": { event_id: "$parent" } } },
    });
    const shown = displayedContent(original, aggregateRelations([original, edit(original, "reply", 2)], ALICE)).content;
    expect(shown["m.relates_to"]).toEqual({ "m.in_reply_to": { event_id: "$parent" } });
  });
});

describe("aggregateRelations: reactions (m.annotation)", () => {
  it("groups by key, counts each sender once and remembers our own reaction for toggling", () => {
    const target = message(BOB, "lunch?", 1);
    const mine = reaction(target, ALICE, "👍", 2);
    const timeline = [target, mine, reaction(target, BOB, "👍", 3), reaction(target, BOB, "👍", 4), reaction(target, BOB, "🎉", 5)];
    expect(aggregateRelations(timeline, ALICE).reactions.get(target.event_id)).toEqual([
      { key: "👍", senders: [ALICE, BOB], ownEventId: mine.event_id },
      { key: "🎉", senders: [BOB], ownEventId: undefined },
    ]);
  });

  it("stops counting a redacted reaction (toggled off)", () => {
    const target = message(BOB, "x", 1);
    const removed = { ...reaction(target, ALICE, "👍", 2), content: {}, unsigned: { redacted_because: {} } };
    expect(aggregateRelations([target, removed], ALICE).reactions.get(target.event_id)).toBeUndefined();
  });
});
