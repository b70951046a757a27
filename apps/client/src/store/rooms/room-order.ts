import type { RoomModel } from "./types.js";

/**
 * The room list: invites first (they wait for an answer), then joined rooms,
 * most recent activity first; left rooms are not listed. Ties fall back to
 * the room ID so the order is stable between renders.
 */
export function orderRoomList(rooms: Iterable<RoomModel>): RoomModel[] {
  const rank = (room: RoomModel) => (room.membership === "invite" ? 0 : 1);
  return [...rooms]
    .filter((room) => room.membership === "invite" || room.membership === "join")
    .sort((a, b) => rank(a) - rank(b) || b.lastActivityTs - a.lastActivityTs || (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0));
}
