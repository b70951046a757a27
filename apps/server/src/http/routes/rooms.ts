import {
  createRoom,
  getEventByTimestamp,
  getEventContext,
  getJoinedMembersByRoom,
  getJoinedRooms,
  getMembersByRoom,
  getOneRoomEvent,
  getRoomEvents,
  getRoomState,
  getRoomStateWithKey,
  redactEvent,
  sendMessage,
  setRoomStateWithKey,
} from "@myelin/client-server";
import type { JsonObject } from "@myelin/core";
import type { RouteContext } from "../context.js";

// Spec: client-server "Rooms" (creation), "Room events" (send, state,
// redact, get), "Getting events for a room", /messages, /context.

export function roomRoutes({ serve, services }: RouteContext): void {
  const rooms = services.rooms;

  serve(createRoom, async ({ body }, { auth }) => ({ room_id: await rooms.createRoom.create(auth, body) }), { allowNulInBody: true });

  // Event content may legitimately carry "\u0000" (stored as JSON text, which escapes it).
  serve(
    sendMessage,
    async ({ path, body }, { auth }) => {
      const sent = await rooms.messaging.sendMessage(auth, path.roomId, path.eventType, path.txnId, body as JsonObject);
      return { event_id: sent.eventId };
    },
    { allowNulInBody: true },
  );

  serve(
    setRoomStateWithKey,
    async ({ path, body }, { auth }) => {
      const sent = await rooms.messaging.setState(auth, path.roomId, path.eventType, path.stateKey, body as JsonObject);
      return { event_id: sent.eventId };
    },
    { allowNulInBody: true },
  );

  serve(redactEvent, async ({ path, body }, { auth }) => {
    const sent = await rooms.messaging.redact(auth, path.roomId, path.eventId, path.txnId, body.reason);
    return { event_id: sent.eventId };
  });

  serve(getOneRoomEvent, async ({ path }, { auth }) => rooms.reads.getEvent(auth, path.roomId, path.eventId));

  serve(getRoomState, async ({ path }, { auth }) => rooms.reads.getState(auth, path.roomId));

  serve(getRoomStateWithKey, async ({ path, query }, { auth }) => {
    const event = await rooms.reads.getStateEvent(auth, path.roomId, path.eventType, path.stateKey);
    return query.format === "event" ? event : event.content;
  });

  serve(getMembersByRoom, async ({ path, query }, { auth }) => ({ chunk: await rooms.reads.getMembers(auth, path.roomId, query) }));

  serve(getJoinedMembersByRoom, async ({ path }, { auth }) => ({ joined: await rooms.reads.getJoinedMembers(auth, path.roomId) }));

  serve(getJoinedRooms, async (_request, { auth }) => ({ joined_rooms: await rooms.reads.getJoinedRooms(auth) }));

  serve(getRoomEvents, async ({ path, query }, { auth }) => rooms.timeline.messages(auth, path.roomId, query));

  serve(getEventContext, async ({ path, query }, { auth }) => rooms.timeline.context(auth, path.roomId, path.eventId, query));

  serve(getEventByTimestamp, async ({ path, query }, { auth }) => rooms.reads.eventAtTimestamp(auth, path.roomId, query.ts, query.dir));
}
