import { STRIPPED_STATE_TYPES, toStrippedStateEvent } from "@myelin/core";
import type { SyncFilter } from "@myelin/client-server";
import type { PresenceState, Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import type { ClientEventSerializer } from "../events/client-events.js";
import type { HistoryVisibility } from "../events/history-visibility.js";
import type { FilterService } from "../filters.js";
import type { Notifier } from "../notifier.js";
import type { PresenceService } from "../presence.js";
import type { Requester } from "../requester.js";
import type { TypingService } from "../typing.js";
import { filterEphemeral, receiptEventsByRoom, typingEvent, type EphemeralEvent } from "./ephemeral.js";
import { passesEventFilter, roomAllowed } from "./event-filter.js";
import { planSync, type StrippedRoomPlan } from "./room-plans.js";
import { roomSummaries, type RoomSummary } from "./room-summary.js";
import { RoomTimelineBuilder, type ServedEvent } from "./room-timelines.js";
import { formatSyncToken, parseSyncToken, type SyncPositions } from "./sync-token.js";
import { zeroUnreadNotificationCounts, type RoomUnreadCounts, type UnreadCounts, type UnreadNotificationCounter } from "./unread-counts.js";

// Spec: client-server "Syncing" and sync.yaml (GET /sync, v1.19).

/** The longest a long-poll may hold a request, whatever `timeout` asks (clients use ~30 s). */
export const MAX_SYNC_TIMEOUT_MS = 5 * 60_000;

export interface SyncRequest {
  filter?: string | undefined;
  since?: string | undefined;
  fullState?: boolean | undefined;
  setPresence?: PresenceState | undefined;
  timeout?: number | undefined;
  useStateAfter?: boolean | undefined;
}

/** Core's StrippedStateEvent as a type literal (response schemas want index-signature-compatible types). */
type StrippedEvent = { type: string; state_key: string; sender: string; content: Record<string, unknown> };

type EventList = {
  events: Record<string, unknown>[];
};

export type JoinedRoomSync = {
  summary?: RoomSummary;
  state?: EventList;
  state_after?: EventList;
  timeline: { events: ServedEvent[]; limited: boolean; prev_batch: string };
  ephemeral: EventList;
  account_data: EventList;
  unread_notifications: UnreadCounts;
  unread_thread_notifications?: Record<string, UnreadCounts>;
};

export type LeftRoomSync = {
  state?: EventList;
  state_after?: EventList;
  timeline: { events: ServedEvent[]; limited: boolean; prev_batch: string };
  account_data: EventList;
};

export type SyncResponseBody = {
  next_batch: string;
  rooms: {
    join: Record<string, JoinedRoomSync>;
    invite: Record<string, { invite_state: { events: StrippedEvent[] } }>;
    knock: Record<string, { knock_state: { events: StrippedEvent[] } }>;
    leave: Record<string, LeftRoomSync>;
  };
  presence: EventList;
  account_data: EventList;
  to_device: { events: never[] };
  device_lists: { changed: string[]; left: string[] };
  device_one_time_keys_count: Record<string, number>;
};

export interface SyncServiceDeps {
  storage: Storage;
  clock: Clock;
  notifier: Notifier;
  filters: FilterService;
  typing: TypingService;
  presence: PresenceService;
  serializer: ClientEventSerializer;
  visibility: HistoryVisibility;
  unreadCounts?: UnreadNotificationCounter;
}

interface BuiltSync {
  body: SyncResponseBody;
  positions: SyncPositions;
  wakeKeys: string[];
}

/** `unread_notifications`, and with the filter's `unread_thread_notifications` the per-thread counts too (always present then, so a client sees a thread's count drop). */
function unreadFields(counts: RoomUnreadCounts | undefined, byThread: boolean): Pick<JoinedRoomSync, "unread_notifications" | "unread_thread_notifications"> {
  const unread_notifications = { highlight_count: counts?.highlight_count ?? 0, notification_count: counts?.notification_count ?? 0 };
  return byThread ? { unread_notifications, unread_thread_notifications: counts?.threads ?? {} } : { unread_notifications };
}

const ALL_MEMBERSHIPS = ["join", "invite", "knock", "leave", "ban"] as const;

export class SyncService {
  private readonly timelines: RoomTimelineBuilder;
  private readonly unreadCounts: UnreadNotificationCounter;

  constructor(private readonly deps: SyncServiceDeps) {
    this.timelines = new RoomTimelineBuilder(deps.storage, deps.serializer, deps.visibility);
    this.unreadCounts = deps.unreadCounts ?? zeroUnreadNotificationCounts;
  }

  async sync(requester: Requester, request: SyncRequest, signal?: AbortSignal): Promise<SyncResponseBody> {
    // Bad input first: a malformed token or filter is a 400 before anything is written.
    const since = request.since === undefined || request.since === "" ? undefined : parseSyncToken(request.since);
    const filter = await this.deps.filters.resolveSyncParameter(requester.userId, request.filter);
    await this.deps.presence.userSyncing(requester.userId, request.setPresence);

    const fullState = request.fullState === true;
    // Initial and full_state syncs answer at once (sync.yaml); others may wait for news.
    const timeoutMs = since === undefined || fullState ? 0 : Math.min(Math.max(request.timeout ?? 0, 0), MAX_SYNC_TIMEOUT_MS);
    const deadline = this.deps.clock() + timeoutMs;
    for (;;) {
      const mark = this.deps.notifier.notificationSequence;
      const built = await this.build(requester, filter, since, fullState, request.useStateAfter === true);
      const remaining = deadline - this.deps.clock();
      if (since === undefined || fullState || !isEmpty(built.body) || remaining <= 0 || signal?.aborted) return built.body;
      const woken = await this.deps.notifier.waitForChange(built.wakeKeys, built.positions.events, remaining, signal, { notifiedAfter: mark });
      if (!woken) return built.body;
      // Let what is already waiting on the event loop (other requests, commits) run first:
      // under load a woken sync then answers with several events at once instead of one each.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async build(requester: Requester, filter: SyncFilter, sinceToken: SyncPositions | undefined, fullState: boolean, useStateAfter: boolean): Promise<BuiltSync> {
    const { storage } = this.deps;
    const userId = requester.userId;
    // Positions first, then data up to them: what commits later is for the next sync.
    const [maxEvents, streams] = await Promise.all([storage.events.maxStreamOrdering(), storage.syncStreams.currentPositions()]);
    const typingPosition = this.deps.typing.currentPosition();
    const memberships = await storage.rooms.roomsOfUser(userId, ALL_MEMBERSHIPS);
    // A membership row is committed with its event, and events commit in stream order, so its position is safe to include.
    const eventsUpTo = Math.max(maxEvents, ...memberships.map((m) => m.streamOrdering));
    const positions: SyncPositions = { events: eventsUpTo, ...streams, typing: typingPosition };
    // A token from the future (another database, a restored backup) counts as "now" for that stream.
    const since = sinceToken && clampPositions(sinceToken, positions);

    const plan = await planSync(storage, {
      userId,
      memberships,
      since: since?.events,
      upTo: eventsUpTo,
      fullState,
      includeLeave: filter.room?.include_leave === true,
      roomAllowed: (roomId) => roomAllowed(filter.room, roomId),
    });

    const joinPlans = plan.timelineRooms.filter((room) => room.section === "join");
    const fullJoinRoomIds = joinPlans.filter((room) => room.full).map((room) => room.roomId);
    // Summaries of rooms synced in full now (lazy-loading needs their heroes); of the others once their timelines show member changes.
    const summaries = roomSummaries(await storage.syncRooms.membersOfRooms(fullJoinRoomIds), userId);

    const bodies = await this.timelines.build(plan.timelineRooms, {
      viewer: { userId, deviceId: requester.deviceId },
      filter,
      useStateAfter,
      // Lazy-loading: "the membership events for the heroes MUST be included in the state" (sync.yaml).
      extraMembers: (roomId) => summaries.get(roomId)?.["m.heroes"] ?? [],
    });

    const accountDataSince = since?.accountData ?? 0;
    const accountData = accountDataSince < positions.accountData ? await storage.accountData.changedBetween(userId, accountDataSince, positions.accountData) : [];
    // A room joined since the token gets all its account data (tags set before joining, for one), not only the changes.
    const fullRoomAccountData =
      since !== undefined && plan.timelineRooms.some((room) => room.full)
        ? (await storage.accountData.changedBetween(userId, 0, positions.accountData)).filter((record) => record.roomId !== null)
        : [];
    const fullRooms = new Set(plan.timelineRooms.filter((room) => room.full).map((room) => room.roomId));
    const roomAccountData = new Map<string, Record<string, unknown>[]>();
    for (const record of [...accountData, ...fullRoomAccountData.filter((record) => fullRooms.has(record.roomId ?? ""))]) {
      if (record.roomId === null) continue;
      if (!passesEventFilter(filter.room?.account_data, { type: record.type }) || !roomAllowed(filter.room?.account_data, record.roomId)) continue;
      const list = roomAccountData.get(record.roomId) ?? [];
      if (!list.some((event) => event.type === record.type)) list.push({ type: record.type, content: record.content });
      roomAccountData.set(record.roomId, list);
    }

    const membersChanged = joinPlans
      .filter((room) => !room.full)
      .map((room) => room.roomId)
      .filter((roomId) => {
        const built = bodies.get(roomId);
        return built !== undefined && (built.timelineEvents.some((event) => event.type === "m.room.member") || built.state.some((event) => event.type === "m.room.member"));
      });
    for (const [roomId, summary] of roomSummaries(await storage.syncRooms.membersOfRooms(membersChanged), userId)) summaries.set(roomId, summary);

    const ephemeral = await this.ephemeral(userId, plan.joinedRoomIds, fullJoinRoomIds, since, positions, filter);
    const byThread = filter.room?.timeline?.unread_thread_notifications === true;
    const unread = await this.unreadCounts(userId, joinPlans.map((room) => room.roomId), { byThread });

    const body: SyncResponseBody = {
      next_batch: formatSyncToken(positions),
      rooms: { join: {}, invite: {}, knock: {}, leave: {} },
      presence: { events: await this.presenceEvents(userId, since, positions, filter) },
      account_data: {
        events: accountData
          .filter((record) => record.roomId === null && passesEventFilter(filter.account_data, { type: record.type }))
          .map((record) => ({ type: record.type, content: record.content }))
          .slice(0, filter.account_data?.limit),
      },
      to_device: { events: [] },
      device_lists: { changed: [], left: [] },
      device_one_time_keys_count: {},
    };

    const stateKey = useStateAfter ? "state_after" : "state";
    for (const room of plan.timelineRooms) {
      const built = bodies.get(room.roomId);
      if (!built) continue;
      const roomData = roomAccountData.get(room.roomId) ?? [];
      if (room.section === "leave") {
        body.rooms.leave[room.roomId] = { [stateKey]: { events: built.state }, timeline: built.timeline, account_data: { events: roomData } };
        continue;
      }
      const ephemeralEvents = ephemeral.get(room.roomId) ?? [];
      // An unchanged room has nothing to say in an incremental sync.
      if (!room.full && built.timeline.events.length === 0 && built.state.length === 0 && ephemeralEvents.length === 0 && roomData.length === 0) continue;
      const summary = summaries.get(room.roomId);
      body.rooms.join[room.roomId] = {
        ...(summary && { summary }),
        [stateKey]: { events: built.state },
        timeline: built.timeline,
        ephemeral: { events: ephemeralEvents },
        account_data: { events: roomData },
        ...unreadFields(unread.get(room.roomId), byThread),
      };
    }

    await this.strippedRooms(plan.strippedRooms, body);
    return { body, positions, wakeKeys: [userId, ...plan.joinedRoomIds] };
  }

  /** Typing and receipts of joined rooms: changes since the token, or everything for rooms synced in full. */
  private async ephemeral(
    userId: string,
    joinedRoomIds: readonly string[],
    fullRoomIds: readonly string[],
    since: SyncPositions | undefined,
    positions: SyncPositions,
    filter: SyncFilter,
  ): Promise<Map<string, EphemeralEvent[]>> {
    const allowed = joinedRoomIds.filter((roomId) => roomAllowed(filter.room, roomId) && roomAllowed(filter.room?.ephemeral, roomId));
    const full = new Set(since === undefined ? allowed : fullRoomIds.filter((roomId) => allowed.includes(roomId)));
    const incremental = allowed.filter((roomId) => !full.has(roomId));
    const out = new Map<string, EphemeralEvent[]>();
    const add = (roomId: string, event: EphemeralEvent) => out.set(roomId, [...(out.get(roomId) ?? []), event]);

    const typing = new Map([...this.deps.typing.changedSince(full, 0), ...this.deps.typing.changedSince(incremental, since?.typing ?? 0)]);
    for (const [roomId, userIds] of typing) {
      // In a full sync an empty list says nothing the client does not assume.
      if (userIds.length > 0 || !full.has(roomId)) add(roomId, typingEvent(userIds));
    }
    const receipts = [
      ...(await this.deps.storage.receipts.inRoomsBetween([...full], 0, positions.receipts)),
      ...(since !== undefined && since.receipts < positions.receipts ? await this.deps.storage.receipts.inRoomsBetween(incremental, since.receipts, positions.receipts) : []),
    ];
    for (const [roomId, event] of receiptEventsByRoom(receipts, userId)) add(roomId, event);
    for (const [roomId, events] of out) out.set(roomId, filterEphemeral(events, filter.room?.ephemeral));
    return out;
  }

  private async presenceEvents(userId: string, since: SyncPositions | undefined, positions: SyncPositions, filter: SyncFilter): Promise<Record<string, unknown>[]> {
    if (since !== undefined && since.presence >= positions.presence) return [];
    if (filter.presence?.types?.length === 0 || filter.presence?.limit === 0) return [];
    const { storage } = this.deps;
    // Incremental: the few changes in the window first, and who may see them only if there are any.
    const changed = since === undefined ? undefined : await storage.presence.changedBetween(since.presence, positions.presence);
    if (changed?.length === 0) return [];
    const visibleUsers = new Set(await storage.userVisibility.usersSharingRoomWith(userId)).add(userId);
    const records = changed
      ? changed.filter((record) => visibleUsers.has(record.userId))
      : await storage.presence.ofUsersBetween([...visibleUsers], 0, positions.presence);
    return this.deps.presence
      .eventsOf(records)
      .filter((event) => passesEventFilter(filter.presence, event))
      .slice(0, filter.presence?.limit);
  }

  /**
   * Invited and knocked rooms carry stripped state ("Stripped state"): the
   * room's current create, name, avatar, topic, join rules, canonical alias
   * and encryption events, and the user's own invite or knock event.
   */
  private async strippedRooms(plans: readonly StrippedRoomPlan[], body: SyncResponseBody): Promise<void> {
    for (const plan of plans) {
      const entries = await this.deps.storage.roomState.currentStateForKeys(
        plan.roomId,
        STRIPPED_STATE_TYPES.map((type) => [type, ""] as const),
      );
      const events = await this.deps.storage.events.getEvents([...entries.map((entry) => entry.eventId), plan.membership.eventId]);
      const stripped = events
        .sort((a, b) => a.streamOrdering - b.streamOrdering)
        .flatMap((event) => {
          try {
            return [{ ...toStrippedStateEvent({ type: event.type, state_key: event.stateKey ?? "", sender: event.sender, content: event.pdu.content as never }) }];
          } catch {
            // An event that cannot be stripped (not a state event) is left out rather than failing the sync.
            return [];
          }
        });
      if (plan.section === "invite") body.rooms.invite[plan.roomId] = { invite_state: { events: stripped } };
      else body.rooms.knock[plan.roomId] = { knock_state: { events: stripped } };
    }
  }
}

function clampPositions(since: SyncPositions, now: SyncPositions): SyncPositions {
  return {
    events: Math.min(since.events, now.events),
    accountData: Math.min(since.accountData, now.accountData),
    receipts: Math.min(since.receipts, now.receipts),
    presence: Math.min(since.presence, now.presence),
    // The typing service handles tokens of an earlier process itself.
    typing: since.typing,
  };
}

function isEmpty(body: SyncResponseBody): boolean {
  const { join, invite, knock, leave } = body.rooms;
  return (
    Object.keys(join).length === 0 &&
    Object.keys(invite).length === 0 &&
    Object.keys(knock).length === 0 &&
    Object.keys(leave).length === 0 &&
    body.presence.events.length === 0 &&
    body.account_data.events.length === 0
  );
}
