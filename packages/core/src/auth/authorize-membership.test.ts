// Authorization rule "If type is m.room.member" of every room version: rule 5
// in rooms 1–5 (fragment v1-auth-rules / v3-auth-rules), 4 in rooms 6–11 (v6,
// v7 knocking, v8-auth-rules restricted, v10 knock_restricted, v11), 5 in
// room 12. Each row names the rule number per range of versions as those
// pages number it; a row runs only in the versions it names.
import { describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  CHARLIE,
  DAVE,
  ERIN,
  expandRuleCases,
  runRuleCase,
  setPowerLevels,
  type AuthRoom,
  type RuleCase,
} from "../../test/helpers/auth-room.js";
import type { JsonObject } from "../json/canonical-json.js";

const member = (room: AuthRoom, user: string, membership: string, sender = user, extra: JsonObject = {}) =>
  room.event({ type: "m.room.member", sender, stateKey: user, content: { membership, ...extra } });

const FIELDS = "1-5:5.1 6-11:4.1 12:5.1";
const AUTHORISER_SIGNATURE = "8-11:4.2.1 12:5.2.1";
const JOIN = (n: string) => `1-5:5.2.${n} 6-7:4.2.${n} 8-11:4.3.${n} 12:5.3.${n}`;
/** "Otherwise, reject" of the join rules: 6 before restricted joins, 7 after. */
const JOIN_OTHERWISE = "1-5:5.2.6 6-7:4.2.6 8-11:4.3.7 12:5.3.7";
const JOIN_PUBLIC = "1-5:5.2.5 6-7:4.2.5 8-11:4.3.6 12:5.3.6";
const RESTRICTED = (n: string) => `8-11:4.3.5.${n} 12:5.3.5.${n}`;
const INVITE = (n: string) => `1-5:5.3.${n} 6-7:4.3.${n} 8-11:4.4.${n} 12:5.4.${n}`;
const LEAVE = (n: string) => `1-5:5.4.${n} 6-7:4.4.${n} 8-11:4.5.${n} 12:5.5.${n}`;
const BAN = (n: string) => `1-5:5.5.${n} 6-7:4.5.${n} 8-11:4.6.${n} 12:5.6.${n}`;
const KNOCK = (n: string) => `7:4.6.${n} 8-11:4.7.${n} 12:5.7.${n}`;
const UNKNOWN = "1-5:5.6 6:4.6 7:4.7 8-11:4.8 12:5.8";

const fieldCases: RuleCase[] = [
  {
    name: "a member event without state_key is rejected",
    rule: FIELDS,
    allowed: false,
    build: (room) => room.event({ type: "m.room.member", sender: DAVE, content: { membership: "join" } }),
  },
  {
    name: "a member event without content.membership is rejected",
    rule: FIELDS,
    allowed: false,
    build: (room) => room.event({ type: "m.room.member", sender: DAVE, stateKey: DAVE, content: {} }),
  },
];

