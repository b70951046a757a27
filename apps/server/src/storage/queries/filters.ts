import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { FilterStore } from "../storage.js";

export function filterQueries(db: Kysely<Database>): FilterStore {
  return {
    async saveFilter(userId, filterId, filterJson) {
      await db
        .insertInto("sync_filters")
        .values({ user_id: userId, filter_id: filterId, filter_json: filterJson })
        .onConflict((conflict) => conflict.columns(["user_id", "filter_id"]).doNothing())
        .execute();
    },

    async getFilter(userId, filterId) {
      const row = await db
        .selectFrom("sync_filters")
        .select("filter_json")
        .where("user_id", "=", userId)
        .where("filter_id", "=", filterId)
        .executeTakeFirst();
      return row?.filter_json;
    },
  };
}
