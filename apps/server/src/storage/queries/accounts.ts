import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { AccountStore, NewUser, ProfileField, UserRecord } from "../storage.js";

export function accountQueries(db: Kysely<Database>): AccountStore {
  return {
    async createUser(user: NewUser) {
      const result = await db
        .insertInto("users")
        .values({
          user_id: user.userId,
          localpart: user.localpart,
          password_hash: user.passwordHash,
          is_admin: user.isAdmin ? 1 : 0,
          is_guest: user.isGuest ? 1 : 0,
          deactivated: 0,
          created_ts: user.createdTs,
        })
        .onConflict((conflict) => conflict.column("user_id").doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await db.insertInto("profiles").values({ user_id: user.userId, displayname: user.displayname, avatar_url: null }).execute();
      return true;
    },

    async getUser(userId: string): Promise<UserRecord | undefined> {
      const row = await db.selectFrom("users").selectAll().where("user_id", "=", userId).executeTakeFirst();
      if (!row) return undefined;
      return {
        userId: row.user_id,
        localpart: row.localpart,
        passwordHash: row.password_hash,
        isAdmin: row.is_admin !== 0,
        isGuest: row.is_guest !== 0,
        deactivated: row.deactivated !== 0,
        createdTs: row.created_ts,
      };
    },

    async setPasswordHash(userId: string, passwordHash: string | null) {
      await db.updateTable("users").set({ password_hash: passwordHash }).where("user_id", "=", userId).execute();
    },

    async deactivate(userId: string) {
      await db.updateTable("users").set({ deactivated: 1, password_hash: null }).where("user_id", "=", userId).execute();
    },

    async getProfile(userId: string) {
      const row = await db.selectFrom("profiles").select(["displayname", "avatar_url"]).where("user_id", "=", userId).executeTakeFirst();
      return row && { displayname: row.displayname, avatarUrl: row.avatar_url };
    },

    async setProfileField(userId: string, field: ProfileField, value: string | null) {
      await db
        .updateTable("profiles")
        .set(field === "displayname" ? { displayname: value } : { avatar_url: value })
        .where("user_id", "=", userId)
        .execute();
    },
  };
}
