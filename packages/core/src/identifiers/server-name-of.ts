import { InvalidIdentifierError } from "../errors.js";
import { checkEventId } from "./event-id.js";
import { checkRoomAlias } from "./room-alias.js";
import { checkRoomId } from "./room-id.js";
import { type IdentifierCheck, describeNonString, parseChecked } from "./text.js";
import { checkUserId } from "./user-id.js";

type ServerNameCheck = (s: string) => IdentifierCheck<{ serverName: string | undefined }>;

/** The identifier each sigil starts, and its checker. User IDs take the historical grammar. */
const BY_SIGIL: Readonly<Record<string, readonly [kind: string, check: ServerNameCheck]>> = {
  "@": ["user ID", (s) => checkUserId(s, true)],
  "!": ["room ID", (s) => checkRoomId(s)],
  "#": ["room alias", checkRoomAlias],
  $: ["event ID", (s) => checkEventId(s)],
};

/**
 * The server name inside a user ID, room ID, room alias or event ID, chosen
 * by its sigil (appendix "Common Identifier Format"), or undefined for the
 * IDs that have none (v12 room IDs, v3+ event IDs). User IDs are read with
 * the historical grammar, since this is mostly asked of events' `sender`s.
 * Throws `InvalidIdentifierError` for anything malformed.
 */
export function serverNameOf(id: unknown): string | undefined {
  if (typeof id !== "string") throw new InvalidIdentifierError("identifier", "", describeNonString(id));
  const entry = Object.hasOwn(BY_SIGIL, id.charAt(0)) ? BY_SIGIL[id.charAt(0)] : undefined;
  if (entry === undefined) {
    throw new InvalidIdentifierError("identifier", id, id === "" ? "empty string" : 'does not start with a sigil ("@", "!", "#" or "$")');
  }
  const [kind, check] = entry;
  return parseChecked(kind, id, check).serverName;
}
