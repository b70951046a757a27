import { describe, expect, it } from "vitest";
import type { JsonObject } from "../json/canonical-json.js";
import { applyReplacement, checkReplacement, displayedContent, latestReplacement, type RelatedEvent } from "./event-replacement.js";

// Client-server module "Event replacements".

const ALICE = "@alice:example.org";
const ROOM = "!room:example.org";

const message = (eventId: string, content: JsonObject, fields: Partial<RelatedEvent> = {}): RelatedEvent => ({
  event_id: eventId,
  room_id: ROOM,
  type: "m.room.message",
  sender: ALICE,
  origin_server_ts: 1000,
  content,
  ...fields,
});

const edit = (eventId: string, target: string, newContent: JsonObject, fields: Partial<RelatedEvent> = {}) =>
  message(eventId, { body: `* ${JSON.stringify(newContent.body)}`, msgtype: "m.text", "m.new_content": newContent, "m.relates_to": { rel_type: "m.replace", event_id: target } }, { origin_server_ts: 2000, ...fields });

// "Applying m.new_content": the spec's pair of events and the end result. (The
// spec's edit points at "$original_event_id" while the original is
// "$original_event"; one ID is used here so that the edit is valid.)
const original = message("$original_event", { body: "I really like cake", msgtype: "m.text", formatted_body: "I really like cake" });
const specEdit = message("$edit_event", {
  body: "* I really like *chocolate* cake",
  msgtype: "m.text",
  "m.new_content": { body: "I really like *chocolate* cake", msgtype: "m.text", "com.example.extension_property": "chocolate" },
  "m.relates_to": { rel_type: "m.replace", event_id: "$original_event" },
});

describe("applying m.new_content ('Applying m.new_content')", () => {
  it("gives the spec's end result: content overwritten entirely, formatted_body gone", () => {
    expect(checkReplacement(original, specEdit)).toEqual({ valid: true });
    expect(applyReplacement(original.content, specEdit)).toEqual({ body: "I really like *chocolate* cake", msgtype: "m.text", "com.example.extension_property": "chocolate" });
  });

  it("keeps the original's m.relates_to and ignores one in m.new_content ('Edits of replies')", () => {
    const reply = message("$original_reply_event", { body: "reply", msgtype: "m.text", "m.relates_to": { "m.in_reply_to": { event_id: "$question" } } });
    const replyEdit = edit("$e", "$original_reply_event", { body: "reply!", msgtype: "m.text", "m.relates_to": { rel_type: "m.thread", event_id: "$x" } });
    expect(displayedContent(reply, [replyEdit])).toEqual({ body: "reply!", msgtype: "m.text", "m.relates_to": { "m.in_reply_to": { event_id: "$question" } } });
  });

  it("may change msgtype (m.text to m.emote)", () => {
    expect(displayedContent(original, [edit("$e", "$original_event", { body: "waves", msgtype: "m.emote" })])).toEqual({ body: "waves", msgtype: "m.emote" });
  });
});

describe("validity of replacement events ('Validity of replacement events')", () => {
  const valid = edit("$e", "$original_event", { body: "new", msgtype: "m.text" });
  const cases: [string, RelatedEvent, RelatedEvent, RegExp][] = [
    ["another room", original, { ...valid, room_id: "!other:example.org" }, /different rooms/],
    ["another sender", original, { ...valid, sender: "@mallory:example.org" }, /different senders/],
    ["another type", original, { ...valid, type: "m.sticker" }, /different types/],
    ["a state event as original", { ...original, state_key: "" }, valid, /state events/],
    ["a state event as replacement", original, { ...valid, state_key: "" }, /state events/],
    ["an edit as original", { ...original, content: { ...original.content, "m.relates_to": { rel_type: "m.replace", event_id: "$older" } } }, valid, /itself an edit/],
    ["no m.new_content", original, { ...valid, content: { body: "*", "m.relates_to": { rel_type: "m.replace", event_id: "$original_event" } } }, /no m.new_content/],
    ["m.new_content not an object", original, { ...valid, content: { ...valid.content, "m.new_content": "text" } }, /no m.new_content/],
    ["another relation type", original, { ...valid, content: { ...valid.content, "m.relates_to": { rel_type: "m.annotation", event_id: "$original_event", key: "x" } } }, /no m.replace/],
    ["an edit of another event", original, edit("$e", "$someone_else", { body: "new" }), /replaces "\$someone_else"/],
  ];

  it("accepts the valid edit (control)", () => {
    expect(checkReplacement(original, valid)).toEqual({ valid: true });
  });

  it.each(cases)("rejects %s", (_what, originalEvent, replacement, reason) => {
    const check = checkReplacement(originalEvent, replacement);
    expect(check.valid).toBe(false);
    expect(check.valid ? "" : check.reason).toMatch(reason);
    // An invalid replacement is ignored: the original is shown.
    expect(displayedContent(originalEvent, [replacement])).toBe(originalEvent.content);
  });
});

describe("the most recent valid replacement wins ('Client behaviour')", () => {
  it("by origin_server_ts", () => {
    const older = edit("$z", "$original_event", { body: "older" }, { origin_server_ts: 2000 });
    const newer = edit("$a", "$original_event", { body: "newer" }, { origin_server_ts: 3000 });
    expect(latestReplacement(original, [newer, older])).toBe(newer);
    expect(displayedContent(original, [older, newer])).toEqual({ body: "newer" });
  });

  it("by the lexicographically largest event_id when timestamps tie", () => {
    const a = edit("$aaa", "$original_event", { body: "a" });
    const b = edit("$bbb", "$original_event", { body: "b" });
    expect(latestReplacement(original, [b, a])).toBe(b);
    expect(latestReplacement(original, [a, b])).toBe(b);
  });

  it("skips invalid replacements even when they are newer", () => {
    const valid = edit("$v", "$original_event", { body: "valid" }, { origin_server_ts: 2000 });
    const forged = edit("$f", "$original_event", { body: "forged" }, { origin_server_ts: 9000, sender: "@mallory:example.org" });
    expect(displayedContent(original, [valid, forged])).toEqual({ body: "valid" });
  });

  it("shows the original without any edit once it is redacted ('Redactions of edited events')", () => {
    const redacted = { ...original, content: {}, unsigned: { redacted_because: { type: "m.room.redaction" } } };
    expect(displayedContent(redacted, [edit("$e", "$original_event", { body: "new" })])).toEqual({});
  });

  it("shows the original when there is no replacement", () => {
    expect(displayedContent(original, [])).toBe(original.content);
  });
});
