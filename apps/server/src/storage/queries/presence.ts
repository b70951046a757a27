import type { Kysely } from "kysely";
import type { Database, PresenceTable } from "../schema.js";
import type { PresenceRecord, PresenceState, PresenceStore } from "../storage.js";
import { withNextStreamPosition } from "./stream-positions.js";
import { preparedQuery } from "./prepared.js";

/** User IDs per query: far below SQLite's and PostgreSQL's bound-parameter limits. */
const USERS_PER_QUERY = 500;

function toRecord(row: PresenceTable): PresenceRecord {
  return {
    userId: row.user_id,
    state: row.state as PresenceState,
    statusMsg: row.status_msg,
    lastActiveTs: Number(row.last_active_ts),
    streamId: Number(row.stream_id),
  };
}

const selectPresence = preparedQuery((db, userId: string) => db.selectFrom("presence").selectAll().where("user_id", "=", userId));

export function presenceQueries(db: Kysely<Database>): PresenceStore {
  return {
    async get(userId) {
      const [row] = (await selectPresence(db, userId)).rows;
      return row && toRecord(row);
    },

    async put(presence) {
      const { position } = await withNextStreamPosition(db, "presence", async (trx, streamId) => {
        const values = { state: presence.state, status_msg: presence.statusMsg, last_active_ts: presence.lastActiveTs, stream_id: streamId };
        await trx
          .insertInto("presence")
          .values({ user_id: presence.userId, ...values })
          .onConflict((conflict) => conflict.column("user_id").doUpdateSet(values))
          .execute();
      });
      return position;
    },

    async changedBetween(since, upTo) {
      if (upTo <= since) return [];
      const rows = await db.selectFrom("presence").selectAll().where("stream_id", ">", since).where("stream_id", "<=", upTo).execute();
      return rows.map(toRecord);
    },

    async touchLastActive(userId, lastActiveTs) {
      await db.updateTable("presence").set({ last_active_ts: lastActiveTs }).where("user_id", "=", userId).execute();
    },

    async ofUsersBetween(userIds, since, upTo) {
      const results: PresenceRecord[] = [];
      for (let start = 0; start < userIds.length; start += USERS_PER_QUERY) {
        const rows = await db
          .selectFrom("presence")
          .selectAll()
          .where("user_id", "in", userIds.slice(start, start + USERS_PER_QUERY))
          .where("stream_id", ">", since)
          .where("stream_id", "<=", upTo)
          .execute();
        results.push(...rows.map(toRecord));
      }
      return results;
    },
  };
}
