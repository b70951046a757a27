import { checkServerName } from "./server-name.js";
import { type IdentifierCheck, checkOpaqueLocalpart, fail, ok } from "./text.js";

/**
 * The `localpart:domain` after the sigil of room IDs, room aliases and
 * rooms 1–2 event IDs (appendix "Common Identifier Format"): a non-empty
 * localpart of any code point but ":" and NUL, then a server name. `colon`
 * is the index of the first ":" in `s`; localparts cannot contain one, so
 * the domain is everything after it. `partName` names the localpart in
 * reasons.
 */
export function checkLocalpartAndServer(s: string, colon: number, partName: string): IdentifierCheck<{ localpart: string; serverName: string }> {
  const localpart = s.slice(1, colon);
  if (localpart === "") return fail(`${partName} is empty`);
  const localpartReason = checkOpaqueLocalpart(localpart, partName);
  if (localpartReason) return fail(localpartReason);
  const server = checkServerName(s.slice(colon + 1));
  if (!server.ok) return fail(`server name part is invalid: ${server.reason}`);
  return ok({ localpart, serverName: server.value.serverName });
}
