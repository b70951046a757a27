import { describe, expect, it } from "vitest";
import { ENGLISH_DISPLAY_NAME_MESSAGES, type DisplayNameMessages } from "./display-name-messages.js";
import { roomDisplayName, selectHeroes, type RoomNameInput } from "./room-display-name.js";
import { MemberDisplayNames, userDisplayName, type MemberNameInfo } from "./user-display-name.js";

// Client-server module "Instant Messaging": "Calculating the display name
// for a user" and "Calculating the display name for a room"; `m.heroes` of
// the /sync RoomSummary.

const USER1 = "@user1:matrix.org";
const USER2 = "@user2:example.com";
const ME = "@me:example.org";

describe("Calculating the display name for a user", () => {
  it("step 2: no displayname, or null, gives the raw user ID; so does having no member event", () => {
    expect(userDisplayName(USER1, [{ userId: USER1, membership: "join" }])).toBe(USER1);
    expect(userDisplayName(USER1, [{ userId: USER1, membership: "join", displayName: null }])).toBe(USER1);
    expect(userDisplayName(USER1, [])).toBe(USER1);
  });

  it("step 3: a unique displayname is used as it is", () => {
    expect(userDisplayName(USER1, [{ userId: USER1, membership: "join", displayName: "Alice" }, { userId: USER2, membership: "join", displayName: "Bob" }])).toBe("Alice");
  });

  it("step 4: the spec's example: user2 joins as Alice too, both are disambiguated; after a rename neither is", () => {
    const alone: MemberNameInfo[] = [{ userId: USER1, membership: "join", displayName: "Alice" }];
    expect(userDisplayName(USER1, alone)).toBe("Alice");

    const clash = [...alone, { userId: USER2, membership: "join", displayName: "Alice" }];
    const names = new MemberDisplayNames(clash);
    expect(names.displayNameOf(USER1)).toBe("Alice (@user1:matrix.org)");
    expect(names.displayNameOf(USER2)).toBe("Alice (@user2:example.com)");

    const renamed = new MemberDisplayNames([alone[0]!, { userId: USER2, membership: "join", displayName: "Alice B" }]);
    expect(renamed.displayNameOf(USER1)).toBe("Alice");
    expect(renamed.displayNameOf(USER2)).toBe("Alice B");
  });

  it("step 3: only joined and invited members count as clashes", () => {
    const members = (membership: string): MemberNameInfo[] => [
      { userId: USER1, membership: "join", displayName: "Alice" },
      { userId: USER2, membership, displayName: "Alice" },
    ];
    expect(userDisplayName(USER1, members("invite"))).toBe("Alice (@user1:matrix.org)");
    for (const membership of ["leave", "ban", "knock"]) expect(userDisplayName(USER1, members(membership))).toBe("Alice");
    // A member who left is still disambiguated against the joined one.
    expect(userDisplayName(USER2, members("leave"))).toBe("Alice (@user2:example.com)");
  });

  it("a later member event of the same user replaces the earlier one", () => {
    const members: MemberNameInfo[] = [
      { userId: USER1, membership: "join", displayName: "Alice" },
      { userId: USER2, membership: "join", displayName: "Alice" },
      { userId: USER2, membership: "join", displayName: "Bob" },
    ];
    expect(userDisplayName(USER1, members)).toBe("Alice");
  });

  it("untrusted displayname values that are not names count as none", () => {
    expect(userDisplayName(USER1, [{ userId: USER1, membership: "join", displayName: 42 }])).toBe(USER1);
    expect(userDisplayName(USER1, [{ userId: USER1, membership: "join", displayName: "" }])).toBe(USER1);
  });

  it("uses the message table's disambiguation", () => {
    const messages: DisplayNameMessages = { ...ENGLISH_DISPLAY_NAME_MESSAGES, disambiguated: (name, id) => `${name} [${id}]` };
    const clash: MemberNameInfo[] = [
      { userId: USER1, membership: "join", displayName: "Alice" },
      { userId: USER2, membership: "invite", displayName: "Alice" },
    ];
    expect(userDisplayName(USER1, clash, messages)).toBe("Alice [@user1:matrix.org]");
  });
});

