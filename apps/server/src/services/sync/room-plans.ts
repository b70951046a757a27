import type { MembershipRecord, Storage, StoredEvent } from "../../storage/storage.js";

// Which rooms a sync reports, in which section, and over which stretch of
// the event stream — decided from the user's current memberships and, for
// memberships that changed since the token, the membership they had then.

/** A joined or left room whose timeline and state the response carries. */
export interface TimelineRoomPlan {
  roomId: string;
  section: "join" | "leave";
  /**
   * True: `state` is the room's whole state at the start of the timeline
   * (initial sync, `full_state`, a room joined since the token). False: a
   * delta since the token.
   */
  full: boolean;
  /** The timeline holds events with stream ordering in (after, upTo]. */
  after: number;
  upTo: number;
  /** Events before this stream ordering go through the history visibility check (the user was not joined throughout). */
  visibleWithoutCheckFrom: number;
  /** A rejected or withdrawn invite (or knock): only the user's own leave event, no room history. */
  membershipEventOnly: boolean;
}

export interface StrippedRoomPlan {
  roomId: string;
  section: "invite" | "knock";
  membership: MembershipRecord;
}

export interface SyncPlan {
  timelineRooms: TimelineRoomPlan[];
  strippedRooms: StrippedRoomPlan[];
  /** Joined rooms (the response's wake-up keys and the rooms ephemeral data is read for). */
  joinedRoomIds: string[];
}

export interface PlanInput {
  userId: string;
  memberships: readonly MembershipRecord[];
  /** Token's event position; undefined for an initial sync. */
  since: number | undefined;
  upTo: number;
  fullState: boolean;
  includeLeave: boolean;
  roomAllowed: (roomId: string) => boolean;
}

function membershipOf(event: StoredEvent | undefined): string {
  const membership = (event?.pdu.content as Record<string, unknown> | undefined)?.membership;
  return typeof membership === "string" ? membership : "leave";
}

/** The user's membership in each room at stream position `since`, for the rooms whose membership changed after it. */
async function membershipsAtToken(storage: Storage, userId: string, since: number, upTo: number): Promise<Map<string, string>> {
  const changes = await storage.syncRooms.memberEventsOfUserBetween(userId, since, upTo);
  const firstChange = new Map<string, StoredEvent>();
  for (const event of changes) if (!firstChange.has(event.roomId)) firstChange.set(event.roomId, event);
  const replacedIds = [...firstChange.values()].map((event) => event.replacesState).filter((id): id is string => id !== null);
  const replaced = new Map((await storage.events.getEvents(replacedIds)).map((event) => [event.eventId, event]));
  const out = new Map<string, string>();
  for (const [roomId, event] of firstChange) out.set(roomId, event.replacesState === null ? "leave" : membershipOf(replaced.get(event.replacesState)));
  return out;
}

export async function planSync(storage: Storage, input: PlanInput): Promise<SyncPlan> {
  const { userId, since, upTo, fullState } = input;
  const plan: SyncPlan = { timelineRooms: [], strippedRooms: [], joinedRoomIds: [] };
  const changedAfterToken = input.memberships.filter((m) => since !== undefined && m.streamOrdering > since);
  const before = since !== undefined && changedAfterToken.length > 0 ? await membershipsAtToken(storage, userId, since, upTo) : new Map<string, string>();

  for (const membership of input.memberships) {
    const { roomId } = membership;
    if (membership.membership === "join") plan.joinedRoomIds.push(roomId);
    if (!input.roomAllowed(roomId)) continue;
    const changed = since === undefined || membership.streamOrdering > since;
    const wasJoined = since !== undefined && (changed ? before.get(roomId) === "join" : membership.membership === "join");
    switch (membership.membership) {
      case "join": {
        const full = since === undefined || fullState || !wasJoined;
        plan.timelineRooms.push({
          roomId,
          section: "join",
          full,
          // A newly joined room shows its recent history; full_state keeps the timeline since the token (sync.yaml).
          after: since === undefined || !wasJoined ? 0 : since,
          upTo,
          visibleWithoutCheckFrom: wasJoined ? 0 : membership.streamOrdering,
          membershipEventOnly: false,
        });
        break;
      }
      case "invite":
      case "knock":
        if (changed || fullState) plan.strippedRooms.push({ roomId, section: membership.membership, membership });
        break;
      case "leave":
      case "ban": {
        if (membership.forgotten) break;
        // Rooms left before the token appear only when asked for (include_leave) in an initial or full_state sync.
        if (!changed && !(fullState && input.includeLeave)) break;
        if (since === undefined && !input.includeLeave) break;
        const wasInRoom = since !== undefined && wasJoined;
        const neverJoined = since === undefined ? false : !wasInRoom && (before.get(roomId) === "invite" || before.get(roomId) === "knock");
        plan.timelineRooms.push({
          roomId,
          section: "leave",
          full: !wasInRoom,
          after: wasInRoom && since !== undefined ? since : 0,
          upTo: membership.streamOrdering,
          visibleWithoutCheckFrom: wasInRoom ? 0 : membership.streamOrdering,
          membershipEventOnly: neverJoined,
        });
        break;
      }
      default:
        break;
    }
  }
  return plan;
}
