import type { Insertable, Kysely, Selectable } from "kysely";
import { preparedQuery } from "./prepared.js";
import type { Database, EventsTable } from "../schema.js";
import type { EventStore, EventToPersist, PersistedEvent, StoredEvent, TopologicalPosition } from "../storage.js";
import { writeStateForEvent } from "./state-writes.js";
import type { StoredEventCache, StoredEventInvalidation } from "./stored-event-cache.js";

export function toStoredEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    streamOrdering: row.stream_ordering,
    eventId: row.event_id,
    roomId: row.room_id,
    type: row.type,
    stateKey: row.state_key,
    sender: row.sender,
    depth: row.depth,
    originServerTs: row.origin_server_ts,
    pdu: JSON.parse(row.pdu) as Record<string, unknown>,
    stateGroupBefore: row.state_group_before,
    stateGroup: row.state_group,
    replacesState: row.replaces_state,
    redactedBy: row.redacted_by,
    rejected: row.rejected !== 0,
    txnId: row.txn_id,
    txnDeviceId: row.txn_device_id,
  };
}

const takeStreamOrdering = preparedQuery((db) =>
  db
    .updateTable("event_stream_position")
    .set((eb) => ({ position: eb("position", "+", 1) }))
    .where("id", "=", 1)
    .returning("position"),
);

/** Take the next stream ordering; the row lock it takes holds until commit, so orderings commit in order. */
async function nextStreamOrdering(db: Kysely<Database>): Promise<number> {
  const [row] = (await takeStreamOrdering(db)).rows;
  if (!row) throw new Error("event_stream_position has no row");
  return Number(row.position);
}

const insertEventRow = preparedQuery((db, row: Insertable<EventsTable>) => db.insertInto("events").values(row));
const selectStreamPosition = preparedQuery((db) => db.selectFrom("event_stream_position").select("position").where("id", "=", 1));
const dropExtremity = preparedQuery((db, roomId: string, eventId: string) =>
  db.deleteFrom("room_forward_extremities").where("room_id", "=", roomId).where("event_id", "=", eventId),
);
const addExtremity = preparedQuery((db, roomId: string, eventId: string) => db.insertInto("room_forward_extremities").values({ room_id: roomId, event_id: eventId }));

async function persistInTransaction(db: Kysely<Database>, event: EventToPersist, invalidation: StoredEventInvalidation | undefined): Promise<PersistedEvent> {
  const streamOrdering = await nextStreamOrdering(db);
  if (event.newRoom) {
    await db
      .insertInto("rooms")
      .values({
        room_id: event.roomId,
        room_version: event.newRoom.roomVersion,
        creator: event.newRoom.creator,
        is_public: 0,
        created_ts: event.newRoom.createdTs,
        current_state_group: null,
      })
      .execute();
  }
  const state = await writeStateForEvent(db, event, streamOrdering);
  await insertEventRow(db, {
    stream_ordering: streamOrdering,
    event_id: event.eventId,
    room_id: event.roomId,
    type: event.type,
    state_key: event.stateKey ?? null,
    sender: event.sender,
    depth: event.depth,
    origin_server_ts: event.originServerTs,
    pdu: JSON.stringify(event.pdu),
    state_group_before: state.before,
    state_group: state.after,
    replaces_state: state.replaces,
    redacted_by: null,
    rejected: 0,
    txn_id: event.transaction?.txnId ?? null,
    txn_device_id: event.transaction?.deviceId ?? null,
  });
  for (const prevEventId of event.prevEventIds) await dropExtremity(db, event.roomId, prevEventId);
  await addExtremity(db, event.roomId, event.eventId);
  if (event.relation) {
    await db
      .insertInto("event_relations")
      .values({
        event_id: event.eventId,
        room_id: event.roomId,
        relates_to_id: event.relation.relatesToId,
        rel_type: event.relation.relType,
        aggregation_key: event.relation.aggregationKey,
      })
      .onConflict((c) => c.column("event_id").doNothing())
      .execute();
  }
  if (event.appliesRedactionTo !== undefined) {
    invalidation?.forget(event.appliesRedactionTo);
    await db
      .updateTable("events")
      .set({ redacted_by: event.eventId })
      .where("event_id", "=", event.appliesRedactionTo)
      .where("room_id", "=", event.roomId)
      .where("redacted_by", "is", null)
      .execute();
  }
  return { streamOrdering, stateGroup: state.after };
}

const selectByTransaction = preparedQuery((db, roomId: string, sender: string, deviceId: string, txnId: string) =>
  db.selectFrom("events").select("event_id").where("room_id", "=", roomId).where("sender", "=", sender).where("txn_device_id", "=", deviceId).where("txn_id", "=", txnId),
);
const selectEvent = preparedQuery((db, eventId: string) => db.selectFrom("events").selectAll().where("event_id", "=", eventId));

/**
 * `cache`: event rows kept in memory (the database itself only);
 * `invalidation`: what a transaction's redactions must tell that cache.
 */
