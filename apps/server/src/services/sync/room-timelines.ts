import type { SyncFilter } from "@myelin/client-server";
import type { StateEntry, Storage, StoredEvent } from "../../storage/storage.js";
import type { ClientEventSerializer, Viewer } from "../events/client-events.js";
import type { HistoryVisibility } from "../events/history-visibility.js";
import { beforeEvent, streamToken } from "../rooms/pagination-token.js";
import { passesRoomEventFilter, projectEventFields, timelineLimitOf } from "./event-filter.js";
import type { TimelineRoomPlan } from "./room-plans.js";

// Spec: "Syncing" and sync.yaml — a room's `timeline` (limited, prev_batch)
// and `state`: the whole state at the start of the timeline for an initial
// sync or a newly joined room, otherwise the state changes between the token
// and the start of the timeline; `state_after` (use_state_after, v1.16) is
// the same up to the end of the timeline. Lazy-loading members ("Lazy-loading
// room members") keeps only the member events of timeline senders.

export type ServedEvent = Record<string, unknown>;

export interface RoomTimelineBody {
  timeline: { events: ServedEvent[]; limited: boolean; prev_batch: string };
  /** `state`, or `state_after` when use_state_after was asked. */
  state: ServedEvent[];
  /** Senders and state keys of the member events served, for callers adding heroes. */
  timelineEvents: StoredEvent[];
}

export interface TimelineOptions {
  viewer: Viewer;
  filter: SyncFilter;
  useStateAfter: boolean;
  /** Users whose member events lazy-loading must include anyway (heroes), per room. */
  extraMembers: (roomId: string) => readonly string[];
}

function stateKeyOf(entry: { type: string; stateKey: string }): string {
  return `${entry.type}\u0000${entry.stateKey}`;
}

export class RoomTimelineBuilder {
  constructor(
    private readonly storage: Storage,
    private readonly serializer: ClientEventSerializer,
    private readonly visibility: HistoryVisibility,
  ) {}

