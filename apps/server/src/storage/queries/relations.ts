import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import type { Database, EventsTable } from "../schema.js";
import type { RelationChildrenQuery, RelationStore, ThreadSummaryRow } from "../storage.js";
import { toStoredEvent } from "./events.js";

/** Parent IDs per query: far below both engines' bound-parameter limits. */
const IDS_PER_QUERY = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += IDS_PER_QUERY) out.push(items.slice(start, start + IDS_PER_QUERY));
  return out;
}

/** `and e.sender not in (...)`, or nothing. */
function sendersNotIn(senders: readonly string[]): RawBuilder<unknown> {
  return senders.length === 0 ? sql`` : sql`and e.sender not in (${sql.join(senders)})`;
}

/** The filters every hop must pass ("Relationships API": intermediate events are filtered too). */
function hopFilter(query: RelationChildrenQuery): RawBuilder<unknown> {
  return sql`r.room_id = ${query.roomId} and e.redacted_by is null and e.rejected = 0
    ${query.relType === undefined ? sql`` : sql`and r.rel_type = ${query.relType}`}
    ${query.eventType === undefined ? sql`` : sql`and e.type = ${query.eventType}`}`;
}

function positionFilter(query: RelationChildrenQuery): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  const after = (p: { depth: number; streamOrdering: number }) => sql`(e.depth > ${p.depth} or (e.depth = ${p.depth} and e.stream_ordering > ${p.streamOrdering}))`;
  const atOrBefore = (p: { depth: number; streamOrdering: number }) => sql`(e.depth < ${p.depth} or (e.depth = ${p.depth} and e.stream_ordering <= ${p.streamOrdering}))`;
  if (query.direction === "backwards") {
    if (query.from) conditions.push(atOrBefore(query.from));
    if (query.to) conditions.push(after(query.to));
  } else {
    if (query.from) conditions.push(after(query.from));
    if (query.to) conditions.push(atOrBefore(query.to));
  }
  return conditions.length === 0 ? sql`` : sql`where ${sql.join(conditions, sql` and `)}`;
}

