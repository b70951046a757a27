import type { Kysely, Selectable } from "kysely";
import type { Database, RoomMembershipsTable } from "../schema.js";
import type { MembershipRecord, RoomStore } from "../storage.js";
import { preparedQuery } from "./prepared.js";

function toMembership(row: Selectable<RoomMembershipsTable>): MembershipRecord {
  return {
    roomId: row.room_id,
    userId: row.user_id,
    membership: row.membership,
    eventId: row.event_id,
    streamOrdering: row.stream_ordering,
    forgotten: row.forgotten !== 0,
  };
}

/** A user's rooms by membership, asked by every /sync: compiled once per number of memberships asked. */
const roomsOfUserQueries = new Map<number, ReturnType<typeof makeRoomsOfUserQuery>>();

function makeRoomsOfUserQuery() {
  return preparedQuery((db, userId: string, ...memberships: string[]) =>
    db.selectFrom("room_memberships").selectAll().where("user_id", "=", userId).where("membership", "in", memberships),
  );
}

function roomsOfUserQuery(count: number): ReturnType<typeof makeRoomsOfUserQuery> {
  let query = roomsOfUserQueries.get(count);
  if (!query) roomsOfUserQueries.set(count, (query = makeRoomsOfUserQuery()));
  return query;
}

export function roomQueries(db: Kysely<Database>): RoomStore {
  return {
    async getRoom(roomId) {
      const row = await db.selectFrom("rooms").selectAll().where("room_id", "=", roomId).executeTakeFirst();
      return row && { roomId: row.room_id, roomVersion: row.room_version, creator: row.creator, isPublic: row.is_public !== 0, createdTs: row.created_ts };
    },

    async setPublic(roomId, isPublic) {
      await db.updateTable("rooms").set({ is_public: isPublic ? 1 : 0 }).where("room_id", "=", roomId).execute();
    },

    async publicRooms({ offset, limit }) {
      const rows = await db
        .selectFrom("rooms")
        .leftJoin("room_memberships", (join) => join.onRef("room_memberships.room_id", "=", "rooms.room_id").on("room_memberships.membership", "=", "join"))
        .select(["rooms.room_id", (eb) => eb.fn.count<number>("room_memberships.user_id").as("joined")])
        .where("rooms.is_public", "=", 1)
        .groupBy("rooms.room_id")
        .orderBy("joined", "desc")
        .orderBy("rooms.room_id", "asc")
        .limit(limit)
        .offset(offset)
        .execute();
      const total = await db.selectFrom("rooms").select((eb) => eb.fn.countAll<number>().as("n")).where("is_public", "=", 1).executeTakeFirstOrThrow();
      return { roomIds: rows.map((row) => row.room_id), total: Number(total.n) };
    },

    async getMembership(roomId, userId) {
      const row = await db.selectFrom("room_memberships").selectAll().where("room_id", "=", roomId).where("user_id", "=", userId).executeTakeFirst();
      return row && toMembership(row);
    },

    async roomsOfUser(userId, memberships) {
      if (memberships.length === 0) return [];
      const { rows } = await roomsOfUserQuery(memberships.length)(db, userId, ...memberships);
      return rows.map(toMembership);
    },

    async membersOfRoom(roomId, memberships) {
      let query = db.selectFrom("room_memberships").selectAll().where("room_id", "=", roomId);
      if (memberships !== undefined) {
        if (memberships.length === 0) return [];
        query = query.where("membership", "in", memberships);
      }
      const rows = await query.orderBy("user_id").execute();
      return rows.map(toMembership);
    },

    async joinedMemberCounts(roomIds) {
      const counts = new Map<string, number>(roomIds.map((roomId) => [roomId, 0]));
      if (roomIds.length === 0) return counts;
      const rows = await db
        .selectFrom("room_memberships")
        .select(["room_id", (eb) => eb.fn.countAll<number>().as("joined")])
        .where("room_id", "in", roomIds)
        .where("membership", "=", "join")
        .groupBy("room_id")
        .execute();
      for (const row of rows) counts.set(row.room_id, Number(row.joined));
      return counts;
    },

    async forgetRoom(roomId, userId) {
      await db.updateTable("room_memberships").set({ forgotten: 1 }).where("room_id", "=", roomId).where("user_id", "=", userId).execute();
    },

    async createAlias({ alias, roomId, creator, createdTs }) {
      const result = await db
        .insertInto("room_aliases")
        .values({ alias, room_id: roomId, creator, created_ts: createdTs })
        .onConflict((c) => c.column("alias").doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async getAlias(alias) {
      const row = await db.selectFrom("room_aliases").select(["room_id", "creator"]).where("alias", "=", alias).executeTakeFirst();
      return row && { roomId: row.room_id, creator: row.creator };
    },

    async deleteAlias(alias) {
      const result = await db.deleteFrom("room_aliases").where("alias", "=", alias).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async aliasesOfRoom(roomId) {
      const rows = await db.selectFrom("room_aliases").select("alias").where("room_id", "=", roomId).orderBy("alias").execute();
      return rows.map((row) => row.alias);
    },
  };
}
