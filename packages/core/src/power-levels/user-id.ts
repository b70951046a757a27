// A private helper for the authorization rules: they need to know whether a
// string is a user ID (power-level `users` keys, v12 `additional_creators`)
// and the domain part of user, room and event IDs. The identifiers area owns
// the full grammar; this is the small piece the rules need, kept here so the
// rules do not wait on it.

const MAX_USER_ID_BYTES = 255;
const utf8 = new TextEncoder();

/**
 * The part after the first `:` of `@user:server`, `!room:server` or
 * `$event:server` (appendix "Common Identifier Format"), or undefined when
 * there is no `:`.
 */
export function domainOf(id: string): string | undefined {
  const colon = id.indexOf(":");
  return colon < 0 ? undefined : id.slice(colon + 1);
}

/**
 * Server name grammar (appendix "Server Name"): hostname [":" port], where
 * hostname is a DNS name / IPv4 literal (both 1*255 of DIGIT ALPHA "-" ".")
 * or "[" IPv6 literal "]".
 */
export function isValidServerName(name: string): boolean {
  let host: string;
  let rest: string;
  if (name.startsWith("[")) {
    const close = name.indexOf("]");
    if (close < 0) return false;
    const v6 = name.slice(1, close);
    if (!/^[0-9A-Fa-f:.]{2,45}$/.test(v6)) return false;
    host = name.slice(0, close + 1);
    rest = name.slice(close + 1);
  } else {
    const colon = name.indexOf(":");
    host = colon < 0 ? name : name.slice(0, colon);
    rest = colon < 0 ? "" : name.slice(colon);
    if (!/^[0-9A-Za-z.-]{1,255}$/.test(host)) return false;
  }
  return rest === "" || /^:[0-9]{1,5}$/.test(rest);
}

/**
 * Whether `value` is a user ID that servers must accept in events: the
 * historical grammar (appendix "Historical User IDs": any localpart without
 * `:` or NUL, even empty), a valid server name, at most 255 bytes.
 */
export function isValidUserId(value: unknown): value is string {
  if (typeof value !== "string" || !value.startsWith("@")) return false;
  if (!value.isWellFormed() || value.includes("\u0000")) return false;
  if (utf8.encode(value).length > MAX_USER_ID_BYTES) return false;
  const domain = domainOf(value);
  return domain !== undefined && isValidServerName(domain);
}
