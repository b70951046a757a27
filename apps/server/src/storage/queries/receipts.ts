import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { ReceiptStore } from "../storage.js";
import { withNextStreamPosition } from "./stream-positions.js";

/** Unthreaded receipts are stored under thread "" (part of the primary key, so not NULL). */
const UNTHREADED = "";

/** Room IDs per query: far below SQLite's and PostgreSQL's bound-parameter limits. */
const ROOMS_PER_QUERY = 500;

export function receiptQueries(db: Kysely<Database>): ReceiptStore {
  return {
    async put(receipt) {
      const { position } = await withNextStreamPosition(db, "receipts", async (trx, streamId) => {
        const row = {
          room_id: receipt.roomId,
          user_id: receipt.userId,
          receipt_type: receipt.receiptType,
          thread_id: receipt.threadId ?? UNTHREADED,
          event_id: receipt.eventId,
          ts: receipt.ts,
          stream_id: streamId,
        };
        await trx
          .insertInto("receipts")
          .values(row)
          .onConflict((conflict) =>
            conflict.columns(["room_id", "user_id", "receipt_type", "thread_id"]).doUpdateSet({ event_id: row.event_id, ts: row.ts, stream_id: streamId }),
          )
          .execute();
      });
      return position;
    },

    async inRoomsBetween(roomIds, since, upTo) {
      const results = [];
      for (let start = 0; start < roomIds.length; start += ROOMS_PER_QUERY) {
        const rows = await db
          .selectFrom("receipts")
          .selectAll()
          .where("room_id", "in", roomIds.slice(start, start + ROOMS_PER_QUERY))
          .where("stream_id", ">", since)
          .where("stream_id", "<=", upTo)
          .orderBy("stream_id")
          .execute();
        for (const row of rows) {
          results.push({
            roomId: row.room_id,
            userId: row.user_id,
            receiptType: row.receipt_type,
            threadId: row.thread_id === UNTHREADED ? null : row.thread_id,
            eventId: row.event_id,
            ts: Number(row.ts),
            streamId: Number(row.stream_id),
          });
        }
      }
      return results;
    },
  };
}