const joinCases: RuleCase[] = [
  {
    name: "the creator's join straight after the create event is allowed",
    rule: JOIN("1"),
    allowed: true,
    room: "empty",
    build: (room) => {
      room.createEvent(ALICE);
      return member(room, ALICE, "join");
    },
  },
  {
    name: "a non-creator's join straight after the create event is rejected (no join rule yet)",
    rule: JOIN_OTHERWISE,
    allowed: false,
    room: "empty",
    build: (room) => {
      room.createEvent(ALICE);
      return member(room, BOB, "join");
    },
  },
  {
    name: "content.creator is the creator in rooms 1–10, even when it is not the sender",
    rule: "1-5:5.2.1 6-7:4.2.1 8-10:4.3.1",
    allowed: true,
    room: "empty",
    build: (room) => {
      room.createEvent(ALICE, { creator: BOB });
      return member(room, BOB, "join");
    },
  },
  {
    name: "from room 11 the create event's sender is the creator and content.creator means nothing",
    rule: "11:4.3.7 12:5.3.7",
    allowed: false,
    room: "empty",
    build: (room) => {
      room.createEvent(ALICE, { creator: BOB });
      return member(room, BOB, "join");
    },
  },
  {
    name: "the creator's join with another prev event than the create event is not the first join",
    rule: JOIN_OTHERWISE,
    allowed: false,
    room: "empty",
    build: (room) => {
      const create = room.createEvent(ALICE);
      room.addEvent({ type: "org.example.note", sender: ALICE, stateKey: "" });
      return room.event({ type: "m.room.member", sender: ALICE, stateKey: ALICE, content: { membership: "join" }, prev: [create.eventId, "$other:example.com"] });
    },
  },
  {
    name: "joining on behalf of another user is rejected",
    rule: JOIN("2"),
    allowed: false,
    build: (room) => member(room, DAVE, "join", ALICE),
  },
  {
    name: "a banned user cannot join a public room",
    rule: JOIN("3"),
    allowed: false,
    build: (room) => {
      room.member(DAVE, "ban", ALICE);
      return member(room, DAVE, "join");
    },
  },
  {
    name: "an invited user may join an invite-only room",
    rule: JOIN("4"),
    allowed: true,
    room: { joinRule: "invite" },
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "join");
    },
  },
  {
    name: "a joined user may re-send their join (profile change) in an invite-only room",
    rule: JOIN("4"),
    allowed: true,
    room: { joinRule: "invite" },
    build: (room) => member(room, CHARLIE, "join", CHARLIE, { displayname: "Charlie" }),
  },
  {
    name: "an uninvited user cannot join an invite-only room",
    rule: JOIN_OTHERWISE,
    allowed: false,
    room: { joinRule: "invite" },
    build: (room) => member(room, DAVE, "join"),
  },
  {
    name: "an invited user may join a knock room",
    rule: "7:4.2.4 8-11:4.3.4 12:5.3.4",
    allowed: true,
    room: { joinRule: "knock" },
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "join");
    },
  },
  {
    name: "before knocking existed, join rule knock lets nobody join, invited or not",
    rule: "1-5:5.2.6 6:4.2.6",
    allowed: false,
    room: { joinRule: "knock" },
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "join");
    },
  },
  {
    name: "a knock is no invitation: an uninvited knocker cannot join a knock room",
    rule: "7:4.2.6 8-11:4.3.7 12:5.3.7",
    allowed: false,
    room: { joinRule: "knock" },
    build: (room) => {
      room.member(DAVE, "knock");
      return member(room, DAVE, "join");
    },
  },
  {
    name: "restricted join: an invited user joins without an authoriser",
    rule: RESTRICTED("1"),
    allowed: true,
    room: { joinRule: "restricted" },
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "join");
    },
  },
  {
    name: "restricted join authorised by a joined user with the invite level is allowed",
    rule: RESTRICTED("3"),
    allowed: true,
    room: { joinRule: "restricted" },
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: BOB }),
  },
  {
    name: "restricted join without authoriser is rejected",
    rule: RESTRICTED("2"),
    allowed: false,
    room: { joinRule: "restricted" },
    build: (room) => member(room, DAVE, "join"),
  },
  {
    name: "restricted join authorised by a user who is not joined is rejected",
    rule: RESTRICTED("2"),
    allowed: false,
    room: { joinRule: "restricted" },
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: ERIN }),
  },
  {
    name: "restricted join authorised by a user below the invite level is rejected",
    rule: RESTRICTED("2"),
    allowed: false,
    room: { joinRule: "restricted", powerLevels: { invite: 10 } },
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: CHARLIE }),
  },
  {
    name: "join rule restricted does not exist before room 8: nobody joins through it",
    rule: "1-5:5.2.6 6-7:4.2.6",
    allowed: false,
    room: { joinRule: "restricted" },
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: BOB }),
  },
  {
    name: "knock_restricted join with an authoriser is allowed from room 10",
    rule: "10-11:4.3.5.3 12:5.3.5.3",
    allowed: true,
    room: { joinRule: "knock_restricted" },
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: BOB }),
  },
  {
    name: "knock_restricted join with an invite is allowed from room 10",
    rule: "10-11:4.3.5.1 12:5.3.5.1",
    allowed: true,
    room: { joinRule: "knock_restricted" },
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "join");
    },
  },
  {
    name: "knock_restricted join without authoriser is rejected from room 10",
    rule: "10-11:4.3.5.2 12:5.3.5.2",
    allowed: false,
    room: { joinRule: "knock_restricted" },
    build: (room) => member(room, DAVE, "join"),
  },
  {
    name: "join rule knock_restricted does not exist before room 10",
    rule: "1-5:5.2.6 6-7:4.2.6 8-9:4.3.7",
    allowed: false,
    room: { joinRule: "knock_restricted" },
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: BOB }),
  },
  {
    name: "anyone not banned may join a public room",
    rule: JOIN_PUBLIC,
    allowed: true,
    build: (room) => member(room, DAVE, "join"),
  },
  {
    name: "join rule private lets nobody in",
    rule: JOIN_OTHERWISE,
    allowed: false,
    room: { joinRule: "private" },
    build: (room) => member(room, DAVE, "join"),
  },
  {
    // The rules name no default join rule; like the deployed servers we read a
    // missing m.room.join_rules event as "invite" (see member-rules.ts), so an
    // invited user may join and an uninvited one may not.
    name: "without a join-rules event an invited user can join (read as invite)",
    rule: JOIN_OTHERWISE,
    allowed: true,
    room: { joinRule: null },
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "join");
    },
  },
  {
    name: "without a join-rules event an uninvited user cannot join",
    rule: JOIN_OTHERWISE,
    allowed: false,
    room: { joinRule: null },
    build: (room) => member(room, DAVE, "join"),
  },
];

