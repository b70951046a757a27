import type { SyncResponse } from "@myelin/client-server";
import { reconcilePending } from "./local-echo.js";
import { redactedEventId, redactTimelineEvent } from "./redaction.js";
import { withStateEvent } from "./state-map.js";
import { emptyRoom, type Membership, type ReadReceipt, type RoomModel, type SyncState, type TimelineEvent } from "./types.js";

type Rooms = NonNullable<SyncResponse["rooms"]>;
type JoinedRoomUpdate = NonNullable<Rooms["join"]>[string];
type LeftRoomUpdate = NonNullable<Rooms["leave"]>[string];
type InvitedRoomUpdate = NonNullable<Rooms["invite"]>[string];
type Ephemeral = NonNullable<JoinedRoomUpdate["ephemeral"]>;

/** Fold one `/sync` response into the state: pure, so it is tested with spec-shaped JSON. */
export function applySync(state: SyncState, response: SyncResponse): SyncState {
  const rooms = { ...state.rooms };
  for (const [roomId, update] of Object.entries(response.rooms?.join ?? {})) {
    rooms[roomId] = applyJoinedRoom(rooms[roomId], roomId, update);
  }
  for (const [roomId, update] of Object.entries(response.rooms?.invite ?? {})) {
    rooms[roomId] = applyInvitedRoom(rooms[roomId], roomId, update);
  }
  for (const [roomId, update] of Object.entries(response.rooms?.knock ?? {})) {
    const events = update.knock_state?.events ?? [];
    rooms[roomId] = { ...emptyRoom(roomId, "knock"), state: events.reduce(withStateEvent, {}) };
  }
  for (const [roomId, update] of Object.entries(response.rooms?.leave ?? {})) {
    rooms[roomId] = applyTimelineRoom(rooms[roomId], roomId, "leave", update);
  }
  return { nextBatch: response.next_batch, rooms };
}

function applyJoinedRoom(previous: RoomModel | undefined, roomId: string, update: JoinedRoomUpdate): RoomModel {
  let room = applyTimelineRoom(previous, roomId, "join", update);
  if (update.summary !== undefined) {
    const summary = update.summary;
    // Summary fields are only sent when they change: absent means "as before".
    room = {
      ...room,
      summary: {
        heroes: summary["m.heroes"] ?? room.summary.heroes,
        joinedMemberCount: summary["m.joined_member_count"] ?? room.summary.joinedMemberCount,
        invitedMemberCount: summary["m.invited_member_count"] ?? room.summary.invitedMemberCount,
      },
    };
  }
  if (update.unread_notifications !== undefined) {
    room = {
      ...room,
      notificationCount: update.unread_notifications.notification_count ?? room.notificationCount,
      highlightCount: update.unread_notifications.highlight_count ?? room.highlightCount,
    };
  }
  if (update.ephemeral !== undefined) room = applyEphemeral(room, update.ephemeral);
  return room;
}

function applyInvitedRoom(previous: RoomModel | undefined, roomId: string, update: InvitedRoomUpdate): RoomModel {
  const events = update.invite_state?.events ?? [];
  const base = previous?.membership === "invite" ? previous : emptyRoom(roomId, "invite");
  const state = events.reduce(withStateEvent, base.state);
  // Stripped state has no timestamps; the invite is as recent as this sync.
  const inviteTs = events.reduce((latest, e) => Math.max(latest, numberField(e, "origin_server_ts")), 0);
  return { ...base, state, lastActivityTs: Math.max(base.lastActivityTs, inviteTs || Date.now()) };
}

