import { selectHeroes } from "@myelin/core";
import type { MembershipRecord } from "../../storage/storage.js";

// Spec: sync.yaml, Joined Room `summary` (m.heroes, m.joined_member_count, m.invited_member_count).

export type RoomSummary = {
  "m.heroes": string[];
  "m.joined_member_count": number;
  "m.invited_member_count": number;
};

/** Summaries of rooms from their memberships (in stream order), as `viewerId` sees them. */
export function roomSummaries(members: readonly MembershipRecord[], viewerId: string): Map<string, RoomSummary> {
  const byRoom = new Map<string, MembershipRecord[]>();
  for (const member of members) {
    let list = byRoom.get(member.roomId);
    if (!list) byRoom.set(member.roomId, (list = []));
    list.push(member);
  }
  const out = new Map<string, RoomSummary>();
  for (const [roomId, list] of byRoom) {
    out.set(roomId, {
      "m.heroes": selectHeroes(list, viewerId),
      "m.joined_member_count": list.filter((member) => member.membership === "join").length,
      "m.invited_member_count": list.filter((member) => member.membership === "invite").length,
    });
  }
  return out;
}
