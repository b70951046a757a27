import { authStateFromEvents } from "@myelin/core";
import type { Storage } from "../../storage/storage.js";
import type { RoomEventCache } from "../events/room-event-cache.js";
import type { PushActionSource } from "./push-evaluator.js";

// createRoom persists all its events in one transaction of the send
// pipeline, without push evaluation. The invites among them must still give
// invitees their `.m.rule.invite_for_me` notification ("Push Notifications",
// default override rules), so they are evaluated once the room is committed
// and their notifications recorded then.

export type CreatedRoomHook = (roomId: string, eventIds: readonly string[]) => Promise<void>;

export function pushForInitialInvites(deps: { storage: Storage; cache: RoomEventCache; evaluator: PushActionSource }): CreatedRoomHook {
  const { storage, cache, evaluator } = deps;
  return async (roomId, eventIds) => {
    const events = await cache.load(eventIds);
    const invites = [...events.values()].filter((event) => event.type === "m.room.member" && event.content.membership === "invite");
    if (invites.length === 0) return;
    const roomVersion = await cache.roomVersion(roomId);
    if (!roomVersion) return;
    // Invites are createRoom's last events: the room's state then is the state they were authorised against.
    const state = authStateFromEvents(eventIds.flatMap((eventId) => events.get(eventId) ?? []));
    const positions = new Map((await storage.events.getEvents(invites.map((invite) => invite.eventId))).map((stored) => [stored.eventId, stored.streamOrdering]));
    const evaluated = await Promise.all(invites.map(async (invite) => ({ invite, notification: await evaluator.actionsFor(invite, roomVersion, state) })));
    const notifying = evaluated.filter(({ invite, notification }) => notification !== undefined && positions.has(invite.eventId));
    if (notifying.length === 0) return;
    await storage.transaction(async (stores) => {
      for (const { invite, notification } of notifying) {
        await stores.push.recordEventPush({ roomId, sender: invite.sender, streamOrdering: positions.get(invite.eventId)! }, notification);
      }
    });
    for (const { invite, notification } of notifying) evaluator.committed(invite, notification);
  };
}
