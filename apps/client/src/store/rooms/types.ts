import type { ClientEventWithoutRoomId, StrippedStateEvent } from "@myelin/client-server";

/** A room event as the client-server API delivers it (`/sync`, `/messages`), kept in its spec shape. */
export type TimelineEvent = ClientEventWithoutRoomId;

/** A state event: a full event from a joined room, or the stripped form of an invite. */
export type StateEvent = TimelineEvent | StrippedStateEvent;

/** Current state: event type → state key → event. */
export type StateMap = Readonly<Record<string, Readonly<Record<string, StateEvent>>>>;

export type Membership = "join" | "invite" | "leave" | "knock";

/** A message this client sent that the server has not yet echoed back in `/sync`. */
export interface PendingEvent {
  /** The transaction ID of the `PUT /send`, reused on retry so the server can dedupe it. */
  readonly txnId: string;
  readonly type: string;
  readonly content: Readonly<Record<string, unknown>>;
  readonly status: "sending" | "sent" | "failed";
  /** Set once the server accepted the event. */
  readonly eventId?: string;
  readonly error?: string;
  readonly createdTs: number;
}

export interface ReadReceipt {
  readonly eventId: string;
  readonly ts: number;
}

export interface RoomSummary {
  readonly heroes: readonly string[];
  readonly joinedMemberCount: number | undefined;
  readonly invitedMemberCount: number | undefined;
}

export interface RoomModel {
  readonly roomId: string;
  readonly membership: Membership;
  readonly state: StateMap;
  /** Chronological; the newest event last. */
  readonly timeline: readonly TimelineEvent[];
  /** Token for `/messages?dir=b` to load what comes before `timeline[0]`. */
  readonly prevBatch: string | undefined;
  /** Back-pagination returned nothing more: the room's creation is loaded. */
  readonly reachedStart: boolean;
  readonly notificationCount: number;
  readonly highlightCount: number;
  readonly typingUserIds: readonly string[];
  /** User ID → that user's latest `m.read` receipt. */
  readonly receipts: Readonly<Record<string, ReadReceipt>>;
  readonly summary: RoomSummary;
  readonly pending: readonly PendingEvent[];
  /** Newest `origin_server_ts` seen in the room (the invite's time for invites); orders the room list. */
  readonly lastActivityTs: number;
  /**
   * Events fetched one by one (`GET /rooms/{roomId}/event/{eventId}`) because
   * something loaded refers to them, e.g. the message a reply quotes, when
   * they are older than the loaded timeline. Optional: older snapshots lack it.
   */
  readonly fetchedEvents?: Readonly<Record<string, TimelineEvent>>;
}

/** Everything the sync engine knows; serialisable, so it can be saved and restored after a reload. */
export interface SyncState {
  readonly nextBatch: string | undefined;
  readonly rooms: Readonly<Record<string, RoomModel>>;
}

export const EMPTY_SYNC_STATE: SyncState = { nextBatch: undefined, rooms: {} };

export function emptyRoom(roomId: string, membership: Membership): RoomModel {
  return {
    roomId,
    membership,
    state: {},
    timeline: [],
    prevBatch: undefined,
    reachedStart: false,
    notificationCount: 0,
    highlightCount: 0,
    typingUserIds: [],
    receipts: {},
    summary: { heroes: [], joinedMemberCount: undefined, invitedMemberCount: undefined },
    pending: [],
    lastActivityTs: 0,
  };
}
