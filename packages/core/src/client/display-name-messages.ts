// The words of computed names, so a client can translate them ("Clients
// SHOULD internationalise the room name to the user's language when using
// the m.heroes to calculate the name"). English by default, in the style of
// the spec's examples.

export interface DisplayNameMessages {
  /** A display name shared by another member, made unique: "Alice (@alice:example.org)". */
  disambiguated(displayName: string, userId: string): string;
  /** Names (the last may be `others(n)`) as one phrase: "Alice", "Alice and Bob", "Alice, Bob, and Charlie". */
  list(items: readonly string[]): string;
  /** The members not named: "1 other", "1234 others". */
  others(count: number): string;
  /** A room with no one else and no heroes. */
  readonly emptyRoom: string;
  /** A room no one else is in any more, with who was there: "Empty Room (was Alice)". */
  emptyRoomWas(names: string): string;
}

export const ENGLISH_DISPLAY_NAME_MESSAGES: DisplayNameMessages = Object.freeze({
  disambiguated: (displayName: string, userId: string) => `${displayName} (${userId})`,
  list(items: readonly string[]): string {
    if (items.length <= 1) return items[0] ?? "";
    if (items.length === 2) return `${items[0]!} and ${items[1]!}`;
    return `${items.slice(0, -1).join(", ")}, and ${items[items.length - 1]!}`;
  },
  others: (count: number) => (count === 1 ? "1 other" : `${count} others`),
  emptyRoom: "Empty Room",
  emptyRoomWas: (names: string) => `Empty Room (was ${names})`,
});
