import type { Kysely, Selectable } from "kysely";
import type { PushersTable } from "../relations-push-schema.js";
import type { Database } from "../schema.js";
import type { PusherRecord, PusherStore } from "../storage.js";

function toRecord(row: Selectable<PushersTable>): PusherRecord {
  return {
    userId: row.user_id,
    appId: row.app_id,
    pushkey: row.pushkey,
    kind: row.kind,
    appDisplayName: row.app_display_name,
    deviceDisplayName: row.device_display_name,
    profileTag: row.profile_tag,
    lang: row.lang,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdTs: Number(row.created_ts),
  };
}

export function pusherQueries(db: Kysely<Database>): PusherStore {
  const setIn = async (trx: Kysely<Database>, pusher: PusherRecord, append: boolean) => {
    if (!append) {
      await trx.deleteFrom("pushers").where("app_id", "=", pusher.appId).where("pushkey", "=", pusher.pushkey).where("user_id", "!=", pusher.userId).execute();
    }
    const row = {
      user_id: pusher.userId,
      app_id: pusher.appId,
      pushkey: pusher.pushkey,
      kind: pusher.kind,
      app_display_name: pusher.appDisplayName,
      device_display_name: pusher.deviceDisplayName,
      profile_tag: pusher.profileTag,
      lang: pusher.lang,
      data: JSON.stringify(pusher.data),
      created_ts: pusher.createdTs,
    };
    const { user_id: _user, app_id: _app, pushkey: _key, created_ts: _created, ...changes } = row;
    await trx
      .insertInto("pushers")
      .values(row)
      .onConflict((conflict) => conflict.columns(["user_id", "app_id", "pushkey"]).doUpdateSet(changes))
      .execute();
  };
  return {
    async list(userId) {
      const rows = await db.selectFrom("pushers").selectAll().where("user_id", "=", userId).orderBy("created_ts").orderBy("app_id").orderBy("pushkey").execute();
      return rows.map(toRecord);
    },

    set(pusher, append) {
      if (db.isTransaction) return setIn(db, pusher, append);
      return db.transaction().execute((trx) => setIn(trx, pusher, append));
    },

    async delete(userId, appId, pushkey) {
      const result = await db.deleteFrom("pushers").where("user_id", "=", userId).where("app_id", "=", appId).where("pushkey", "=", pushkey).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
