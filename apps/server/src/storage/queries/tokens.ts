import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { TokenStore } from "../storage.js";
import { preparedQuery } from "./prepared.js";

// Every authenticated request looks its token up: compiled once.
const selectAccessToken = preparedQuery((db, tokenHash: string) =>
  db
    .selectFrom("access_tokens")
    .innerJoin("users", "users.user_id", "access_tokens.user_id")
    .select(["access_tokens.user_id", "access_tokens.device_id", "access_tokens.expires_ts", "users.is_guest", "users.is_admin", "users.deactivated"])
    .where("access_tokens.token_hash", "=", tokenHash),
);

export function tokenQueries(db: Kysely<Database>): TokenStore {
  return {
    async insertAccessToken({ tokenHash, userId, deviceId, createdTs, expiresTs }) {
      await db
        .insertInto("access_tokens")
        .values({ token_hash: tokenHash, user_id: userId, device_id: deviceId, created_ts: createdTs, expires_ts: expiresTs })
        .execute();
    },

    async findAccessToken(tokenHash) {
      const [row] = (await selectAccessToken(db, tokenHash)).rows;
      return (
        row && {
          userId: row.user_id,
          deviceId: row.device_id,
          expiresTs: row.expires_ts,
          isGuest: row.is_guest !== 0,
          isAdmin: row.is_admin !== 0,
          deactivated: row.deactivated !== 0,
        }
      );
    },

    async deleteAccessToken(tokenHash) {
      await db.deleteFrom("access_tokens").where("token_hash", "=", tokenHash).execute();
    },

    async deleteDeviceTokens(userId, deviceId) {
      await db.deleteFrom("access_tokens").where("user_id", "=", userId).where("device_id", "=", deviceId).execute();
      await db.deleteFrom("refresh_tokens").where("user_id", "=", userId).where("device_id", "=", deviceId).execute();
    },

    async insertRefreshToken({ tokenHash, userId, deviceId, createdTs }) {
      await db.insertInto("refresh_tokens").values({ token_hash: tokenHash, user_id: userId, device_id: deviceId, created_ts: createdTs }).execute();
    },

    async takeRefreshToken(tokenHash) {
      const row = await db.deleteFrom("refresh_tokens").where("token_hash", "=", tokenHash).returning(["user_id", "device_id"]).executeTakeFirst();
      return row && { userId: row.user_id, deviceId: row.device_id };
    },

    async insertLoginToken({ tokenHash, userId, expiresTs }) {
      await db.insertInto("login_tokens").values({ token_hash: tokenHash, user_id: userId, expires_ts: expiresTs }).execute();
    },

    async takeLoginToken(tokenHash) {
      const row = await db.deleteFrom("login_tokens").where("token_hash", "=", tokenHash).returning(["user_id", "expires_ts"]).executeTakeFirst();
      return row && { userId: row.user_id, expiresTs: row.expires_ts };
    },
  };
}
