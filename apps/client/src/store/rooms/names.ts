import { MemberDisplayNames, roomDisplayName as coreRoomDisplayName, selectHeroes } from "@myelin/core";
import { membersWith, stateString } from "./state-map.js";
import type { RoomModel, StateMap } from "./types.js";

// Names come from @myelin/core's implementation of the spec's algorithms
// ("Calculating the display name for a user", "... for a room"); this module
// only feeds it the room's state and sync summary.

const memberNamesByState = new WeakMap<StateMap, MemberDisplayNames>();

/** Display names of the room's members, disambiguated where two share a name; built once per state. */
export function memberNames(room: RoomModel): MemberDisplayNames {
  let names = memberNamesByState.get(room.state);
  if (names === undefined) {
    const members = Object.entries(room.state["m.room.member"] ?? {}).map(([userId, event]) => ({
      userId,
      membership: typeof event.content.membership === "string" ? event.content.membership : "leave",
      displayName: event.content.displayname,
    }));
    names = new MemberDisplayNames(members);
    memberNamesByState.set(room.state, names);
  }
  return names;
}

export function roomName(room: RoomModel, ownUserId: string): string {
  const names = memberNames(room);
  // The sync summary's heroes when the server sent them; an invite has only
  // stripped state, so its heroes are chosen from the members it shows.
  const heroIds =
    room.summary.heroes.length > 0
      ? room.summary.heroes
      : selectHeroes(
          Object.entries(room.state["m.room.member"] ?? {}).map(([userId, event]) => ({ userId, membership: String(event.content.membership) })),
          ownUserId,
        );
  return coreRoomDisplayName({
    name: stateString(room, "m.room.name", "name") ?? null,
    canonicalAlias: stateString(room, "m.room.canonical_alias", "alias") ?? null,
    heroes: heroIds.map((userId) => ({ userId, displayName: names.displayNameOf(userId) })),
    joinedCount: room.summary.joinedMemberCount ?? membersWith(room, "join").length,
    invitedCount: room.summary.invitedMemberCount ?? membersWith(room, "invite").length,
    ownUserId,
  });
}