  async build(plans: readonly TimelineRoomPlan[], options: TimelineOptions): Promise<Map<string, RoomTimelineBody>> {
    const out = new Map<string, RoomTimelineBody>();
    if (plans.length === 0) return out;
    const limit = timelineLimitOf(options.filter);
    const timelines = await this.timelines(plans, limit, options);

    // The state group at the start and at the end of each timeline.
    // Rooms with an empty timeline (a quiet room in a full_state sync, or a filter that keeps nothing): the state at `upTo`.
    const groupsAtEnd = new Map<string, number>();
    const emptyByUpTo = new Map<number, string[]>();
    for (const plan of plans) {
      // An incremental room with nothing new needs no state at all (the common case of a long-poll).
      const needsState = plan.full || options.useStateAfter;
      if (needsState && (timelines.get(plan.roomId)?.events.length ?? 0) === 0) emptyByUpTo.set(plan.upTo, [...(emptyByUpTo.get(plan.upTo) ?? []), plan.roomId]);
    }
    for (const [upTo, roomIds] of emptyByUpTo) {
      for (const [roomId, group] of await this.storage.syncRooms.stateGroupsAtStream(roomIds, upTo)) groupsAtEnd.set(roomId, group);
    }

    const stateGroupOf = (plan: TimelineRoomPlan): number | null => {
      const timeline = timelines.get(plan.roomId);
      const event = options.useStateAfter ? timeline?.events.at(-1) : timeline?.events[0];
      if (!event) return groupsAtEnd.get(plan.roomId) ?? null;
      return options.useStateAfter ? event.stateGroup : event.stateGroupBefore;
    };
    // The whole state of every fully synced room in one read.
    const fullGroups = plans.flatMap((plan) => (plan.full && !plan.membershipEventOnly ? (stateGroupOf(plan) ?? []) : []));
    const fullStates = await this.storage.roomState.stateAtGroups(fullGroups);
    const stateEntries = new Map<string, StateEntry[]>();
    await Promise.all(
      plans.map(async (plan) => {
        const timeline = timelines.get(plan.roomId) ?? { events: [], limited: false };
        stateEntries.set(plan.roomId, await this.stateEntries(plan, timeline, options, stateGroupOf(plan), fullStates));
      }),
    );

    // Load and serve every state event of every room in one batch.
    const stateIds = [...new Set([...stateEntries.values()].flat().map((entry) => entry.eventId))];
    const stateEvents = new Map((await this.storage.events.getEvents(stateIds)).map((event) => [event.eventId, event]));
    const stateFilter = options.filter.room?.state;
    const timelineFilter = options.filter.room?.timeline;
    const rooms = plans.map((plan) => {
      const timeline = timelines.get(plan.roomId) ?? { events: [], limited: false };
      const state = (stateEntries.get(plan.roomId) ?? [])
        .map((entry) => stateEvents.get(entry.eventId))
        .filter((event): event is StoredEvent => event !== undefined)
        .filter((event) => passesRoomEventFilter(stateFilter, { type: event.type, sender: event.sender, content: event.pdu.content }))
        .sort((a, b) => a.streamOrdering - b.streamOrdering);
      const timelineEvents = timeline.events.filter((event) => passesRoomEventFilter(timelineFilter, { type: event.type, sender: event.sender, content: event.pdu.content }));
      return { plan, timeline, state, timelineEvents };
    });
    // Every room's events served in one batch: relations, memberships and redactions are each one query per sync, not per room.
    const served = await this.serve(
      rooms.flatMap((room) => [...room.timelineEvents, ...room.state]),
      options,
    );
    let offset = 0;
    const take = (count: number) => served.slice(offset, (offset += count));
    for (const { plan, timeline, state, timelineEvents } of rooms) {
      const first = timeline.events[0];
      out.set(plan.roomId, {
        timeline: {
          events: take(timelineEvents.length),
          limited: timeline.limited,
          // A /messages `from` token just before the timeline (the rooms slice's pagination tokens).
          prev_batch: first ? beforeEvent(first) : streamToken(plan.upTo),
        },
        state: take(state.length),
        timelineEvents,
      });
    }
    return out;
  }

  /** The newest `limit` events of each room's range (one query per distinct range), visible to the user. */
  private async timelines(plans: readonly TimelineRoomPlan[], limit: number, options: TimelineOptions): Promise<Map<string, { events: StoredEvent[]; limited: boolean }>> {
    const filter = options.filter.room?.timeline;
    const byRange = new Map<string, TimelineRoomPlan[]>();
    for (const plan of plans) {
      if (plan.membershipEventOnly) continue;
      const key = `${plan.after}:${plan.upTo}`;
      byRange.set(key, [...(byRange.get(key) ?? []), plan]);
    }
    const out = new Map<string, { events: StoredEvent[]; limited: boolean }>();
    for (const group of byRange.values()) {
      const { after, upTo } = group[0] as TimelineRoomPlan;
      // One more than the limit tells whether older events were left out.
      const rows = await this.storage.syncRooms.timelineBetweenStreams({
        roomIds: group.map((plan) => plan.roomId),
        after,
        upTo,
        limitPerRoom: limit + 1,
        filter: { types: filter?.types, notTypes: filter?.not_types, senders: filter?.senders, notSenders: filter?.not_senders },
      });
      for (const plan of group) {
        let events = rows.filter((event) => event.roomId === plan.roomId);
        const limited = events.length > limit;
        if (limited) events = events.slice(events.length - limit);
        out.set(plan.roomId, { events: await this.visible(events, plan, options.viewer.userId), limited });
      }
    }
    // A rejected invite or knock: the user's own leave event, nothing of the room's history.
    const membershipOnly = plans.filter((plan) => plan.membershipEventOnly);
    if (membershipOnly.length > 0) {
      const memberships = await Promise.all(membershipOnly.map((plan) => this.storage.rooms.getMembership(plan.roomId, options.viewer.userId)));
      const events = await this.storage.events.getEvents(memberships.map((m) => m?.eventId).filter((id): id is string => id !== undefined));
      for (const plan of membershipOnly) out.set(plan.roomId, { events: events.filter((event) => event.roomId === plan.roomId), limited: false });
    }
    return out;
  }

