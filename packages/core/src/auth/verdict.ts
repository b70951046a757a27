/**
 * The outcome of the authorization rules. A rejection names the rule by its
 * number in the room version's list (e.g. "5.3.4" in room 12, "4.2.4" in
 * room 6) and says why in words.
 */
export type AuthVerdict = { allowed: true } | { allowed: false; rule: string; reason: string };

export const ALLOWED: AuthVerdict = Object.freeze({ allowed: true });

export function rejected(rule: string, reason: string): AuthVerdict {
  return { allowed: false, rule, reason };
}