export function eventQueries(db: Kysely<Database>, cache?: StoredEventCache, invalidation: StoredEventInvalidation | undefined = cache): EventStore {
  return {
    async persistEvent(event) {
      if (db.isTransaction) return persistInTransaction(db, event, invalidation);
      const persisted = await db.transaction().execute((trx) => persistInTransaction(trx, event, invalidation));
      if (event.appliesRedactionTo !== undefined) invalidation?.forget(event.appliesRedactionTo);
      return persisted;
    },

    async getEvent(eventId) {
      const cached = cache?.get(eventId);
      if (cached) return cached;
      const [row] = (await selectEvent(db, eventId)).rows;
      if (!row) return undefined;
      const event = toStoredEvent(row);
      cache?.set(event);
      return event;
    },

    async getEvents(eventIds) {
      if (eventIds.length === 0) return [];
      const out: StoredEvent[] = [];
      const wanted = cache ? [...new Set(eventIds)] : eventIds;
      const missing = cache
        ? wanted.filter((eventId) => {
            const cached = cache.get(eventId);
            if (cached) out.push(cached);
            return !cached;
          })
        : wanted;
      if (missing.length === 0) return out;
      const rows = await db.selectFrom("events").selectAll().where("event_id", "in", missing).execute();
      for (const row of rows) {
        const event = toStoredEvent(row);
        cache?.set(event);
        out.push(event);
      }
      return out;
    },

    async findByTransaction(roomId, sender, deviceId, txnId) {
      const [row] = (await selectByTransaction(db, roomId, sender, deviceId, txnId)).rows;
      return row?.event_id;
    },

    async maxStreamOrdering() {
      const [row] = (await selectStreamPosition(db)).rows;
      if (!row) throw new Error("event_stream_position has no row");
      return Number(row.position);
    },

    async roomEventsBetweenStreams({ roomIds, after, upTo, limitPerRoom, direction }) {
      if (roomIds.length === 0 || limitPerRoom <= 0 || upTo <= after) return [];
      const ranked = db
        .selectFrom("events")
        .selectAll()
        .select((eb) =>
          eb.fn
            .agg<number>("row_number")
            .over((over) => over.partitionBy("room_id").orderBy("stream_ordering", direction === "backwards" ? "desc" : "asc"))
            .as("rank_in_room"),
        )
        .where("room_id", "in", roomIds)
        .where("stream_ordering", ">", after)
        .where("stream_ordering", "<=", upTo)
        .where("rejected", "=", 0)
        .as("ranked");
      const rows = await db.selectFrom(ranked).selectAll().where("rank_in_room", "<=", limitPerRoom).orderBy("stream_ordering", "asc").execute();
      return rows.map(toStoredEvent);
    },

    async stateDeltasBetweenStreams({ roomIds, after, upTo }) {
      if (upTo <= after || (roomIds !== undefined && roomIds.length === 0)) return [];
      let query = db
        .selectFrom("events")
        .select(["stream_ordering", "room_id", "type", "state_key", "event_id", "replaces_state"])
        .where("state_key", "is not", null)
        .where("stream_ordering", ">", after)
        .where("stream_ordering", "<=", upTo)
        .where("rejected", "=", 0);
      if (roomIds !== undefined) query = query.where("room_id", "in", roomIds);
      const rows = await query.orderBy("stream_ordering", "asc").execute();
      return rows.map((row) => ({
        streamOrdering: row.stream_ordering,
        roomId: row.room_id,
        type: row.type,
        stateKey: row.state_key ?? "",
        eventId: row.event_id,
        replacesState: row.replaces_state,
      }));
    },

    async roomEventsTopological({ roomId, from, direction, limit }) {
      if (limit <= 0) return [];
      let query = db.selectFrom("events").selectAll().where("room_id", "=", roomId).where("rejected", "=", 0);
      if (from !== undefined) {
        query =
          direction === "forwards"
            ? query.where((eb) => eb.or([eb("depth", ">", from.depth), eb.and([eb("depth", "=", from.depth), eb("stream_ordering", ">", from.streamOrdering)])]))
            : query.where((eb) => eb.or([eb("depth", "<", from.depth), eb.and([eb("depth", "=", from.depth), eb("stream_ordering", "<=", from.streamOrdering)])]));
      }
      const order = direction === "forwards" ? "asc" : "desc";
      const rows = await query.orderBy("depth", order).orderBy("stream_ordering", order).limit(limit).execute();
      return rows.map(toStoredEvent);
    },

    async topologicalPositionAtStream(roomId, streamOrdering): Promise<TopologicalPosition | undefined> {
      const row = await db
        .selectFrom("events")
        .select(["depth", "stream_ordering"])
        .where("room_id", "=", roomId)
        .where("stream_ordering", "<=", streamOrdering)
        .orderBy("stream_ordering", "desc")
        .limit(1)
        .executeTakeFirst();
      return row && { depth: row.depth, streamOrdering: row.stream_ordering };
    },

    async eventClosestToTimestamp(roomId, ts, dir) {
      const query = db.selectFrom("events").selectAll().where("room_id", "=", roomId).where("rejected", "=", 0);
      const row =
        dir === "f"
          ? await query.where("origin_server_ts", ">=", ts).orderBy("origin_server_ts", "asc").orderBy("stream_ordering", "asc").limit(1).executeTakeFirst()
          : await query.where("origin_server_ts", "<=", ts).orderBy("origin_server_ts", "desc").orderBy("stream_ordering", "desc").limit(1).executeTakeFirst();
      return row && toStoredEvent(row);
    },

    async stateEventsOfKey(roomId, type, stateKey) {
      const rows = await db
        .selectFrom("events")
        .selectAll()
        .where("room_id", "=", roomId)
        .where("type", "=", type)
        .where("state_key", "=", stateKey)
        .where("rejected", "=", 0)
        .orderBy("stream_ordering", "asc")
        .execute();
      return rows.map(toStoredEvent);
    },

    async forwardExtremities(roomId) {
      const rows = await db.selectFrom("room_forward_extremities").select("event_id").where("room_id", "=", roomId).execute();
      return rows.map((row) => row.event_id);
    },
  };
}