export function relationQueries(db: Kysely<Database>): RelationStore {
  return {
    async children(query) {
      if (query.limit <= 0) return [];
      const order = query.direction === "backwards" ? sql`desc` : sql`asc`;
      // Each event relates to at most one parent (event_relations is keyed by
      // event), so the walk is a tree; the hop bound keeps it finite anyway.
      const { rows } = await sql<Selectable<EventsTable>>`
        with recursive related(event_id, hops) as (
          select r.event_id, 1 from event_relations r join events e on e.event_id = r.event_id
          where r.relates_to_id = ${query.parentId} and ${hopFilter(query)}
          union all
          select r.event_id, related.hops + 1 from related
            join event_relations r on r.relates_to_id = related.event_id
            join events e on e.event_id = r.event_id
          where related.hops < ${query.maxHops} and ${hopFilter(query)}
        )
        select e.* from events e join related on related.event_id = e.event_id
        ${positionFilter(query)}
        order by e.depth ${order}, e.stream_ordering ${order}
        limit ${query.limit}
      `.execute(db);
      return rows.map(toStoredEvent);
    },

    async hasAnnotation({ parentId, sender, type, key }) {
      const row = await db
        .selectFrom("event_relations as r")
        .innerJoin("events as e", "e.event_id", "r.event_id")
        .select("r.event_id")
        .where("r.relates_to_id", "=", parentId)
        .where("r.rel_type", "=", "m.annotation")
        .where("r.aggregation_key", "=", key)
        .where("e.sender", "=", sender)
        .where("e.type", "=", type)
        .where("e.redacted_by", "is", null)
        .where("e.rejected", "=", 0)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async relationTypesPresent(parentIds, relTypes) {
      const out = [];
      if (relTypes.length === 0) return [];
      for (const ids of chunks(parentIds)) {
        const rows = await db
          .selectFrom("event_relations")
          .select(["relates_to_id", "rel_type"])
          .distinct()
          .where("relates_to_id", "in", ids)
          .where("rel_type", "in", relTypes)
          .execute();
        out.push(...rows.map((row) => ({ parentId: row.relates_to_id, relType: row.rel_type })));
      }
      return out;
    },

    async replacementCandidates(parentIds) {
      const out = [];
      for (const ids of chunks(parentIds)) {
        const rows = await db
          .selectFrom("event_relations as r")
          .innerJoin("events as e", "e.event_id", "r.event_id")
          .innerJoin("events as p", "p.event_id", "r.relates_to_id")
          .selectAll("e")
          .where("r.relates_to_id", "in", ids)
          .where("r.rel_type", "=", "m.replace")
          .whereRef("e.sender", "=", "p.sender")
          .whereRef("e.type", "=", "p.type")
          .whereRef("e.room_id", "=", "p.room_id")
          .where("e.redacted_by", "is", null)
          .where("e.rejected", "=", 0)
          .execute();
        out.push(...rows.map(toStoredEvent));
      }
      return out;
    },

    async threadSummaries(parentIds, viewerId, excludeSenders) {
      const out: ThreadSummaryRow[] = [];
      for (const ids of chunks(parentIds)) {
        const { rows } = await sql<{ root_id: string; count: number | string; participated: number | string; event_id: string; rank_in_thread: number | string }>`
          select root_id, count, participated, event_id from (
            select r.relates_to_id as root_id, e.event_id,
              count(*) over (partition by r.relates_to_id) as count,
              max(case when e.sender = ${viewerId} then 1 else 0 end) over (partition by r.relates_to_id) as participated,
              row_number() over (partition by r.relates_to_id order by e.depth desc, e.stream_ordering desc) as rank_in_thread
            from event_relations r join events e on e.event_id = r.event_id
            where r.relates_to_id in (${sql.join(ids)}) and r.rel_type = 'm.thread'
              and e.redacted_by is null and e.rejected = 0 ${sendersNotIn(excludeSenders)}
          ) ranked where rank_in_thread = 1
        `.execute(db);
        for (const row of rows) {
          out.push({ rootId: row.root_id, count: Number(row.count), viewerParticipated: Number(row.participated) === 1, latestEventId: row.event_id });
        }
      }
      return out;
    },

    async references(parentIds, excludeSenders) {
      const out = new Map<string, string[]>();
      for (const ids of chunks(parentIds)) {
        const { rows } = await sql<{ relates_to_id: string; event_id: string }>`
          select r.relates_to_id, r.event_id from event_relations r join events e on e.event_id = r.event_id
          where r.relates_to_id in (${sql.join(ids)}) and r.rel_type = 'm.reference'
            and e.redacted_by is null and e.rejected = 0 ${sendersNotIn(excludeSenders)}
          order by e.stream_ordering
        `.execute(db);
        for (const row of rows) {
          const list = out.get(row.relates_to_id) ?? [];
          list.push(row.event_id);
          out.set(row.relates_to_id, list);
        }
      }
      return out;
    },

    async threadRoots({ roomId, participant, beforeStreamOrdering, limit }) {
      if (limit <= 0) return [];
      const participated =
        participant === undefined ? sql`` : sql`having (max(case when e.sender = ${participant} then 1 else 0 end) = 1 or root.sender = ${participant})`;
      const { rows } = await sql<{ root_id: string; latest: number | string }>`
        select r.relates_to_id as root_id, max(e.stream_ordering) as latest
        from event_relations r
          join events e on e.event_id = r.event_id
          join events root on root.event_id = r.relates_to_id
        where r.room_id = ${roomId} and r.rel_type = 'm.thread' and root.room_id = ${roomId}
          and e.redacted_by is null and e.rejected = 0 and root.rejected = 0
        group by r.relates_to_id, root.sender
        ${participated}
        ${beforeStreamOrdering === undefined ? sql`` : sql`${participant === undefined ? sql`having` : sql`and`} max(e.stream_ordering) < ${beforeStreamOrdering}`}
        order by latest desc
        limit ${limit}
      `.execute(db);
      return rows.map((row) => ({ rootId: row.root_id, latestStreamOrdering: Number(row.latest) }));
    },
  };
}
