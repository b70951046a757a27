import type { Kysely, Migration } from "kysely";

// Migration 0002_rooms_events: rooms, events, room state, memberships,
// aliases and relations. The same tables on both backends; only the integer
// type of stream positions and timestamps differs (BIGINT on PostgreSQL).
//
// Room state is kept as *state groups*: every state event starts a new group
// holding only what it changed (a delta over `prev_group`), and every
// `MAX_STATE_GROUP_CHAIN` groups a full snapshot is written instead, so the
// state at any event is read with one recursive query over a bounded chain
// plus one query for its entries — never by replaying the room. Message
// events point at the group in force when they were sent and create none.
// Full maps per group would make each state event cost the size of the
// room's state (quadratic for rooms that many people join); pure deltas
// would make reads cost the length of the room's history.

function roomsEventsMigration(bigint: "integer" | "bigint"): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One row: the last stream ordering handed out. Writers take the next
      // one with an UPDATE inside the persisting transaction; its row lock
      // (PostgreSQL) or SQLite's single writer make orderings commit in
      // order, so a reader that sees position N has every event up to N.
      await db.schema
        .createTable("event_stream_position")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("position", bigint, (c) => c.notNull())
        .execute();
      await db
        .insertInto("event_stream_position" as never)
        .values({ id: 1, position: 0 })
        .execute();

      await db.schema
        .createTable("rooms")
        .addColumn("room_id", "text", (c) => c.primaryKey())
        .addColumn("room_version", "text", (c) => c.notNull())
        .addColumn("creator", "text", (c) => c.notNull())
        .addColumn("is_public", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_ts", bigint, (c) => c.notNull())
        // The state group after the room's latest event (its current state).
        .addColumn("current_state_group", bigint)
        .execute();

      await db.schema
        .createTable("events")
        .addColumn("stream_ordering", bigint, (c) => c.primaryKey())
        .addColumn("event_id", "text", (c) => c.notNull().unique())
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("state_key", "text")
        .addColumn("sender", "text", (c) => c.notNull())
        .addColumn("depth", bigint, (c) => c.notNull())
        .addColumn("origin_server_ts", bigint, (c) => c.notNull())
        // The PDU as JSON text (not JSONB: PostgreSQL JSONB refuses "\u0000", which event content may hold).
        .addColumn("pdu", "text", (c) => c.notNull())
        .addColumn("state_group_before", bigint)
        .addColumn("state_group", bigint)
        // For state events: the event this one replaced in the room's state.
        .addColumn("replaces_state", "text")
        .addColumn("redacted_by", "text")
        .addColumn("rejected", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("txn_id", "text")
        .addColumn("txn_device_id", "text")
        .execute();
      await db.schema.createIndex("events_room_topological").on("events").columns(["room_id", "depth", "stream_ordering"]).execute();
      await db.schema.createIndex("events_room_stream").on("events").columns(["room_id", "stream_ordering"]).execute();
      await db.schema.createIndex("events_room_ts").on("events").columns(["room_id", "origin_server_ts"]).execute();
      // NULLs are distinct in unique indexes on both engines: events without a transaction ID never collide.
      await db.schema
        .createIndex("events_transaction")
        .on("events")
        .columns(["room_id", "sender", "txn_device_id", "txn_id"])
        .unique()
        .execute();

      await db.schema
        .createTable("room_forward_extremities")
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("room_forward_extremities_pk", ["room_id", "event_id"])
        .execute();

      // A group's ID is the stream ordering of the event that created it.
      await db.schema
        .createTable("state_groups")
        .addColumn("id", bigint, (c) => c.primaryKey())
        .addColumn("room_id", "text", (c) => c.notNull())
        // Null: this group is a full snapshot.
        .addColumn("prev_group", bigint)
        .addColumn("chain_length", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("state_group_entries")
        .addColumn("state_group", bigint, (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("state_key", "text", (c) => c.notNull())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("state_group_entries_pk", ["state_group", "type", "state_key"])
        .execute();

      await db.schema
        .createTable("room_current_state")
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("state_key", "text", (c) => c.notNull())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("room_current_state_pk", ["room_id", "type", "state_key"])
        .execute();

      // The current membership of each user in each room they ever had one in.
      await db.schema
        .createTable("room_memberships")
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("membership", "text", (c) => c.notNull())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addColumn("stream_ordering", bigint, (c) => c.notNull())
        .addColumn("forgotten", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("room_memberships_pk", ["room_id", "user_id"])
        .execute();
      await db.schema.createIndex("room_memberships_user").on("room_memberships").columns(["user_id", "membership"]).execute();

      await db.schema
        .createTable("room_aliases")
        .addColumn("alias", "text", (c) => c.primaryKey())
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("creator", "text", (c) => c.notNull())
        .addColumn("created_ts", bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("room_aliases_room").on("room_aliases").column("room_id").execute();

      await db.schema
        .createTable("event_relations")
        .addColumn("event_id", "text", (c) => c.primaryKey())
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("relates_to_id", "text", (c) => c.notNull())
        .addColumn("rel_type", "text", (c) => c.notNull())
        .addColumn("aggregation_key", "text")
        .execute();
      await db.schema.createIndex("event_relations_target").on("event_relations").columns(["relates_to_id", "rel_type"]).execute();
    },
  };
}

export const sqliteRoomsEventsMigration = roomsEventsMigration("integer");
export const postgresRoomsEventsMigration = roomsEventsMigration("bigint");
