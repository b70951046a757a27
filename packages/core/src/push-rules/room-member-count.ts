// `room_member_count` (client-server "Conditions"): `is` is a decimal integer
// optionally prefixed by `==`, `<`, `>`, `>=` or `<=`; no prefix means `==`.

/** The grammar of `is`. Two-character operators come first so `<=5` is not read as `<` then `=5`. */
export const ROOM_MEMBER_COUNT_IS = /^(==|<=|>=|<|>)?([0-9]+)$/;

/**
 * Whether `memberCount` satisfies `is`; false when `is` is not in the
 * grammar (a malformed condition matches nothing).
 */
export function roomMemberCountMatches(is: unknown, memberCount: number): boolean {
  if (typeof is !== "string") return false;
  const parsed = ROOM_MEMBER_COUNT_IS.exec(is);
  if (parsed === null) return false;
  const bound = Number(parsed[2]);
  switch (parsed[1]) {
    case "<":
      return memberCount < bound;
    case ">":
      return memberCount > bound;
    case "<=":
      return memberCount <= bound;
    case ">=":
      return memberCount >= bound;
    default:
      return memberCount === bound;
  }
}
