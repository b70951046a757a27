import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { AccountDataStore } from "../storage.js";
import { withNextStreamPosition } from "./stream-positions.js";

/** Global account data is stored under room "" (part of the primary key, so not NULL). */
const GLOBAL = "";

export function accountDataQueries(db: Kysely<Database>): AccountDataStore {
  return {
    async put(userId, roomId, type, content) {
      const { position } = await withNextStreamPosition(db, "account_data", async (trx, streamId) => {
        const json = JSON.stringify(content);
        await trx
          .insertInto("account_data")
          .values({ user_id: userId, room_id: roomId ?? GLOBAL, type, content: json, stream_id: streamId })
          .onConflict((conflict) => conflict.columns(["user_id", "room_id", "type"]).doUpdateSet({ content: json, stream_id: streamId }))
          .execute();
      });
      return position;
    },

    async get(userId, roomId, type) {
      const row = await db
        .selectFrom("account_data")
        .select("content")
        .where("user_id", "=", userId)
        .where("room_id", "=", roomId ?? GLOBAL)
        .where("type", "=", type)
        .executeTakeFirst();
      return row && (JSON.parse(row.content) as Record<string, unknown>);
    },

    async changedBetween(userId, since, upTo) {
      const rows = await db
        .selectFrom("account_data")
        .selectAll()
        .where("user_id", "=", userId)
        .where("stream_id", ">", since)
        .where("stream_id", "<=", upTo)
        .orderBy("stream_id")
        .execute();
      return rows.map((row) => ({
        roomId: row.room_id === GLOBAL ? null : row.room_id,
        type: row.type,
        content: JSON.parse(row.content) as Record<string, unknown>,
        streamId: Number(row.stream_id),
      }));
    },
  };
}
