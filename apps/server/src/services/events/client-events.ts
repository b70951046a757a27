import {
  redactClientEvent,
  redactEvent,
  toClientEvent,
  toClientEventWithoutRoomId,
  type JsonObject,
  type Pdu,
  type UnsignedData,
} from "@myelin/core";
import type { ClientEvent as ClientServerClientEvent } from "@myelin/client-server";
import type { Storage, StoredEvent } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import type { RoomEventCache } from "./room-event-cache.js";
import { BundledAggregations } from "../relations/bundled-aggregations.js";

/**
 * A client event as the endpoint schemas type it (@myelin/client-server's
 * ClientEvent, open to further keys). Core builds the same JSON, typed with
 * interfaces TypeScript does not treat as open records; this is the one
 * place the two meet.
 */
export type WireClientEvent = ClientServerClientEvent;

/** Whose eyes the events are for: the sender's own device gets `unsigned.transaction_id`. */
export interface Viewer {
  userId: string;
  deviceId?: string | undefined;
}

/**
 * Stored events in the client event format (core's `toClientEvent`), with
 * what this server adds in `unsigned`: `age`, `transaction_id` for the
 * device that sent it, `replaces_state`/`prev_content` for state events, and
 * the redaction applied (`redacted_because`) for redacted events. Related
 * events are loaded in one batch per call.
 */
export class ClientEventSerializer {
  /** `unsigned.m.relations` (relations slice): computed per page, in a fixed number of queries. */
  private readonly aggregations: BundledAggregations;

  constructor(
    private readonly storage: Storage,
    private readonly cache: RoomEventCache,
    private readonly clock: Clock,
  ) {
    this.aggregations = new BundledAggregations(storage);
  }

  /** `nesting` > 0 serves events bundled inside other events' aggregations (see BundledAggregations). */
  async serve(events: readonly StoredEvent[], viewer: Viewer, nesting = 0): Promise<WireClientEvent[]> {
    if (events.length === 0) return [];
    const related = new Set<string>();
    for (const event of events) {
      if (event.redactedBy !== null) related.add(event.redactedBy);
      if (event.replacesState !== null) related.add(event.replacesState);
    }
    const relatedEvents = new Map((await this.storage.events.getEvents([...related])).map((stored) => [stored.eventId, stored]));
    const bundled = await this.bundledRelations(events, viewer, nesting);
    const memberships = await this.viewerMemberships(events, viewer.userId);
    const now = this.clock();
    const out: WireClientEvent[] = [];
    for (const event of events) out.push(await this.serveOne(event, viewer, now, relatedEvents, bundled.get(event.eventId) ?? null, memberships.get(event.eventId)));
    return out;
  }

  /**
   * `unsigned.membership` (client_event_without_room_id.yaml, v1.11): the
   * viewer's membership in the state after each event — "including any
   * changes caused by the event" — and `leave` when they have none. One
   * batched state read for the page (events store their state group), then
   * the member events from the event cache.
   */
  private async viewerMemberships(events: readonly StoredEvent[], userId: string): Promise<Map<string, string>> {
    const groupOf = (event: StoredEvent) => event.stateGroup ?? event.stateGroupBefore;
    const groups = [...new Set(events.map(groupOf).filter((group): group is number => group !== null))];
    const out = new Map<string, string>();
    if (groups.length === 0) return out;
    const entries = await this.storage.roomState.stateAtGroupsForKeys(groups, [["m.room.member", userId]]);
    const memberEventIds = [...entries.values()].flatMap((list) => list.map((entry) => entry.eventId));
    const memberEvents = await this.cache.load(memberEventIds);
    for (const event of events) {
      const group = groupOf(event);
      if (group === null) continue;
      const entry = entries.get(group)?.[0];
      const membership = entry === undefined ? undefined : memberEvents.get(entry.eventId)?.content.membership;
      out.set(event.eventId, typeof membership === "string" ? membership : "leave");
    }
    return out;
  }

