import { ENGLISH_DISPLAY_NAME_MESSAGES, type DisplayNameMessages } from "./display-name-messages.js";

// Spec: client-server module "Instant Messaging", "Calculating the display
// name for a user".

/** What the algorithm reads of a member's `m.room.member` state event. */
export interface MemberNameInfo {
  readonly userId: string;
  /** `content.membership` (any value; only `join` and `invite` count for clashes). */
  readonly membership: string;
  /** `content.displayname` as the event has it: absent, `null`, or (untrusted) anything else. */
  readonly displayName?: unknown;
}

/**
 * A member's display name when it has one: a non-empty string. The spec
 * falls back to the user ID for a missing or `null` `displayname`; event
 * bodies are untrusted, so any non-string counts as missing too, and so does
 * `""`, which could not tell anyone apart.
 */
function ownDisplayName(member: MemberNameInfo | undefined): string | undefined {
  const name = member?.displayName;
  return typeof name === "string" && name !== "" ? name : undefined;
}

const COUNTS_FOR_CLASHES = new Set(["join", "invite"]);

/**
 * Display names of many members at once, as the spec recommends: one table
 * from display name to the joined and invited members using it, so the
 * whole list costs O(N) rather than O(N²). Build it from the room's member
 * events; ask `displayNameOf` for anyone.
 */
export class MemberDisplayNames {
  private readonly members = new Map<string, MemberNameInfo>();
  private readonly usersByName = new Map<string, Set<string>>();

  constructor(
    members: Iterable<MemberNameInfo>,
    private readonly messages: DisplayNameMessages = ENGLISH_DISPLAY_NAME_MESSAGES,
  ) {
    for (const member of members) {
      this.members.set(member.userId, member);
    }
    for (const member of this.members.values()) {
      const name = ownDisplayName(member);
      if (name === undefined || !COUNTS_FOR_CLASHES.has(member.membership)) continue;
      let users = this.usersByName.get(name);
      if (users === undefined) this.usersByName.set(name, (users = new Set()));
      users.add(member.userId);
    }
  }

  /**
   * 1–2: no member event or no display name: the user ID. 3: a display name
   * no other joined or invited member uses: that name. 4: otherwise the name
   * disambiguated with the user ID.
   */
  displayNameOf(userId: string): string {
    const name = ownDisplayName(this.members.get(userId));
    if (name === undefined) return userId;
    const users = this.usersByName.get(name);
    const clashes = users === undefined ? 0 : users.size - (users.has(userId) ? 1 : 0);
    return clashes === 0 ? name : this.messages.disambiguated(name, userId);
  }
}

/**
 * The display name of one user among `members` (their current member
 * events); for many users build one `MemberDisplayNames` instead.
 */
export function userDisplayName(userId: string, members: Iterable<MemberNameInfo>, messages?: DisplayNameMessages): string {
  return new MemberDisplayNames(members, messages).displayNameOf(userId);
}