  private async visible(events: StoredEvent[], plan: TimelineRoomPlan, userId: string): Promise<StoredEvent[]> {
    const needCheck = events.filter((event) => event.streamOrdering < plan.visibleWithoutCheckFrom);
    if (needCheck.length === 0) return events;
    const allowed = new Set((await this.visibility.filterVisible(userId, needCheck)).map((event) => event.eventId));
    return events.filter((event) => event.streamOrdering >= plan.visibleWithoutCheckFrom || allowed.has(event.eventId));
  }

  /** The state entries of the `state` (or `state_after`) section of one room. */
  private async stateEntries(
    plan: TimelineRoomPlan,
    timeline: { events: StoredEvent[]; limited: boolean },
    options: TimelineOptions,
    group: number | null,
    fullStates: ReadonlyMap<number, StateEntry[]>,
  ): Promise<StateEntry[]> {
    if (plan.membershipEventOnly || group === null) return [];
    const lazy = options.filter.room?.state?.lazy_load_members === true;
    const senders = new Set(timeline.events.map((event) => event.sender));
    const timelineIds = new Set(timeline.events.map((event) => event.eventId));

    if (plan.full) {
      const all = fullStates.get(group) ?? [];
      if (!lazy) return all;
      // The user's own member event is always included when lazy-loading a room joined or fully synced, and
      // the heroes' when the room has no name or alias for the client to show instead (sync.yaml).
      const named = all.some((entry) => (entry.type === "m.room.name" || entry.type === "m.room.canonical_alias") && entry.stateKey === "");
      const wanted = new Set([...senders, options.viewer.userId, ...(named ? [] : options.extraMembers(plan.roomId))]);
      return all.filter((entry) => entry.type !== "m.room.member" || wanted.has(entry.stateKey));
    }

    // Incremental: what changed between the token and the start (or end) of the timeline.
    const first = timeline.events[0];
    const changedUpTo = options.useStateAfter ? plan.upTo : first ? first.streamOrdering - 1 : plan.upTo;
    const needDeltas = options.useStateAfter || timeline.limited;
    const deltas = needDeltas ? await this.storage.events.stateDeltasBetweenStreams({ roomIds: [plan.roomId], after: plan.after, upTo: changedUpTo }) : [];
    const keys = new Map<string, readonly [string, string]>();
    for (const delta of deltas) keys.set(stateKeyOf(delta), [delta.type, delta.stateKey]);
    // Lazy-loading: the member events of the timeline's senders, as of the start of the timeline (redundant ones allowed).
    if (lazy && !options.useStateAfter) for (const sender of senders) keys.set(stateKeyOf({ type: "m.room.member", stateKey: sender }), ["m.room.member", sender]);
    if (keys.size === 0) return [];
    const entries = (await this.storage.roomState.stateAtGroupsForKeys([group], [...keys.values()])).get(group) ?? [];
    // A member event already in the timeline need not be repeated in `state`.
    return options.useStateAfter ? entries : entries.filter((entry) => !timelineIds.has(entry.eventId));
  }

  private async serve(events: readonly StoredEvent[], options: TimelineOptions): Promise<ServedEvent[]> {
    if (options.filter.event_format === "federation") {
      const raw = await this.serializer.serveFederation(events, options.viewer);
      return raw.map((event) => projectEventFields(event, options.filter.event_fields));
    }
    const served = await this.serializer.serve(events, options.viewer);
    return served.map((event) => {
      const { room_id: _roomId, ...withoutRoomId } = event;
      return projectEventFields(withoutRoomId, options.filter.event_fields);
    });
  }
}
