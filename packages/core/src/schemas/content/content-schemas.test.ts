import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { loadEventExamples } from "../../../test/spec/event-examples.js";
import { ROOM_EVENT_CONTENT_SCHEMAS, type KnownRoomEventType } from "./by-type.js";

// Each schema follows data/event-schemas/schema/<type>.yaml: it must accept
// the spec's own examples (data/event-schemas/examples/<type>[$variant].yaml)
// and reject each mutation below (a missing required key, a wrong type, a
// value outside an enum, a malformed identifier).

type Content = Record<string, unknown>;
interface Mutation {
  what: string;
  mutate: (content: Content) => Content;
  /** Path of the issue the mutation must produce. */
  path: PropertyKey[];
}

const without = (key: string) => (c: Content) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== key));
const set = (key: string, value: unknown) => (c: Content) => ({ ...c, [key]: value });

const MUTATIONS: Record<KnownRoomEventType, Mutation[]> = {
  "m.room.create": [
    { what: "m.federate not a boolean", mutate: set("m.federate", "true"), path: ["m.federate"] },
    { what: "room_version not a string", mutate: set("room_version", 11), path: ["room_version"] },
    { what: "predecessor without room_id", mutate: set("predecessor", { event_id: "$something:example.org" }), path: ["predecessor", "room_id"] },
    { what: "predecessor.room_id not a room ID", mutate: set("predecessor", { room_id: "oldroom:example.org" }), path: ["predecessor", "room_id"] },
    { what: "creator not a user ID", mutate: set("creator", "alice"), path: ["creator"] },
    { what: "additional_creators not an array", mutate: set("additional_creators", "@bob:example.org"), path: ["additional_creators"] },
    { what: "additional_creators with a non user ID", mutate: set("additional_creators", ["bob"]), path: ["additional_creators", 0] },
  ],
  "m.room.member": [
    { what: "missing membership", mutate: without("membership"), path: ["membership"] },
    { what: "membership outside the enum", mutate: set("membership", "joined"), path: ["membership"] },
    { what: "membership not a string", mutate: set("membership", 1), path: ["membership"] },
    { what: "avatar_url not mxc://", mutate: set("avatar_url", "https://example.org/a.png"), path: ["avatar_url"] },
    { what: "displayname a number", mutate: set("displayname", 5), path: ["displayname"] },
    { what: "is_direct not a boolean", mutate: set("is_direct", "yes"), path: ["is_direct"] },
    { what: "join_authorised_via_users_server not a user ID", mutate: set("join_authorised_via_users_server", "other.example.org"), path: ["join_authorised_via_users_server"] },
    { what: "third_party_invite without signed", mutate: set("third_party_invite", { display_name: "alice" }), path: ["third_party_invite", "signed"] },
    {
      what: "third_party_invite.signed without token",
      mutate: set("third_party_invite", { display_name: "alice", signed: { mxid: "@alice:example.org", signatures: {} } }),
      path: ["third_party_invite", "signed", "token"],
    },
  ],
  "m.room.join_rules": [
    { what: "missing join_rule", mutate: without("join_rule"), path: ["join_rule"] },
    { what: "join_rule outside the enum", mutate: set("join_rule", "open"), path: ["join_rule"] },
    { what: "allow not an array", mutate: set("allow", { type: "m.room_membership" }), path: ["allow"] },
    { what: "allow condition of unknown type", mutate: set("allow", [{ type: "m.space_membership", room_id: "!a:b.org" }]), path: ["allow", 0, "type"] },
    { what: "m.room_membership condition without room_id", mutate: set("allow", [{ type: "m.room_membership" }]), path: ["allow", 0, "room_id"] },
  ],
  "m.room.power_levels": [
    { what: "ban a string", mutate: set("ban", "50"), path: ["ban"] },
    { what: "events_default a float", mutate: set("events_default", 0.5), path: ["events_default"] },
    { what: "events value a string", mutate: set("events", { "m.room.name": "100" }), path: ["events", "m.room.name"] },
    { what: "users key not a user ID", mutate: set("users", { example: 100 }), path: ["users", "example"] },
    { what: "users value outside ±(2^53−1)", mutate: set("users", { "@a:b.org": 2 ** 53 }), path: ["users", "@a:b.org"] },
    { what: "notifications.room a string", mutate: set("notifications", { room: "20" }), path: ["notifications", "room"] },
  ],
  "m.room.third_party_invite": [
    { what: "missing display_name", mutate: without("display_name"), path: ["display_name"] },
    { what: "missing key_validity_url", mutate: without("key_validity_url"), path: ["key_validity_url"] },
    { what: "missing public_key", mutate: without("public_key"), path: ["public_key"] },
    { what: "public_keys entry without public_key", mutate: set("public_keys", [{ key_validity_url: "https://x" }]), path: ["public_keys", 0, "public_key"] },
  ],
  "m.room.history_visibility": [
    { what: "missing history_visibility", mutate: without("history_visibility"), path: ["history_visibility"] },
    { what: "history_visibility outside the enum", mutate: set("history_visibility", "public"), path: ["history_visibility"] },
  ],
  "m.room.name": [
    { what: "missing name", mutate: without("name"), path: ["name"] },
    { what: "name not a string", mutate: set("name", null), path: ["name"] },
  ],
  "m.room.topic": [
    { what: "missing topic", mutate: without("topic"), path: ["topic"] },
    { what: "m.topic m.text entry without body", mutate: set("m.topic", { "m.text": [{ mimetype: "text/plain" }] }), path: ["m.topic", "m.text", 0, "body"] },
  ],
  "m.room.canonical_alias": [
    { what: "alias not an alias", mutate: set("alias", "!room:example.org"), path: ["alias"] },
    { what: "alt_aliases entry not an alias", mutate: set("alt_aliases", ["#ok:example.org", "nope"]), path: ["alt_aliases", 1] },
  ],
  "m.room.guest_access": [
    { what: "missing guest_access", mutate: without("guest_access"), path: ["guest_access"] },
    { what: "guest_access outside the enum", mutate: set("guest_access", "allowed"), path: ["guest_access"] },
  ],
  "m.room.server_acl": [
    { what: "allow_ip_literals not a boolean", mutate: set("allow_ip_literals", "false"), path: ["allow_ip_literals"] },
    { what: "deny not an array", mutate: set("deny", "evil.com"), path: ["deny"] },
    { what: "allow entry not a string", mutate: set("allow", [1]), path: ["allow", 0] },
  ],
  "m.room.redaction": [
    { what: "redacts not an event ID", mutate: set("redacts", "fukweghifu23"), path: ["redacts"] },
    { what: "reason not a string", mutate: set("reason", {}), path: ["reason"] },
  ],
  "m.room.avatar": [
    { what: "url not mxc://", mutate: set("url", "http://example.org/a.png"), path: ["url"] },
    { what: "info.size not an integer", mutate: set("info", { size: 1.5 }), path: ["info", "size"] },
    { what: "info.thumbnail_info.h a string", mutate: set("info", { thumbnail_info: { h: "1" } }), path: ["info", "thumbnail_info", "h"] },
  ],
  "m.room.encryption": [
    { what: "missing algorithm", mutate: without("algorithm"), path: ["algorithm"] },
    { what: "algorithm outside the enum", mutate: set("algorithm", "m.olm.v1.curve25519-aes-sha2"), path: ["algorithm"] },
    { what: "rotation_period_ms a string", mutate: set("rotation_period_ms", "604800000"), path: ["rotation_period_ms"] },
  ],
  "m.room.tombstone": [
    { what: "missing replacement_room", mutate: without("replacement_room"), path: ["replacement_room"] },
    { what: "missing body", mutate: without("body"), path: ["body"] },
  ],
  "m.room.pinned_events": [
    { what: "missing pinned", mutate: without("pinned"), path: ["pinned"] },
    { what: "pinned entry not an event ID", mutate: set("pinned", ["someevent"]), path: ["pinned", 0] },
  ],
};

