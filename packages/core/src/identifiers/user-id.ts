import { checkServerName } from "./server-name.js";
import { type IdentifierCheck, checkOpaqueLocalpart, checkSigilAndLength, describeCodePoint, fail, ok, parseChecked } from "./text.js";

export interface UserId {
  readonly userId: string;
  readonly localpart: string;
  readonly serverName: string;
  /**
   * True when the localpart is outside the grammar for new user IDs and only
   * the wider "Historical User IDs" grammar accepts it.
   */
  readonly historical: boolean;
  /**
   * False for the IDs the appendix calls non-compliant (a localpart that is
   * empty or has characters outside U+0021–U+007E): servers accept them in
   * events but SHOULD NOT forward them to clients outside events.
   */
  readonly compliant: boolean;
}

export interface ParseUserIdOptions {
  /**
   * Accept the historical grammar: any non-surrogate code point except ":"
   * and NUL, even an empty localpart. Needed for `sender`s and state keys of
   * existing rooms; new IDs (registration) must use the strict grammar.
   */
  historical?: boolean;
}

// user_id_char = DIGIT / %x61-7A / "-" / "." / "=" / "_" / "/" / "+"
const STRICT_LOCALPART_CHAR = /^[a-z0-9\-.=_/+]$/;

/** Parses a user ID (appendix "User Identifiers"). */
export function parseUserId(input: unknown, options: ParseUserIdOptions = {}): UserId {
  return parseChecked("user ID", input, (s) => checkUserId(s, options.historical ?? false));
}

export function isValidUserId(input: unknown, options: ParseUserIdOptions = {}): input is string {
  return typeof input === "string" && checkUserId(input, options.historical ?? false).ok;
}

export function checkUserId(s: string, allowHistorical: boolean): IdentifierCheck<UserId> {
  const opening = checkSigilAndLength(s, "@", "user ID");
  if (opening) return fail(opening);
  const colon = s.indexOf(":");
  if (colon < 0) return fail('has no ":" between localpart and server name');
  const localpart = s.slice(1, colon);
  const server = checkServerName(s.slice(colon + 1));
  if (!server.ok) return fail(`server name part is invalid: ${server.reason}`);

  const strictReason = checkStrictLocalpart(localpart);
  if (strictReason !== undefined && !allowHistorical) return fail(strictReason);
  if (strictReason !== undefined) {
    const historicalReason = checkOpaqueLocalpart(localpart, "localpart");
    if (historicalReason) return fail(historicalReason);
  }
  return ok({
    userId: s,
    localpart,
    serverName: server.value.serverName,
    historical: strictReason !== undefined,
    compliant: localpart !== "" && /^[\x21-\x7e]*$/.test(localpart),
  });
}

function checkStrictLocalpart(localpart: string): string | undefined {
  if (localpart === "") return "localpart is empty";
  for (let i = 0; i < localpart.length; i++) {
    const c = localpart[i]!;
    if (!STRICT_LOCALPART_CHAR.test(c)) {
      const upper = c >= "A" && c <= "Z" ? " (upper case is not allowed)" : "";
      return `localpart contains ${describeCodePoint(localpart.codePointAt(i)!)} at index ${i}${upper}; only a-z, 0-9, ".", "_", "=", "-", "/" and "+" are allowed`;
    }
  }
  return undefined;
}