const authoriserSignatureCases: RuleCase[] = [
  {
    name: "join_authorised_via_users_server of a server that did not sign the event is rejected",
    rule: AUTHORISER_SIGNATURE,
    allowed: false,
    room: { joinRule: "restricted" },
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: "@bob:other.example" }),
  },
  {
    name: "join_authorised_via_users_server that is not a user ID is rejected",
    rule: AUTHORISER_SIGNATURE,
    allowed: false,
    room: { joinRule: "restricted" },
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: 42 }),
  },
  {
    name: "the signature rule applies to any membership carrying the key, not only joins",
    rule: AUTHORISER_SIGNATURE,
    allowed: false,
    build: (room) => member(room, CHARLIE, "leave", CHARLIE, { join_authorised_via_users_server: "@bob:other.example" }),
  },
  {
    name: "with isSignedBy saying the authoriser's server signed, the rule passes (then 4.3.5.3 allows)",
    rule: RESTRICTED("3"),
    allowed: true,
    room: { joinRule: "restricted" },
    options: { isSignedBy: (_event, server) => server === "other.example" },
    build: (room) => {
      room.member("@zed:other.example", "join");
      return member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: "@zed:other.example" });
    },
  },
  {
    name: "before room 8 join_authorised_via_users_server means nothing",
    rule: "1-5:5.2.5 6-7:4.2.5",
    allowed: true,
    build: (room) => member(room, DAVE, "join", DAVE, { join_authorised_via_users_server: "@bob:other.example" }),
  },
];

const inviteCases: RuleCase[] = [
  {
    name: "a joined user with the invite level invites a non-member",
    rule: INVITE("4"),
    allowed: true,
    build: (room) => member(room, DAVE, "invite", CHARLIE),
  },
  {
    name: "a sender who is not joined cannot invite",
    rule: INVITE("2"),
    allowed: false,
    build: (room) => member(room, ERIN, "invite", DAVE),
  },
  {
    name: "an invited sender cannot invite",
    rule: INVITE("2"),
    allowed: false,
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, ERIN, "invite", DAVE);
    },
  },
  {
    name: "a joined user cannot be invited",
    rule: INVITE("3"),
    allowed: false,
    build: (room) => member(room, CHARLIE, "invite", BOB),
  },
  {
    name: "a banned user cannot be invited",
    rule: INVITE("3"),
    allowed: false,
    build: (room) => {
      room.member(DAVE, "ban", ALICE);
      return member(room, DAVE, "invite", BOB);
    },
  },
  {
    name: "a sender below the invite level cannot invite",
    rule: INVITE("5"),
    allowed: false,
    room: { powerLevels: { invite: 50 } },
    build: (room) => member(room, DAVE, "invite", CHARLIE),
  },
  {
    name: "re-inviting an invited user is allowed",
    rule: INVITE("4"),
    allowed: true,
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "invite", CHARLIE);
    },
  },
];