/** State, timeline and limited-gap handling shared by joined and left rooms. */
function applyTimelineRoom(
  previous: RoomModel | undefined,
  roomId: string,
  membership: Membership,
  update: JoinedRoomUpdate | LeftRoomUpdate,
): RoomModel {
  // An invite's stripped state is replaced by the full state on joining.
  const known = previous !== undefined && previous.membership !== "invite" && previous.membership !== "knock";
  let room: RoomModel = known ? { ...previous, membership } : { ...emptyRoom(roomId, membership), pending: previous?.pending ?? [] };
  const timeline = update.timeline;

  if (!known || timeline?.limited === true) {
    // A limited timeline leaves a gap after what we hold: drop the old events
    // and paginate from the new batch's prev_batch instead of showing a hole.
    room = { ...room, timeline: [], prevBatch: timeline?.prev_batch, reachedStart: false };
  }

  const useStateAfter = update.state_after !== undefined;
  for (const event of update.state?.events ?? []) room = { ...room, state: withStateEvent(room.state, event) };

  for (const event of timeline?.events ?? []) room = appendTimelineEvent(room, event, !useStateAfter);

  for (const event of update.state_after?.events ?? []) room = { ...room, state: withStateEvent(room.state, event) };
  return room;
}

function appendTimelineEvent(room: RoomModel, event: TimelineEvent, updatesState: boolean): RoomModel {
  if (room.timeline.some((e) => e.event_id === event.event_id)) return room;
  let timeline = [...room.timeline, event];
  let state = updatesState ? withStateEvent(room.state, event) : room.state;
  let fetchedEvents = room.fetchedEvents;
  if (event.type === "m.room.redaction") {
    const target = redactedEventId(event);
    if (target !== undefined) {
      timeline = timeline.map((e) => (e.event_id === target ? redactTimelineEvent(e, event, room) : e));
      state = redactInState(state, target, event, room);
      // A quoted message fetched on its own is redacted too, so its quote shows it as deleted.
      const fetched = fetchedEvents?.[target];
      if (fetched !== undefined) fetchedEvents = { ...fetchedEvents, [target]: redactTimelineEvent(fetched, event, room) };
    }
  }
  return {
    ...room,
    timeline,
    state,
    ...(fetchedEvents === undefined ? {} : { fetchedEvents }),
    pending: reconcilePending(room.pending, event),
    lastActivityTs: Math.max(room.lastActivityTs, event.origin_server_ts),
  };
}

function redactInState(state: RoomModel["state"], target: string, redaction: TimelineEvent, room: RoomModel): RoomModel["state"] {
  for (const byKey of Object.values(state)) {
    for (const event of Object.values(byKey)) {
      // Stripped (invite) state has no event ID, so only full events can match.
      if (event.event_id === target) {
        return withStateEvent(state, redactTimelineEvent(event as TimelineEvent, redaction, room));
      }
    }
  }
  return state;
}

/** `m.typing` replaces the typing list; `m.receipt` moves each user's read marker forward. */
function applyEphemeral(room: RoomModel, ephemeral: Ephemeral): RoomModel {
  let next = room;
  for (const event of ephemeral.events ?? []) {
    if (event.type === "m.typing") {
      const userIds = event.content.user_ids;
      next = { ...next, typingUserIds: Array.isArray(userIds) ? userIds.filter((u): u is string => typeof u === "string") : [] };
    } else if (event.type === "m.receipt") {
      next = { ...next, receipts: mergeReceipts(next.receipts, event.content) };
    }
  }
  return next;
}

function mergeReceipts(receipts: Readonly<Record<string, ReadReceipt>>, content: Record<string, unknown>): Record<string, ReadReceipt> {
  const merged = { ...receipts };
  for (const [eventId, byType] of Object.entries(content)) {
    if (typeof byType !== "object" || byType === null) continue;
    // Public and private read receipts both mark where the user has read to.
    for (const receiptType of ["m.read", "m.read.private"]) {
      const byUser = (byType as Record<string, unknown>)[receiptType];
      if (typeof byUser !== "object" || byUser === null) continue;
      for (const [userId, receipt] of Object.entries(byUser as Record<string, unknown>)) {
        const ts = typeof receipt === "object" && receipt !== null ? numberField(receipt, "ts") : 0;
        const current = merged[userId];
        if (current === undefined || ts >= current.ts) merged[userId] = { eventId, ts };
      }
    }
  }
  return merged;
}

function numberField(value: object, field: string): number {
  const n = (value as Record<string, unknown>)[field];
  return typeof n === "number" ? n : 0;
}
