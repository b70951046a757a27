import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { UserVisibilityStore } from "../storage.js";

// Who may see whom: users who share a joined room (presence, "Presence"),
// and the user directory's search space ("User Directory": users who share a
// room with the requester or are joined to a public or world-readable room).

function escapeLike(text: string): string {
  return text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `lower(column) LIKE pattern ESCAPE '\'`: wildcards in the search term match literally. */
function likeLower(column: string, pattern: string) {
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

export function userVisibilityQueries(db: Kysely<Database>): UserVisibilityStore {
  const joinedRoomsOf = (userId: string) =>
    db.selectFrom("room_memberships").select("room_id").where("user_id", "=", userId).where("membership", "=", "join");

  /** Rooms anyone may look into: `public` join rule or `world_readable` history (read from the current state events). */
  async function openRoomIds(): Promise<string[]> {
    const rows = await db
      .selectFrom("room_current_state")
      .innerJoin("events", "events.event_id", "room_current_state.event_id")
      .select(["room_current_state.room_id", "room_current_state.type", "events.pdu"])
      .where("room_current_state.state_key", "=", "")
      .where("room_current_state.type", "in", ["m.room.join_rules", "m.room.history_visibility"])
      .execute();
    const open = new Set<string>();
    for (const row of rows) {
      const content = (JSON.parse(row.pdu) as { content?: Record<string, unknown> }).content ?? {};
      if (row.type === "m.room.join_rules" && content.join_rule === "public") open.add(row.room_id);
      if (row.type === "m.room.history_visibility" && content.history_visibility === "world_readable") open.add(row.room_id);
    }
    return [...open];
  }

  return {
    async usersSharingRoomWith(userId) {
      const rows = await db
        .selectFrom("room_memberships")
        .select("user_id")
        .distinct()
        .where("membership", "=", "join")
        .where("room_id", "in", joinedRoomsOf(userId))
        .execute();
      return rows.map((row) => row.user_id);
    },

    async sharesRoom(userId, otherUserId) {
      const row = await db
        .selectFrom("room_memberships")
        .select("room_id")
        .where("user_id", "=", otherUserId)
        .where("membership", "=", "join")
        .where("room_id", "in", joinedRoomsOf(userId))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async searchUserDirectory({ requesterId, term, limit }) {
      const open = await openRoomIds();
      const contains = `%${escapeLike(term)}%`;
      const prefix = `${escapeLike(term)}%`;
      const exact = term.toLowerCase();
      const rows = await db
        .selectFrom("profiles")
        .innerJoin("users", "users.user_id", "profiles.user_id")
        .select(["profiles.user_id", "profiles.displayname", "profiles.avatar_url"])
        .where("users.deactivated", "=", 0)
        .where((eb) => eb.or([likeLower("profiles.user_id", contains), likeLower("profiles.displayname", contains)]))
        .where("profiles.user_id", "in", (eb) =>
          eb
            .selectFrom("room_memberships")
            .select("user_id")
            .where("membership", "=", "join")
            .where((inner) =>
              open.length === 0 ? inner("room_id", "in", joinedRoomsOf(requesterId)) : inner.or([inner("room_id", "in", joinedRoomsOf(requesterId)), inner("room_id", "in", open)]),
            ),
        )
        // Rank: exact display name or localpart, then prefixes, then the rest;
        // then users with a display name before those without (users.yaml).
        .orderBy(
          sql`case when lower(profiles.displayname) = ${exact} or lower(users.localpart) = ${exact} then 0
              when ${likeLower("profiles.displayname", prefix)} or ${likeLower("users.localpart", prefix)} then 1 else 2 end`,
        )
        .orderBy(sql`case when profiles.displayname is null then 1 else 0 end`)
        .orderBy("profiles.user_id")
        .limit(limit)
        .execute();
      return rows.map((row) => ({ userId: row.user_id, displayname: row.displayname, avatarUrl: row.avatar_url }));
    },
  };
}