describe("Calculating the display name for a room", () => {
  const hero = (name: string) => ({ userId: `@${name.toLowerCase()}:example.org`, displayName: name });
  const room = (input: Partial<RoomNameInput>): RoomNameInput => ({ heroes: [], joinedCount: 1, invitedCount: 0, ownUserId: ME, ...input });

  it("1: a non-empty m.room.name wins", () => {
    expect(roomDisplayName(room({ name: "Lounge", canonicalAlias: "#lounge:example.org", heroes: [hero("Alice")], joinedCount: 2 }))).toBe("Lounge");
    expect(roomDisplayName(room({ name: "", canonicalAlias: "#lounge:example.org" }))).toBe("#lounge:example.org");
  });

  it("2: then a valid canonical alias; an invalid one is skipped", () => {
    expect(roomDisplayName(room({ canonicalAlias: "#lounge:example.org", heroes: [hero("Alice")], joinedCount: 2 }))).toBe("#lounge:example.org");
    expect(roomDisplayName(room({ canonicalAlias: "lounge", heroes: [hero("Alice")], joinedCount: 2 }))).toBe("Alice");
    expect(roomDisplayName(room({ canonicalAlias: null, heroes: [hero("Alice")], joinedCount: 2 }))).toBe("Alice");
  });

  it("3.1: heroes cover everyone else: their names concatenated ('Alice, Bob, and Charlie (@charlie:example.org)')", () => {
    // Charlie's name clashes with the user's own, so it is disambiguated as the user display name rules say.
    const names = new MemberDisplayNames([
      { userId: ME, membership: "join", displayName: "Charlie" },
      { userId: "@alice:example.org", membership: "join", displayName: "Alice" },
      { userId: "@bob:example.org", membership: "join", displayName: "Bob" },
      { userId: "@charlie:example.org", membership: "join", displayName: "Charlie" },
    ]);
    const heroes = ["@alice:example.org", "@bob:example.org", "@charlie:example.org"].map((userId) => ({ userId, displayName: names.displayNameOf(userId) }));
    expect(roomDisplayName(room({ heroes, joinedCount: 4 }))).toBe("Alice, Bob, and Charlie (@charlie:example.org)");
    expect(roomDisplayName(room({ heroes: [hero("Alice")], joinedCount: 2 }))).toBe("Alice");
    expect(roomDisplayName(room({ heroes: [hero("Alice"), hero("Bob")], joinedCount: 1, invitedCount: 2 }))).toBe("Alice and Bob");
  });

  it("3.2: fewer heroes than other members: names and a count ('Alice, Bob, and 1234 others')", () => {
    expect(roomDisplayName(room({ heroes: [hero("Alice"), hero("Bob")], joinedCount: 1000, invitedCount: 237 }))).toBe("Alice, Bob, and 1234 others");
    expect(roomDisplayName(room({ heroes: [hero("Alice")], joinedCount: 3 }))).toBe("Alice and 1 other");
  });

  it("3.3: alone: 'Empty Room', 'Empty Room (was Alice)', 'Empty Room (was Alice and 1234 others)'", () => {
    expect(roomDisplayName(room({ joinedCount: 1 }))).toBe("Empty Room");
    expect(roomDisplayName(room({ joinedCount: 0 }))).toBe("Empty Room");
    expect(roomDisplayName(room({ heroes: [hero("Alice")], joinedCount: 1 }))).toBe("Empty Room (was Alice)");
    const many = [hero("Alice"), ...Array.from({ length: 1234 }, (_, i) => ({ userId: `@u${i}:example.org` }))];
    expect(roomDisplayName(room({ heroes: many, joinedCount: 1 }), { maxHeroes: 1 })).toBe("Empty Room (was Alice and 1234 others)");
  });

  it("names at most 5 heroes by default ('minimum 5 heroes ... where possible'), counting the rest", () => {
    const heroes = ["A", "B", "C", "D", "E", "F", "G"].map(hero);
    expect(roomDisplayName(room({ heroes, joinedCount: 8 }))).toBe("A, B, C, D, E, and 2 others");
    expect(roomDisplayName(room({ heroes, joinedCount: 8 }), { maxHeroes: 7 })).toBe("A, B, C, D, E, F, and G");
  });

  it("uses the user ID of a hero without a display name and never names the user", () => {
    expect(roomDisplayName(room({ heroes: [{ userId: "@bob:example.org" }], joinedCount: 2 }))).toBe("@bob:example.org");
    expect(roomDisplayName(room({ heroes: [{ userId: ME, displayName: "Me" }, hero("Bob")], joinedCount: 2 }))).toBe("Bob");
  });

  it("is localisable through the message table", () => {
    const german: DisplayNameMessages = {
      disambiguated: (name, id) => `${name} (${id})`,
      list: (items) => (items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} und ${items[items.length - 1]!}`),
      others: (n) => (n === 1 ? "1 weitere Person" : `${n} weitere Personen`),
      emptyRoom: "Leerer Raum",
      emptyRoomWas: (names) => `Leerer Raum (war ${names})`,
    };
    expect(roomDisplayName(room({ heroes: [hero("Alice"), hero("Bob")], joinedCount: 5 }), { messages: german })).toBe("Alice, Bob und 2 weitere Personen");
    expect(roomDisplayName(room({ heroes: [hero("Alice")], joinedCount: 1 }), { messages: german })).toBe("Leerer Raum (war Alice)");
  });
});

describe("selectHeroes (/sync RoomSummary m.heroes)", () => {
  it("the first 5 joined or invited members in stream order, never the user", () => {
    const members = [ME, "@a:x.org", "@b:x.org", "@c:x.org", "@d:x.org", "@e:x.org", "@f:x.org"].map((userId) => ({ userId, membership: "join" }));
    members.splice(2, 0, { userId: "@left:x.org", membership: "leave" }, { userId: "@invited:x.org", membership: "invite" });
    expect(selectHeroes(members, ME)).toEqual(["@a:x.org", "@invited:x.org", "@b:x.org", "@c:x.org", "@d:x.org"]);
  });

  it("banned and left users when no one else is joined or invited", () => {
    const members = [
      { userId: ME, membership: "join" },
      { userId: "@gone:x.org", membership: "leave" },
      { userId: "@knocker:x.org", membership: "knock" },
      { userId: "@banned:x.org", membership: "ban" },
    ];
    expect(selectHeroes(members, ME)).toEqual(["@gone:x.org", "@banned:x.org"]);
    expect(selectHeroes([{ userId: ME, membership: "join" }], ME)).toEqual([]);
  });
});
