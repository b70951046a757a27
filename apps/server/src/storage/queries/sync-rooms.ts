import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool } from "kysely";
import type { Database, EventsTable } from "../schema.js";
import type { SyncRoomStore } from "../storage.js";
import { toStoredEvent } from "./events.js";

/** An event type pattern of a filter (`*` matches any sequence) as a LIKE pattern with `\` escapes. */
function typePattern(type: string): string {
  return type.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll("*", "%");
}

function typeMatches(eb: ExpressionBuilder<Database, "events">, types: readonly string[]): Expression<SqlBool> {
  return eb.or(types.map((type) => (type.includes("*") ? sql<SqlBool>`${sql.ref("type")} like ${typePattern(type)} escape '\\'` : eb("type", "=", type))));
}

type TimelineQuery = Parameters<SyncRoomStore["timelineBetweenStreams"]>[0];

/** The timeline filter's conditions on an events query. */
function filtered<Q extends SelectQueryBuilder<Database, "events", object>>(query: Q, filter: TimelineQuery["filter"]): Q {
  return query
    .$if(filter.types !== undefined, (q) => q.where((eb) => typeMatches(eb, filter.types ?? [])))
    .$if((filter.notTypes?.length ?? 0) > 0, (q) => q.where((eb) => eb.not(typeMatches(eb, filter.notTypes ?? []))))
    .$if(filter.senders !== undefined, (q) => q.where("sender", "in", filter.senders?.length ? filter.senders : [""]))
    .$if((filter.notSenders?.length ?? 0) > 0, (q) => q.where("sender", "not in", filter.notSenders ?? [])) as Q;
}

/** Stream ranges up to this long are ranked in one statement (it reads every event in the range). */
const RANKED_RANGE_MAX = 2_000;

async function rankedTimeline(db: Kysely<Database>, { roomIds, after, upTo, limitPerRoom, filter }: TimelineQuery): Promise<Selectable<EventsTable>[]> {
  const ranked = filtered(
    db
      .selectFrom("events")
      .selectAll()
      .select((eb) => eb.fn.agg<number>("row_number").over((over) => over.partitionBy("room_id").orderBy("stream_ordering", "desc")).as("rank_in_room"))
      .where("room_id", "in", roomIds)
      .where("stream_ordering", ">", after)
      .where("stream_ordering", "<=", upTo)
      .where("rejected", "=", 0),
    filter,
  ).as("ranked");
  return db.selectFrom(ranked).selectAll().where("rank_in_room", "<=", limitPerRoom).execute();
}

/** Well under SQLite's SQLITE_MAX_COMPOUND_SELECT (500). */
const MAX_COMPOUND_SELECTS = 200;

/** One limited select per room, joined by UNION ALL: each stops after `limitPerRoom` rows of its room's index. */
async function newestPerRoom(db: Kysely<Database>, { roomIds, after, upTo, limitPerRoom, filter }: TimelineQuery): Promise<Selectable<EventsTable>[]> {
  const newestOf = (roomId: string, index: number) =>
    db
      .selectFrom((inner) =>
        filtered(
          inner.selectFrom("events").selectAll().where("room_id", "=", roomId).where("stream_ordering", ">", after).where("stream_ordering", "<=", upTo).where("rejected", "=", 0),
          filter,
        )
          .orderBy("stream_ordering", "desc")
          .limit(limitPerRoom)
          .as(`r${index}`),
      )
      .selectAll();
  const rows: Selectable<EventsTable>[] = [];
  for (let start = 0; start < roomIds.length; start += MAX_COMPOUND_SELECTS) {
    const chunk = roomIds.slice(start, start + MAX_COMPOUND_SELECTS);
    let query = newestOf(chunk[0]!, 0);
    for (let i = 1; i < chunk.length; i++) query = query.unionAll(newestOf(chunk[i]!, i));
    rows.push(...(await query.execute()));
  }
  return rows;
}

export function syncRoomQueries(db: Kysely<Database>): SyncRoomStore {
  return {
    async timelineBetweenStreams(query) {
      const { roomIds, after, upTo, limitPerRoom } = query;
      if (roomIds.length === 0 || limitPerRoom <= 0 || upTo <= after) return [];
      // A short stream range (an incremental sync) holds few events in all: rank
      // them in one statement. A long one (an initial sync reads each room's whole
      // history) walks each room's index backwards only as far as the limit.
      const rows = after > 0 && upTo - after <= RANKED_RANGE_MAX ? await rankedTimeline(db, query) : await newestPerRoom(db, query);
      return rows.sort((a, b) => a.stream_ordering - b.stream_ordering).map(toStoredEvent);
    },

    async memberEventsOfUserBetween(userId, after, upTo) {
      if (upTo <= after) return [];
      const rows = await db
        .selectFrom("events")
        .selectAll()
        .where("type", "=", "m.room.member")
        .where("state_key", "=", userId)
        .where("stream_ordering", ">", after)
        .where("stream_ordering", "<=", upTo)
        .where("rejected", "=", 0)
        .orderBy("stream_ordering", "asc")
        .execute();
      return rows.map(toStoredEvent);
    },

    async stateGroupsAtStream(roomIds, upTo) {
      const groups = new Map<string, number>();
      if (roomIds.length === 0) return groups;
      const rows = await db
        .selectFrom("events as e")
        .select(["e.room_id", "e.state_group"])
        .where("e.room_id", "in", roomIds)
        .where("e.stream_ordering", "=", (eb) =>
          eb
            .selectFrom("events as latest")
            .select((inner) => inner.fn.max("latest.stream_ordering").as("at"))
            .whereRef("latest.room_id", "=", "e.room_id")
            .where("latest.stream_ordering", "<=", upTo)
            .where("latest.rejected", "=", 0),
        )
        .execute();
      for (const row of rows) if (row.state_group !== null) groups.set(row.room_id, Number(row.state_group));
      return groups;
    },

    async membersOfRooms(roomIds) {
      if (roomIds.length === 0) return [];
      const rows = await db.selectFrom("room_memberships").selectAll().where("room_id", "in", roomIds).orderBy("stream_ordering", "asc").execute();
      return rows.map((row) => ({
        roomId: row.room_id,
        userId: row.user_id,
        membership: row.membership,
        eventId: row.event_id,
        streamOrdering: Number(row.stream_ordering),
        forgotten: row.forgotten !== 0,
      }));
    },
  };
}