  private bundledRelations(events: readonly StoredEvent[], viewer: Viewer, nesting: number) {
    return this.aggregations.forEvents(events, viewer.userId, nesting, (nested, level) => this.serve(nested, viewer, level));
  }

  /** `relations`: the event's bundled aggregations, null for none; computed here when undefined. */
  async serveOne(
    event: StoredEvent,
    viewer: Viewer,
    now = this.clock(),
    related?: Map<string, StoredEvent>,
    relations?: Record<string, unknown> | null,
    membership?: string,
  ): Promise<WireClientEvent> {
    const version = await this.cache.roomVersion(event.roomId);
    if (!version) throw new Error(`event ${event.eventId} is in unknown room ${event.roomId}`);
    const lookup = related ?? new Map((await this.storage.events.getEvents([event.redactedBy, event.replacesState].filter((id): id is string => id !== null))).map((s) => [s.eventId, s]));
    const unsigned: UnsignedData = { age: Math.max(0, now - event.originServerTs) };
    if (event.txnId !== null && event.sender === viewer.userId && event.txnDeviceId === viewer.deviceId) unsigned.transaction_id = event.txnId;
    if (event.replacesState !== null) {
      unsigned.replaces_state = event.replacesState;
      const replaced = lookup.get(event.replacesState);
      if (replaced) unsigned.prev_content = this.visibleContent(replaced);
    }
    const bundled = relations === undefined ? (await this.bundledRelations([event], viewer, 0)).get(event.eventId) : relations;
    if (bundled) unsigned["m.relations"] = bundled;
    const viewerMembership = membership ?? (await this.viewerMemberships([event], viewer.userId)).get(event.eventId);
    if (viewerMembership !== undefined) unsigned.membership = viewerMembership;
    const roomEvent = await this.cache.fromStored(event);
    const served = toClientEvent(roomEvent, { roomVersion: version, unsigned });
    const redaction = event.redactedBy === null ? undefined : lookup.get(event.redactedBy);
    if (!redaction) return served as unknown as WireClientEvent;
    const redactionEvent = toClientEventWithoutRoomId(await this.cache.fromStored(redaction), {
      roomVersion: version,
      unsigned: { age: Math.max(0, now - redaction.originServerTs) },
    });
    return redactClientEvent(served, redactionEvent, version) as unknown as WireClientEvent;
  }

  /**
   * The filter's `event_format: federation` ("the raw event as received over
   * federation"): the PDU, redacted if it was, with its `event_id` and the
   * viewer's `unsigned` age and transaction ID, as other servers' clients
   * receive it.
   */
  async serveFederation(events: readonly StoredEvent[], viewer: Viewer): Promise<Record<string, unknown>[]> {
    const now = this.clock();
    const out: Record<string, unknown>[] = [];
    for (const event of events) {
      const version = await this.cache.roomVersion(event.roomId);
      if (!version) throw new Error(`event ${event.eventId} is in unknown room ${event.roomId}`);
      const pdu = event.redactedBy === null ? (event.pdu as Pdu) : redactEvent(event.pdu as Pdu, version);
      const unsigned: UnsignedData = { age: Math.max(0, now - event.originServerTs) };
      if (event.txnId !== null && event.sender === viewer.userId && event.txnDeviceId === viewer.deviceId) unsigned.transaction_id = event.txnId;
      if (event.redactedBy !== null) unsigned.redacted_by = event.redactedBy;
      out.push({ ...pdu, event_id: event.eventId, unsigned });
    }
    return out;
  }

  /** An event's content as clients may see it: redacted if it was. */
  private visibleContent(event: StoredEvent): JsonObject {
    const pdu = event.pdu as Pdu;
    if (event.redactedBy === null) return pdu.content;
    const version = this.cache.versionIfKnown(event.roomId);
    return version ? redactEvent(pdu, version).content : {};
  }
}
