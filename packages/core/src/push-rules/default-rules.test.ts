// client-server "Predefined Rules" (v1.19): the server-default rules, read
// from the spec text itself and compared with defaultPushRules; then each
// default rule against the events it is meant for, and not others.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultPushRules, isServerDefaultRuleId, MASTER_RULE_ID } from "./default-rules.js";
import { evaluatePushRules } from "./evaluate.js";
import type { PushEvaluationContext } from "./conditions.js";
import { mergeWithDefaults } from "./merge.js";
import { parsePushRule } from "./parse.js";
import type { PushRuleKind, PushRuleset } from "./types.js";

const PUSH_MODULE = new URL("../../../../../shared/matrix-spec/content/client-server-api/modules/push.md", import.meta.url);
const ME = "@me:example.org";
const OTHER = "@other:example.org";
const ROOM = "!room:example.org";

/** The "Definition:" JSON blocks under each "Default … Rules" heading of "Predefined Rules", in order. */
function specDefinitions(): Record<"override" | "content" | "underride", unknown[]> {
  const text = readFileSync(PUSH_MODULE, "utf8");
  const start = text.indexOf("#### Predefined Rules");
  const end = text.indexOf("#### Push Rules: API", start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const out: Record<"override" | "content" | "underride", unknown[]> = { override: [], content: [], underride: [] };
  let kind: keyof typeof out | undefined;
  const section = text.slice(start, end);
  for (const match of section.matchAll(/##### Default (Override|Content|Underride) Rules|```json\n([\s\S]*?)\n```/g)) {
    if (match[1] !== undefined) kind = match[1].toLowerCase() as keyof typeof out;
    else if (kind !== undefined) out[kind].push(JSON.parse(match[2]!.replaceAll("[the user's Matrix ID]", ME)));
  }
  return out;
}

const context: PushEvaluationContext = {
  userId: ME,
  displayName: "Me Myself",
  roomMemberCount: 5,
  senderPowerLevel: 0,
  notificationPowerLevels: {},
};

function firstRule(event: object, overrides: Partial<PushEvaluationContext> = {}, rules: PushRuleset = mergeWithDefaults(undefined, defaultPushRules(ME))) {
  return evaluatePushRules(rules, event, { ...context, ...overrides });
}

function message(content: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type: "m.room.message", sender: OTHER, room_id: ROOM, event_id: "$e", origin_server_ts: 1, content, ...extra };
}

describe("defaultPushRules: exactly the rules 'Predefined Rules' lists", () => {
  const spec = specDefinitions();
  const ours = defaultPushRules(ME);

  it("the spec lists 10 override rules, no content rules, 5 underride rules (v1.17 removed the body-mention rules)", () => {
    expect(spec.override).toHaveLength(10);
    expect(spec.content).toHaveLength(0);
    expect(spec.underride).toHaveLength(5);
  });

  for (const kind of ["override", "content", "underride"] as const) {
    it(`${kind}: same rules, same order, same conditions and actions`, () => {
      expect(ours[kind]).toEqual(spec[kind]);
    });
  }

  it("room and sender have no default rules", () => {
    expect(ours.room).toEqual([]);
    expect(ours.sender).toEqual([]);
  });

  it("the IDs, in order", () => {
    expect(ours.override?.map((rule) => rule.rule_id)).toEqual([
      ".m.rule.master",
      ".m.rule.suppress_notices",
      ".m.rule.invite_for_me",
      ".m.rule.member_event",
      ".m.rule.is_user_mention",
      ".m.rule.is_room_mention",
      ".m.rule.tombstone",
      ".m.rule.reaction",
      ".m.rule.room.server_acl",
      ".m.rule.suppress_edits",
    ]);
    expect(ours.underride?.map((rule) => rule.rule_id)).toEqual([
      ".m.rule.call",
      ".m.rule.encrypted_room_one_to_one",
      ".m.rule.room_one_to_one",
      ".m.rule.message",
      ".m.rule.encrypted",
    ]);
  });

  it("every default rule is default: true, has a dot ID and passes the rule schema of its kind", () => {
    for (const kind of ["override", "underride"] as PushRuleKind[]) {
      for (const rule of ours[kind] ?? []) {
        expect(rule.default).toBe(true);
        expect(isServerDefaultRuleId(rule.rule_id)).toBe(true);
        expect(parsePushRule(kind, rule)).toEqual(rule);
      }
    }
    expect(ours.override?.[0]?.rule_id).toBe(MASTER_RULE_ID);
    expect(ours.override?.[0]?.enabled).toBe(false);
  });

  it("returns new arrays each call, of frozen rules shared between calls", () => {
    const a = defaultPushRules(ME);
    const b = defaultPushRules(ME);
    expect(a).toEqual(b);
    expect(a.override).not.toBe(b.override);
    expect(a.underride?.[1]).toBe(b.underride?.[1]);
    expect(Object.isFrozen(a.underride?.[1]?.actions[1])).toBe(true);
    expect(() => (a.underride![1]!.actions as unknown[]).push("notify")).toThrow(TypeError);
  });
});

describe("each default rule against its intended events (client-server 'Predefined Rules')", () => {
  it(".m.rule.master is disabled by default; enabled, it silences everything, even a mention", () => {
    const mention = message({ msgtype: "m.text", body: "hi", "m.mentions": { user_ids: [ME] } });
    expect(firstRule(mention).rule?.rule_id).toBe(".m.rule.is_user_mention");
    const defaults = defaultPushRules(ME);
    const rules = mergeWithDefaults({ override: [{ ...defaults.override![0]!, enabled: true }] }, defaults);
    const result = firstRule(mention, {}, rules);
    expect(result.rule?.rule_id).toBe(".m.rule.master");
    expect(result).toMatchObject({ notify: false, highlight: false, actions: [] });
  });

  it(".m.rule.suppress_notices: a notice is suppressed (even in a one-to-one room); m.text is not", () => {
    const notice = message({ msgtype: "m.notice", body: "bot says hi" });
    expect(firstRule(notice, { roomMemberCount: 2 })).toMatchObject({ rule: { rule_id: ".m.rule.suppress_notices" }, notify: false });
    expect(firstRule(message({ msgtype: "m.text", body: "hi" })).rule?.rule_id).toBe(".m.rule.message");
  });

  it(".m.rule.invite_for_me: an invite for me notifies with the default sound, not highlighted", () => {
    const invite = { type: "m.room.member", state_key: ME, sender: OTHER, room_id: ROOM, content: { membership: "invite" } };
    expect(firstRule(invite)).toMatchObject({ rule: { rule_id: ".m.rule.invite_for_me" }, notify: true, sound: "default", highlight: false });
  });

  it(".m.rule.member_event: other membership events (an invite for someone else, a join) do not notify", () => {
    const inviteOther = { type: "m.room.member", state_key: "@third:example.org", sender: OTHER, room_id: ROOM, content: { membership: "invite" } };
    const join = { type: "m.room.member", state_key: OTHER, sender: OTHER, room_id: ROOM, content: { membership: "join" } };
    for (const event of [inviteOther, join]) expect(firstRule(event)).toMatchObject({ rule: { rule_id: ".m.rule.member_event" }, notify: false });
  });

  it(".m.rule.is_user_mention: m.mentions.user_ids containing me notifies, with sound, highlighted", () => {
    const event = message({ msgtype: "m.text", body: "no name here", "m.mentions": { user_ids: ["@x:y", ME] } });
    expect(firstRule(event)).toMatchObject({ rule: { rule_id: ".m.rule.is_user_mention" }, notify: true, sound: "default", highlight: true });
  });

  it(".m.rule.is_user_mention: not for someone else's mention, nor my ID only in the body, nor user_ids outside m.mentions", () => {
    const others = message({ msgtype: "m.text", body: "hi", "m.mentions": { user_ids: [OTHER] } });
    const inBody = message({ msgtype: "m.text", body: `hi ${ME}` });
    const wrongPlace = message({ msgtype: "m.text", body: "hi", m: { mentions: { user_ids: [ME] } } });
    for (const event of [others, inBody, wrongPlace]) expect(firstRule(event).rule?.rule_id).toBe(".m.rule.message");
  });

  it(".m.rule.is_room_mention: m.mentions.room with enough power (default 50, or the room's level) highlights", () => {
    const event = message({ msgtype: "m.text", body: "everyone!", "m.mentions": { room: true } });
    expect(firstRule(event, { senderPowerLevel: 50 })).toMatchObject({ rule: { rule_id: ".m.rule.is_room_mention" }, notify: true, highlight: true, sound: undefined });
    expect(firstRule(event, { senderPowerLevel: 10, notificationPowerLevels: { room: 10 } }).rule?.rule_id).toBe(".m.rule.is_room_mention");
    expect(firstRule(event, { senderPowerLevel: 10, notificationPowerLevels: new Map([["room", 10]]) }).rule?.rule_id).toBe(".m.rule.is_room_mention");
  });

  it(".m.rule.is_room_mention: insufficient power, room: false or \"true\", or @room only in the body does not highlight", () => {
    const event = message({ msgtype: "m.text", body: "everyone!", "m.mentions": { room: true } });
    expect(firstRule(event, { senderPowerLevel: 49 })).toMatchObject({ rule: { rule_id: ".m.rule.message" }, highlight: false });
    expect(firstRule(event, { senderPowerLevel: 99, notificationPowerLevels: { room: 100 } }).rule?.rule_id).toBe(".m.rule.message");
    const notTrue = [false, "true", 1].map((room) => message({ msgtype: "m.text", body: "x", "m.mentions": { room } }));
    for (const e of notTrue) expect(firstRule(e, { senderPowerLevel: 100 }).rule?.rule_id).toBe(".m.rule.message");
    // v1.17 removed .m.rule.roomnotif: "@room" in the body alone is a plain message.
    expect(firstRule(message({ msgtype: "m.text", body: "@room hello" }), { senderPowerLevel: 100 }).rule?.rule_id).toBe(".m.rule.message");
  });

  it(".m.rule.tombstone: the m.room.tombstone state event notifies and highlights; a non-state one does not", () => {
    const tombstone = { type: "m.room.tombstone", state_key: "", sender: OTHER, room_id: ROOM, content: { body: "moved", replacement_room: "!new:x" } };
    expect(firstRule(tombstone)).toMatchObject({ rule: { rule_id: ".m.rule.tombstone" }, notify: true, highlight: true });
    const { state_key: _, ...notState } = tombstone;
    expect(firstRule(notState).rule).toBeUndefined();
    expect(firstRule({ ...tombstone, state_key: "x" }).rule).toBeUndefined();
  });

  it(".m.rule.reaction: reactions are suppressed", () => {
    const reaction = { type: "m.reaction", sender: OTHER, room_id: ROOM, content: { "m.relates_to": { rel_type: "m.annotation", event_id: "$x", key: "👍" } } };
    expect(firstRule(reaction, { roomMemberCount: 2 })).toMatchObject({ rule: { rule_id: ".m.rule.reaction" }, notify: false });
  });

  it(".m.rule.room.server_acl: the server ACL state event is suppressed", () => {
    const acl = { type: "m.room.server_acl", state_key: "", sender: OTHER, room_id: ROOM, content: { allow: ["*"] } };
    expect(firstRule(acl)).toMatchObject({ rule: { rule_id: ".m.rule.room.server_acl" }, notify: false });
  });

  it(".m.rule.suppress_edits: an edit (rel_type m.replace) is suppressed, even in a one-to-one room; a reply is not", () => {
    const edit = message({ msgtype: "m.text", body: "* fixed", "m.new_content": { body: "fixed" }, "m.relates_to": { rel_type: "m.replace", event_id: "$orig" } });
    expect(firstRule(edit, { roomMemberCount: 2 })).toMatchObject({ rule: { rule_id: ".m.rule.suppress_edits" }, notify: false });
    const thread = message({ msgtype: "m.text", body: "in thread", "m.relates_to": { rel_type: "m.thread", event_id: "$root" } });
    expect(firstRule(thread).rule?.rule_id).toBe(".m.rule.message");
  });

  it(".m.rule.suppress_edits comes after the mention rules: an edit that mentions me still highlights", () => {
    const edit = message({ msgtype: "m.text", body: "* hi", "m.mentions": { user_ids: [ME] }, "m.relates_to": { rel_type: "m.replace", event_id: "$o" } });
    expect(firstRule(edit).rule?.rule_id).toBe(".m.rule.is_user_mention");
  });

  it(".m.rule.call: a VoIP call invite rings", () => {
    const call = { type: "m.call.invite", sender: OTHER, room_id: ROOM, content: { call_id: "1", version: 1, lifetime: 60000 } };
    expect(firstRule(call)).toMatchObject({ rule: { rule_id: ".m.rule.call" }, notify: true, sound: "ring", highlight: false });
  });

  it(".m.rule.encrypted_room_one_to_one / .m.rule.encrypted: by member count (exactly 2)", () => {
    const encrypted = { type: "m.room.encrypted", sender: OTHER, room_id: ROOM, content: { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "x" } };
    expect(firstRule(encrypted, { roomMemberCount: 2 })).toMatchObject({ rule: { rule_id: ".m.rule.encrypted_room_one_to_one" }, notify: true, sound: "default" });
    for (const roomMemberCount of [1, 3, 100]) {
      expect(firstRule(encrypted, { roomMemberCount })).toMatchObject({ rule: { rule_id: ".m.rule.encrypted" }, notify: true, sound: undefined });
    }
  });

  it(".m.rule.room_one_to_one / .m.rule.message: by member count (exactly 2)", () => {
    const text = message({ msgtype: "m.text", body: "hello" });
    expect(firstRule(text, { roomMemberCount: 2 })).toMatchObject({ rule: { rule_id: ".m.rule.room_one_to_one" }, notify: true, sound: "default", highlight: false });
    for (const roomMemberCount of [1, 3]) {
      expect(firstRule(text, { roomMemberCount })).toMatchObject({ rule: { rule_id: ".m.rule.message" }, notify: true, sound: undefined, highlight: false });
    }
  });

  it("events no default rule covers (state like m.room.name, m.room.redaction) match nothing: no notification", () => {
    const name = { type: "m.room.name", state_key: "", sender: OTHER, room_id: ROOM, content: { name: "Me Myself" } };
    const redaction = { type: "m.room.redaction", sender: OTHER, room_id: ROOM, redacts: "$x", content: {} };
    for (const event of [name, redaction]) expect(firstRule(event)).toMatchObject({ rule: undefined, notify: false, highlight: false, actions: [] });
  });

  it("v1.17 removed the body-mention rules: my display name or user name in the body alone is a plain message", () => {
    expect(firstRule(message({ msgtype: "m.text", body: "hey Me Myself, and me" })).rule?.rule_id).toBe(".m.rule.message");
  });
});