function issuePaths(schema: z.ZodType, content: unknown): PropertyKey[][] {
  const result = schema.safeParse(content);
  return result.success ? [] : result.error.issues.map((issue) => issue.path);
}

describe("content schemas against the spec's event examples (data/event-schemas)", () => {
  for (const [type, schema] of Object.entries(ROOM_EVENT_CONTENT_SCHEMAS) as [KnownRoomEventType, z.ZodType][]) {
    describe(type, () => {
      const examples = loadEventExamples(type);

      it("has at least one spec example, each of this type", () => {
        expect(examples.length).toBeGreaterThan(0);
        for (const { event } of examples) expect(event.type).toBe(type);
      });

      for (const { file, event } of examples) {
        it(`accepts the content of ${file}`, () => {
          expect(issuePaths(schema, event.content)).toEqual([]);
        });
      }

      it("keeps unknown keys (JSON schema objects allow additional properties)", () => {
        const content = { ...examples[0]!.event.content, "org.example.extra": { nested: [1] } };
        const parsed = schema.parse(content) as Content;
        expect(parsed["org.example.extra"]).toEqual({ nested: [1] });
      });

      it("rejects content that is not an object", () => {
        for (const bad of [null, "x", 1, [examples[0]!.event.content]]) {
          expect(schema.safeParse(bad).success).toBe(false);
        }
      });

      for (const { what, mutate, path } of MUTATIONS[type]) {
        it(`rejects the example with ${what}`, () => {
          expect(issuePaths(schema, mutate(examples[0]!.event.content))).toContainEqual(path);
        });
      }
    });
  }
});