const leaveCases: RuleCase[] = [
  {
    name: "a joined user may leave",
    rule: LEAVE("1"),
    allowed: true,
    build: (room) => member(room, CHARLIE, "leave"),
  },
  {
    name: "an invited user may reject the invite",
    rule: LEAVE("1"),
    allowed: true,
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "leave");
    },
  },
  {
    name: "a user who knocked may retract the knock",
    rule: "7:4.4.1 8-11:4.5.1 12:5.5.1",
    allowed: true,
    room: { joinRule: "knock" },
    build: (room) => {
      room.member(DAVE, "knock");
      return member(room, DAVE, "leave");
    },
  },
  {
    name: "a user who never joined cannot leave",
    rule: LEAVE("1"),
    allowed: false,
    build: (room) => member(room, DAVE, "leave"),
  },
  {
    name: "a banned user cannot leave (unban themselves)",
    rule: LEAVE("1"),
    allowed: false,
    build: (room) => {
      room.member(DAVE, "ban", ALICE);
      return member(room, DAVE, "leave");
    },
  },
  {
    name: "a sender who is not joined cannot kick",
    rule: LEAVE("2"),
    allowed: false,
    build: (room) => member(room, CHARLIE, "leave", DAVE),
  },
  {
    name: "unbanning needs the ban level even with the kick level",
    rule: LEAVE("3"),
    allowed: false,
    room: { powerLevels: { kick: 0, ban: 50 } },
    build: (room) => {
      room.member(DAVE, "ban", ALICE);
      return member(room, DAVE, "leave", CHARLIE);
    },
  },
  {
    name: "a moderator kicks a lower user",
    rule: LEAVE("4"),
    allowed: true,
    build: (room) => member(room, CHARLIE, "leave", BOB),
  },
  {
    name: "a moderator with the ban and kick levels unbans",
    rule: LEAVE("4"),
    allowed: true,
    build: (room) => {
      room.member(DAVE, "ban", ALICE);
      return member(room, DAVE, "leave", BOB);
    },
  },
  {
    name: "revoking an invitation is a kick",
    rule: LEAVE("4"),
    allowed: true,
    build: (room) => {
      room.member(DAVE, "invite", CHARLIE);
      return member(room, DAVE, "leave", BOB);
    },
  },
  {
    name: "a user cannot kick a user of equal level",
    rule: LEAVE("5"),
    allowed: false,
    build: (room) => {
      setPowerLevels(room, { [CHARLIE]: 50 });
      return member(room, CHARLIE, "leave", BOB);
    },
  },
  {
    name: "a user below the kick level cannot kick",
    rule: LEAVE("5"),
    allowed: false,
    build: (room) => member(room, BOB, "leave", CHARLIE),
  },
];

const banCases: RuleCase[] = [
  {
    name: "a moderator bans a lower member",
    rule: BAN("2"),
    allowed: true,
    build: (room) => member(room, CHARLIE, "ban", BOB),
  },
  {
    name: "a moderator bans a non-member",
    rule: BAN("2"),
    allowed: true,
    build: (room) => member(room, DAVE, "ban", BOB),
  },
  {
    name: "a sender who is not joined cannot ban",
    rule: BAN("1"),
    allowed: false,
    build: (room) => member(room, CHARLIE, "ban", DAVE),
  },
  {
    name: "a user below the ban level cannot ban",
    rule: BAN("3"),
    allowed: false,
    build: (room) => member(room, DAVE, "ban", CHARLIE),
  },
  {
    name: "a moderator cannot ban a higher user",
    rule: BAN("3"),
    allowed: false,
    build: (room) => member(room, ALICE, "ban", BOB),
  },
];

