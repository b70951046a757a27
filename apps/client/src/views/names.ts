import { memberNames, roomName } from "../store/rooms/names.js";
import type { RoomModel } from "../store/rooms/types.js";

export function roomDisplayName(room: RoomModel, ownUserId: string): string {
  return roomName(room, ownUserId);
}

export function memberDisplayName(room: RoomModel, userId: string): string {
  return memberNames(room).displayNameOf(userId);
}

/** One letter for an avatar placeholder, skipping sigils like # @ !. */
export function initialsOf(name: string): string {
  const letters = name.replace(/^[#@!+]/, "").trim();
  const first = letters.codePointAt(0);
  return (first === undefined ? "?" : String.fromCodePoint(first)).toUpperCase();
}
