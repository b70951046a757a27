import { isValidRoomAlias } from "../identifiers/room-alias.js";
import { ENGLISH_DISPLAY_NAME_MESSAGES, type DisplayNameMessages } from "./display-name-messages.js";

// Spec: client-server module "Instant Messaging", "Calculating the display
// name for a room", and the `m.heroes` of the `/sync` room summary
// (data/api/client-server/sync.yaml, RoomSummary).

/** A hero of the room: a user, with their display name as `userDisplayName` calculates it. */
export interface RoomHero {
  readonly userId: string;
  /** Already disambiguated if needed; the user ID is used when absent. */
  readonly displayName?: string;
}

export interface RoomNameInput {
  /** `content.name` of `m.room.name`, if the room has one. */
  readonly name?: string | null;
  /** `content.alias` of `m.room.canonical_alias`, if the room has one. */
  readonly canonicalAlias?: string | null;
  /** `m.heroes` (from the sync summary, or `selectHeroes`), in order. */
  readonly heroes: readonly RoomHero[];
  /** `m.joined_member_count`, including the user. */
  readonly joinedCount: number;
  /** `m.invited_member_count`. */
  readonly invitedCount: number;
  /** The logged-in user, never a hero. */
  readonly ownUserId: string;
}

export interface RoomNameOptions {
  readonly messages?: DisplayNameMessages;
  /** How many heroes to name at most (the spec: "minimum 5 ... where possible"). Default 5. */
  readonly maxHeroes?: number;
}

/** Heroes named, then the rest as a count: "Alice, Bob, and 3 others". */
function heroPhrase(names: readonly string[], others: number, messages: DisplayNameMessages): string {
  return messages.list(others > 0 ? [...names, messages.others(others)] : names);
}

/**
 * The room's name as clients should show it:
 * 1. a non-empty `m.room.name`;
 * 2. a valid canonical alias (never `alt_aliases`);
 * 3. from the heroes (other than the user), with `joined + invited` members:
 *    more than 1: the heroes' names, and a count of the members not named
 *    ("Alice, Bob, and 1234 others"); at most 1 (the user is alone): "Empty
 *    Room", or "Empty Room (was …)" naming the heroes.
 */
export function roomDisplayName(input: RoomNameInput, options: RoomNameOptions = {}): string {
  const messages = options.messages ?? ENGLISH_DISPLAY_NAME_MESSAGES;
  const maxHeroes = Math.max(1, Math.floor(options.maxHeroes ?? 5));
  if (typeof input.name === "string" && input.name !== "") return input.name;
  if (isValidRoomAlias(input.canonicalAlias)) return input.canonicalAlias;

  const heroes = input.heroes.filter((hero) => hero.userId !== input.ownUserId);
  const named = heroes.slice(0, maxHeroes).map((hero) => (typeof hero.displayName === "string" && hero.displayName !== "" ? hero.displayName : hero.userId));
  const members = input.joinedCount + input.invitedCount;
  if (members <= 1) {
    if (named.length === 0) return messages.emptyRoom;
    return messages.emptyRoomWas(heroPhrase(named, heroes.length - named.length, messages));
  }
  // Rule 3.1 (enough heroes for everyone else) and 3.2 (fewer) differ only in
  // whether a count follows; members beyond those named are the count. Stale
  // counts below the heroes' number do not hide heroes.
  const others = Math.max(members - 1, heroes.length) - named.length;
  return heroPhrase(named, others, messages);
}

/** What `selectHeroes` reads of a member. */
export interface HeroCandidate {
  readonly userId: string;
  readonly membership: string;
}

/**
 * `m.heroes` as servers compute it for the sync summary: "the first 5
 * members of the room, ordered by stream ordering, which are joined or
 * invited", never the user themself; "when no joined or invited members are
 * available", the banned and left users. `members` must be in stream order
 * (the order their member events reached the room).
 */
export function selectHeroes(members: Iterable<HeroCandidate>, ownUserId: string, limit = 5): string[] {
  const current: string[] = [];
  const former: string[] = [];
  const seen = new Set<string>();
  for (const member of members) {
    if (member.userId === ownUserId || seen.has(member.userId)) continue;
    seen.add(member.userId);
    if (member.membership === "join" || member.membership === "invite") current.push(member.userId);
    else if (member.membership === "leave" || member.membership === "ban") former.push(member.userId);
  }
  return (current.length > 0 ? current : former).slice(0, limit);
}