const knockCases: RuleCase[] = [
  {
    name: "a non-member knocks on a knock room",
    rule: KNOCK("3"),
    allowed: true,
    room: { joinRule: "knock" },
    build: (room) => member(room, DAVE, "knock"),
  },
  {
    name: "a user who left may knock again",
    rule: KNOCK("3"),
    allowed: true,
    room: { joinRule: "knock" },
    build: (room) => {
      room.member(DAVE, "knock");
      room.member(DAVE, "leave");
      return member(room, DAVE, "knock");
    },
  },
  {
    name: "knocking on an invite-only room is rejected",
    rule: KNOCK("1"),
    allowed: false,
    room: { joinRule: "invite" },
    build: (room) => member(room, DAVE, "knock"),
  },
  {
    name: "knocking on a knock_restricted room is rejected before room 10",
    rule: "7:4.6.1 8-9:4.7.1",
    allowed: false,
    room: { joinRule: "knock_restricted" },
    build: (room) => member(room, DAVE, "knock"),
  },
  {
    name: "knocking on a knock_restricted room is allowed from room 10",
    rule: "10-11:4.7.3 12:5.7.3",
    allowed: true,
    room: { joinRule: "knock_restricted" },
    build: (room) => member(room, DAVE, "knock"),
  },
  {
    name: "knocking for another user is rejected",
    rule: KNOCK("2"),
    allowed: false,
    room: { joinRule: "knock" },
    build: (room) => member(room, ERIN, "knock", DAVE),
  },
  {
    name: "a joined user cannot knock",
    rule: KNOCK("4"),
    allowed: false,
    room: { joinRule: "knock" },
    build: (room) => member(room, CHARLIE, "knock"),
  },
  {
    name: "an invited user cannot knock",
    rule: KNOCK("4"),
    allowed: false,
    room: { joinRule: "knock" },
    build: (room) => {
      room.member(DAVE, "invite", BOB);
      return member(room, DAVE, "knock");
    },
  },
  {
    name: "a banned user cannot knock",
    rule: KNOCK("4"),
    allowed: false,
    room: { joinRule: "knock" },
    build: (room) => {
      room.member(DAVE, "ban", ALICE);
      return member(room, DAVE, "knock");
    },
  },
  {
    name: "membership knock is unknown before room 7",
    rule: "1-5:5.6 6:4.6",
    allowed: false,
    room: { joinRule: "knock" },
    build: (room) => member(room, DAVE, "knock"),
  },
];

const unknownCases: RuleCase[] = [
  {
    name: "an unknown membership is rejected",
    rule: UNKNOWN,
    allowed: false,
    build: (room) => member(room, CHARLIE, "foo"),
  },
  {
    name: "a membership that is not a string is unknown",
    rule: UNKNOWN,
    allowed: false,
    build: (room) => room.event({ type: "m.room.member", sender: CHARLIE, stateKey: CHARLIE, content: { membership: ["join"] } }),
  },
];

const creatorCases: RuleCase[] = [
  {
    name: "v12 creators have infinite power: no level, however high, may ban the creator",
    rule: "12:5.6.3",
    allowed: false,
    build: (room) => {
      setPowerLevels(room, { [BOB]: 2 ** 53 - 1 });
      return member(room, ALICE, "ban", BOB);
    },
  },
  {
    name: "v12 creators have infinite power: the creator bans a user at the highest level",
    rule: "12:5.6.2",
    allowed: true,
    build: (room) => {
      setPowerLevels(room, { [BOB]: 2 ** 53 - 1 });
      return member(room, BOB, "ban", ALICE);
    },
  },
  {
    name: "v12 additional_creators are creators too: one kicks a user at level 1000",
    rule: "12:5.5.4",
    allowed: true,
    room: { createContent: { additional_creators: [ERIN] } },
    build: (room) => {
      room.member(ERIN, "join");
      setPowerLevels(room, { [BOB]: 1000 });
      return member(room, BOB, "leave", ERIN);
    },
  },
  {
    name: "v12 a creator cannot kick another creator (infinity is not below infinity)",
    rule: "12:5.5.5",
    allowed: false,
    room: { createContent: { additional_creators: [ERIN] } },
    build: (room) => {
      room.member(ERIN, "join");
      return member(room, ERIN, "leave", ALICE);
    },
  },
  {
    name: "without a power-levels event the creator has level 100 and may ban",
    rule: BAN("2"),
    allowed: true,
    room: { powerLevels: null },
    build: (room) => member(room, CHARLIE, "ban", ALICE),
  },
  {
    name: "without a power-levels event other users have level 0 and may not ban",
    rule: BAN("3"),
    allowed: false,
    room: { powerLevels: null },
    build: (room) => member(room, CHARLIE, "ban", BOB),
  },
];

describe.each([
  ["member fields", fieldCases],
  ["join_authorised_via_users_server signature", authoriserSignatureCases],
  ["join", joinCases],
  ["invite", inviteCases],
  ["leave", leaveCases],
  ["ban", banCases],
  ["knock", knockCases],
  ["unknown membership", unknownCases],
  ["creators' power", creatorCases],
] as const)("m.room.member: %s", (_group, cases) => {
  it.each(expandRuleCases(cases))("%s", (_name, version, rule, c) => {
    const verdict = runRuleCase(version, c);
    expect(verdict).toEqual(c.allowed ? { allowed: true } : { allowed: false, rule, reason: expect.any(String) as string });
  });
});
