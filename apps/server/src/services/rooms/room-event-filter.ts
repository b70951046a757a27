import { roomEventFilter, type RoomEventFilter } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";

/** The `filter` query parameter of /messages and /context: a JSON RoomEventFilter; anything else is 400 M_INVALID_PARAM. */
export function parseRoomEventFilterParam(param: string | undefined): RoomEventFilter | undefined {
  if (param === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(param);
  } catch {
    throw MatrixError.invalidParam("filter is not valid JSON");
  }
  // matrix-js-sdk sends `null` for the fields it leaves unset ("senders": null): read those as absent.
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    json = Object.fromEntries(Object.entries(json).filter(([, value]) => value !== null));
  }
  const parsed = roomEventFilter.safeParse(json);
  if (!parsed.success) throw MatrixError.invalidParam(`filter is not a RoomEventFilter: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}
