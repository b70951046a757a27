import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { EventToPersist } from "../storage.js";
import { preparedQuery } from "./prepared.js";

/**
 * After this many deltas a state group is written as a full snapshot, which
 * bounds the chain a read walks (see migrations/rooms-events.ts).
 */
export const MAX_STATE_GROUP_CHAIN = 64;

export interface EventStateGroups {
  before: number | null;
  after: number | null;
  replaces: string | null;
}

function membershipOf(event: EventToPersist): string | undefined {
  const content = event.pdu.content;
  if (typeof content !== "object" || content === null) return undefined;
  const membership = (content as Record<string, unknown>).membership;
  return typeof membership === "string" ? membership : undefined;
}

/**
 * The state side of persisting an event (inside the persisting transaction):
 * a state event replaces its key in the current state, updates the
 * membership table for member events, and starts a new state group — a delta
 * over the room's current group, or a snapshot of the (updated) current
 * state when there is none or the chain is long. The group's ID is the
 * event's stream ordering.
 */
const currentStateGroup = preparedQuery((db, roomId: string) => db.selectFrom("rooms").select("current_state_group").where("room_id", "=", roomId));

export async function writeStateForEvent(db: Kysely<Database>, event: EventToPersist, streamOrdering: number): Promise<EventStateGroups> {
  const [room] = (await currentStateGroup(db, event.roomId)).rows;
  if (!room) throw new Error(`cannot persist ${event.eventId}: room ${event.roomId} is not stored`);
  const before = room.current_state_group;
  const stateKey = event.stateKey;
  if (stateKey === undefined) return { before, after: before, replaces: null };

  const replaced = await db
    .selectFrom("room_current_state")
    .select("event_id")
    .where("room_id", "=", event.roomId)
    .where("type", "=", event.type)
    .where("state_key", "=", stateKey)
    .executeTakeFirst();
  await db
    .insertInto("room_current_state")
    .values({ room_id: event.roomId, type: event.type, state_key: stateKey, event_id: event.eventId })
    .onConflict((c) => c.columns(["room_id", "type", "state_key"]).doUpdateSet({ event_id: event.eventId }))
    .execute();

  const membership = event.type === "m.room.member" ? membershipOf(event) : undefined;
  if (membership !== undefined) {
    await db
      .insertInto("room_memberships")
      .values({ room_id: event.roomId, user_id: stateKey, membership, event_id: event.eventId, stream_ordering: streamOrdering, forgotten: 0 })
      .onConflict((c) =>
        c.columns(["room_id", "user_id"]).doUpdateSet({ membership, event_id: event.eventId, stream_ordering: streamOrdering, forgotten: 0 }),
      )
      .execute();
  }

  const previous =
    before === null ? undefined : await db.selectFrom("state_groups").select("chain_length").where("id", "=", before).executeTakeFirst();
  const chainLength = previous === undefined ? 0 : previous.chain_length + 1;
  if (previous === undefined || chainLength >= MAX_STATE_GROUP_CHAIN) {
    await db.insertInto("state_groups").values({ id: streamOrdering, room_id: event.roomId, prev_group: null, chain_length: 0 }).execute();
    await db
      .insertInto("state_group_entries")
      .columns(["state_group", "type", "state_key", "event_id"])
      .expression(
        db
          .selectFrom("room_current_state")
          .select([sql<number>`cast(${streamOrdering} as bigint)`.as("state_group"), "type", "state_key", "event_id"])
          .where("room_id", "=", event.roomId),
      )
      .execute();
  } else {
    await db.insertInto("state_groups").values({ id: streamOrdering, room_id: event.roomId, prev_group: before, chain_length: chainLength }).execute();
    await db.insertInto("state_group_entries").values({ state_group: streamOrdering, type: event.type, state_key: stateKey, event_id: event.eventId }).execute();
  }
  await db.updateTable("rooms").set({ current_state_group: streamOrdering }).where("room_id", "=", event.roomId).execute();
  return { before, after: streamOrdering, replaces: replaced?.event_id ?? null };
}
