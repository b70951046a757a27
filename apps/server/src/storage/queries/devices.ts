import type { Kysely } from "kysely";
import type { Database, DevicesTable } from "../schema.js";
import type { DeviceRecord, DeviceStore } from "../storage.js";

function toRecord(row: DevicesTable): DeviceRecord {
  return {
    userId: row.user_id,
    deviceId: row.device_id,
    displayName: row.display_name,
    createdTs: row.created_ts,
    lastSeenTs: row.last_seen_ts,
    lastSeenIp: row.last_seen_ip,
  };
}

export function deviceQueries(db: Kysely<Database>): DeviceStore {
  async function deleteTokensOf(userId: string, deviceIds: readonly string[]) {
    await db.deleteFrom("access_tokens").where("user_id", "=", userId).where("device_id", "in", deviceIds).execute();
    await db.deleteFrom("refresh_tokens").where("user_id", "=", userId).where("device_id", "in", deviceIds).execute();
  }

  return {
    async ensureDevice({ userId, deviceId, displayName, createdTs }) {
      await db
        .insertInto("devices")
        .values({ user_id: userId, device_id: deviceId, display_name: displayName, created_ts: createdTs, last_seen_ts: null, last_seen_ip: null })
        .onConflict((conflict) =>
          displayName === null
            ? conflict.columns(["user_id", "device_id"]).doNothing()
            : conflict.columns(["user_id", "device_id"]).doUpdateSet({ display_name: displayName }),
        )
        .execute();
    },

    async getDevice(userId, deviceId) {
      const row = await db.selectFrom("devices").selectAll().where("user_id", "=", userId).where("device_id", "=", deviceId).executeTakeFirst();
      return row && toRecord(row);
    },

    async listDevices(userId) {
      const rows = await db.selectFrom("devices").selectAll().where("user_id", "=", userId).orderBy("created_ts").orderBy("device_id").execute();
      return rows.map(toRecord);
    },

    async renameDevice(userId, deviceId, displayName) {
      const result = await db
        .updateTable("devices")
        .set({ display_name: displayName })
        .where("user_id", "=", userId)
        .where("device_id", "=", deviceId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async deleteDevices(userId, deviceIds) {
      if (deviceIds.length === 0) return;
      await deleteTokensOf(userId, deviceIds);
      await db.deleteFrom("devices").where("user_id", "=", userId).where("device_id", "in", deviceIds).execute();
    },

    async deleteAllDevices(userId, keepDeviceId) {
      const rows = await db.selectFrom("devices").select("device_id").where("user_id", "=", userId).execute();
      const doomed = rows.map((row) => row.device_id).filter((id) => id !== keepDeviceId);
      if (doomed.length === 0) return;
      await deleteTokensOf(userId, doomed);
      await db.deleteFrom("devices").where("user_id", "=", userId).where("device_id", "in", doomed).execute();
    },

    async touchDevice(userId, deviceId, ts, ip) {
      await db
        .updateTable("devices")
        .set({ last_seen_ts: ts, last_seen_ip: ip })
        .where("user_id", "=", userId)
        .where("device_id", "=", deviceId)
        .execute();
    },
  };
}
