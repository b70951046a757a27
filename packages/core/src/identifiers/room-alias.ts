import { checkLocalpartAndServer } from "./common-format.js";
import { type IdentifierCheck, checkSigilAndLength, fail, ok, parseChecked } from "./text.js";

/** A room alias (appendix "Room Aliases"): `#room_alias:domain`. */
export interface RoomAlias {
  readonly alias: string;
  readonly localpart: string;
  readonly serverName: string;
}

export function parseRoomAlias(input: unknown): RoomAlias {
  return parseChecked("room alias", input, checkRoomAlias);
}

export function isValidRoomAlias(input: unknown): input is string {
  return typeof input === "string" && checkRoomAlias(input).ok;
}

export function checkRoomAlias(s: string): IdentifierCheck<RoomAlias> {
  const opening = checkSigilAndLength(s, "#", "room alias");
  if (opening) return fail(opening);
  const colon = s.indexOf(":");
  if (colon < 0) return fail('has no ":" between localpart and server name');
  // The appendix lists what the localpart may contain but not that it may be
  // empty; "#:server" names nothing, so it is refused like the other IDs' empty localparts.
  const parts = checkLocalpartAndServer(s, colon, "localpart");
  if (!parts.ok) return parts;
  return ok({ alias: s, ...parts.value });
}
