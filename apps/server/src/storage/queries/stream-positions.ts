import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { SyncStreamStore } from "../storage.js";
import { preparedQuery } from "./prepared.js";

export type PersistedSyncStream = "account_data" | "receipts" | "presence";

/**
 * Run `work` with the next position of `stream`, in one transaction (joining
 * the caller's if there is one). Taking the position locks the stream's row
 * until commit, so rows become visible in position order: a reader that sees
 * the stream at N can never later find a row below N appear.
 */
export async function withNextStreamPosition<T>(
  db: Kysely<Database>,
  stream: PersistedSyncStream,
  work: (trx: Kysely<Database>, position: number) => Promise<T>,
): Promise<{ position: number; result: T }> {
  const run = async (trx: Kysely<Database>) => {
    const row = await trx
      .updateTable("sync_stream_positions")
      .set((eb) => ({ position: eb("position", "+", 1) }))
      .where("stream", "=", stream)
      .returning("position")
      .executeTakeFirstOrThrow();
    const position = Number(row.position);
    return { position, result: await work(trx, position) };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

const selectPositions = preparedQuery((db) => db.selectFrom("sync_stream_positions").select(["stream", "position"]));

export function syncStreamQueries(db: Kysely<Database>): SyncStreamStore {
  return {
    async currentPositions() {
      const { rows } = await selectPositions(db);
      const at = (stream: PersistedSyncStream) => Number(rows.find((row) => row.stream === stream)?.position ?? 0);
      return { accountData: at("account_data"), receipts: at("receipts"), presence: at("presence") };
    },
  };
}
