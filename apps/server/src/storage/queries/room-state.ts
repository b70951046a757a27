import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../schema.js";
import type { RoomStateStore, StateEntry } from "../storage.js";

type Key = readonly [type: string, stateKey: string];

interface ChainEntryRow {
  start_group: number;
  ord: number;
  type: string;
  state_key: string;
  event_id: string;
}

function keyFilter(keys: readonly Key[] | undefined): Expression<SqlBool> | undefined {
  if (keys === undefined) return undefined;
  return sql<SqlBool>`(${sql.join(keys.map(([type, stateKey]) => sql`(e.type = ${type} and e.state_key = ${stateKey})`), sql` or `)})`;
}

/**
 * The state of each group in one query: walk every group's delta chain down
 * to its snapshot (bounded by MAX_STATE_GROUP_CHAIN) and join the entries of
 * every group on the way; the nearest group's entry wins per key.
 */
async function stateAtGroups(db: Kysely<Database>, groups: readonly number[], keys: readonly Key[] | undefined): Promise<Map<number, StateEntry[]>> {
  const out = new Map<number, StateEntry[]>();
  const unique = [...new Set(groups)];
  if (unique.length === 0 || (keys !== undefined && keys.length === 0)) {
    for (const group of unique) out.set(group, []);
    return out;
  }
  const filter = keyFilter(keys);
  const { rows } = await sql<ChainEntryRow>`
    with recursive chain(start_group, state_group, prev_group, ord) as (
      select id, id, prev_group, 0 from state_groups where id in (${sql.join(unique)})
      union all
      select c.start_group, g.id, g.prev_group, c.ord + 1 from state_groups g join chain c on g.id = c.prev_group
    )
    select c.start_group, c.ord, e.type, e.state_key, e.event_id
    from chain c join state_group_entries e on e.state_group = c.state_group
    ${filter === undefined ? sql`` : sql`where ${filter}`}
  `.execute(db);
  const nearest = new Map<number, Map<string, { ord: number; entry: StateEntry }>>();
  for (const row of rows) {
    const start = Number(row.start_group);
    const ord = Number(row.ord);
    let byKey = nearest.get(start);
    if (!byKey) nearest.set(start, (byKey = new Map<string, { ord: number; entry: StateEntry }>()));
    const key = JSON.stringify([row.type, row.state_key]);
    const seen = byKey.get(key);
    if (seen === undefined || ord < seen.ord) byKey.set(key, { ord, entry: { type: row.type, stateKey: row.state_key, eventId: row.event_id } });
  }
  for (const group of unique) out.set(group, [...(nearest.get(group)?.values() ?? [])].map((item) => item.entry));
  return out;
}

/** (group, type, state_key) lookups kept; a group's state never changes once committed. */
const MAX_CACHED_STATE_KEYS = 100_000;

/**
 * Lookups of single state keys at state groups (history visibility asks for
 * the viewer's membership at every event it serves; all the messages between
 * two state changes share a group, so nearly every ask is a repeat). Only
 * reads outside transactions use it: a group written by a transaction that
 * rolls back may be numbered again.
 *
 * Kept per group, then per `type\0state_key`: one lookup's key string serves
 * every group it is asked at, instead of a string per (group, key) pair. The
 * oldest group is dropped whole when the entries exceed the bound.
 */
export class StateKeyCache {
  private readonly groups = new Map<number, Map<string, string | null>>();
  private size = 0;

  static key(type: string, stateKey: string): string {
    return `${type}\u0000${stateKey}`;
  }

  get(group: number, key: string): string | null | undefined {
    return this.groups.get(group)?.get(key);
  }

  set(group: number, key: string, eventId: string | null): void {
    let entries = this.groups.get(group);
    if (!entries) this.groups.set(group, (entries = new Map<string, string | null>()));
    if (!entries.has(key)) this.size++;
    entries.set(key, eventId);
    while (this.size > MAX_CACHED_STATE_KEYS) {
      const [oldest, dropped] = this.groups.entries().next().value!;
      this.groups.delete(oldest);
      this.size -= dropped.size;
    }
  }
}

async function cachedStateAtGroups(db: Kysely<Database>, cache: StateKeyCache, groups: readonly number[], keys: readonly Key[]): Promise<Map<number, StateEntry[]>> {
  const out = new Map<number, StateEntry[]>();
  const missing = new Set<number>();
  const cacheKeys = keys.map(([type, stateKey]) => StateKeyCache.key(type, stateKey));
  for (const group of groups) {
    const entries: StateEntry[] = [];
    for (const [index, [type, stateKey]] of keys.entries()) {
      const eventId = cache.get(group, cacheKeys[index]!);
      if (eventId === undefined) missing.add(group);
      else if (eventId !== null) entries.push({ type, stateKey, eventId });
    }
    if (!missing.has(group)) out.set(group, entries);
  }
  if (missing.size === 0) return out;
  const loaded = await stateAtGroups(db, [...missing], keys);
  for (const [group, entries] of loaded) {
    for (const [index, [type, stateKey]] of keys.entries()) {
      const found = entries.find((entry) => entry.type === type && entry.stateKey === stateKey);
      cache.set(group, cacheKeys[index]!, found?.eventId ?? null);
    }
    out.set(group, entries);
  }
  return out;
}

/** `cache`: only for the database itself, never a transaction (see StateKeyCache). */
export function roomStateQueries(db: Kysely<Database>, cache?: StateKeyCache): RoomStateStore {
  return {
    async currentState(roomId) {
      const rows = await db.selectFrom("room_current_state").select(["type", "state_key", "event_id"]).where("room_id", "=", roomId).execute();
      return rows.map((row) => ({ type: row.type, stateKey: row.state_key, eventId: row.event_id }));
    },

    async currentStateForKeys(roomId, keys) {
      if (keys.length === 0) return [];
      const rows = await db
        .selectFrom("room_current_state")
        .select(["type", "state_key", "event_id"])
        .where("room_id", "=", roomId)
        .where((eb) => eb.or(keys.map(([type, stateKey]) => eb.and([eb("type", "=", type), eb("state_key", "=", stateKey)]))))
        .execute();
      return rows.map((row) => ({ type: row.type, stateKey: row.state_key, eventId: row.event_id }));
    },

    async stateAtGroup(stateGroup) {
      return (await stateAtGroups(db, [stateGroup], undefined)).get(stateGroup) ?? [];
    },

    stateAtGroups(stateGroups) {
      return stateAtGroups(db, stateGroups, undefined);
    },

    stateAtGroupsForKeys(stateGroups, keys) {
      return cache && keys.length > 0 ? cachedStateAtGroups(db, cache, stateGroups, keys) : stateAtGroups(db, stateGroups, keys);
    },
  };
}
