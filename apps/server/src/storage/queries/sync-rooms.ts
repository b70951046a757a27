import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import type { Selectable } from "kysely";
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

/** Well under SQLite's SQLITE_MAX_COMPOUND_SELECT (500). */
const MAX_COMPOUND_SELECTS = 200;

export function syncRoomQueries(db: Kysely<Database>): SyncRoomStore {
  return {
    async timelineBetweenStreams({ roomIds, after, upTo, limitPerRoom, filter }) {
      if (roomIds.length === 0 || limitPerRoom <= 0 || upTo <= after) return [];
      // One limited select per room, joined by UNION ALL: each walks its room's
      // (room_id, stream_ordering) index backwards and stops after `limitPerRoom`
      // rows, where ranking the whole range with row_number() read every event
      // of every room (all of its history, for an initial sync).
      const newestOf = (roomId: string, index: number) =>
        db
          .selectFrom((inner) =>
            inner
              .selectFrom("events")
              .selectAll()
              .where("room_id", "=", roomId)
              .where("stream_ordering", ">", after)
              .where("stream_ordering", "<=", upTo)
              .where("rejected", "=", 0)
              .$if(filter.types !== undefined, (q) => q.where((eb) => typeMatches(eb, filter.types ?? [])))
              .$if((filter.notTypes?.length ?? 0) > 0, (q) => q.where((eb) => eb.not(typeMatches(eb, filter.notTypes ?? []))))
              .$if(filter.senders !== undefined, (q) => q.where("sender", "in", filter.senders?.length ? filter.senders : [""]))
              .$if((filter.notSenders?.length ?? 0) > 0, (q) => q.where("sender", "not in", filter.notSenders ?? []))
              .orderBy("stream_ordering", "desc")
              .limit(limitPerRoom)
              .as(`r${index}`),
          )
          .selectAll();
      const rows: Selectable<EventsTable>[] = [];
      // SQLite joins at most 500 selects in one compound statement.
      for (let start = 0; start < roomIds.length; start += MAX_COMPOUND_SELECTS) {
        const chunk = roomIds.slice(start, start + MAX_COMPOUND_SELECTS);
        let query = newestOf(chunk[0]!, 0);
        for (let i = 1; i < chunk.length; i++) query = query.unionAll(newestOf(chunk[i]!, i));
        rows.push(...(await query.execute()));
      }
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
