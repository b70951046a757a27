import { latestReplacement, type JsonObject, type RelatedEvent } from "@myelin/core";
import type { Storage, StoredEvent } from "../../storage/storage.js";
import { ignoredUsersOf } from "./ignored-users.js";
import { relationOfContent } from "./relation-of.js";

// Spec: client-server "Aggregations of child events" (bundled in
// `unsigned.m.relations`; not for state events; children from ignored users
// and redacted children left out), "Server-side aggregation of m.replace
// relationships" (the most recent valid edit, formatted as a normal event;
// none when the original is redacted; the original's content left intact),
// "Server-side aggregation of m.thread relationships" (latest_event, count,
// current_user_participated) and "Server-side aggregation of m.reference"
// (a chunk of event IDs). `m.annotation` is not aggregated by servers.

const AGGREGATED_REL_TYPES = ["m.replace", "m.thread", "m.reference"] as const;

/** Serve child events (edits, latest thread events) in the client format, one nesting level down. */
export type ServeNested = (events: readonly StoredEvent[], nesting: number) => Promise<Record<string, unknown>[]>;

/** `m.relations` per parent event ID. */
export type BundledRelations = Map<string, Record<string, unknown>>;

function asRelated(event: StoredEvent): RelatedEvent {
  const content = (event.pdu.content ?? {}) as JsonObject;
  return {
    event_id: event.eventId,
    room_id: event.roomId,
    type: event.type,
    sender: event.sender,
    ...(event.stateKey !== null && { state_key: event.stateKey }),
    content,
    origin_server_ts: event.originServerTs,
  };
}

/**
 * Computes the bundled aggregations of a page of events with a fixed number
 * of queries whatever the page size: one index-only query to see which
 * relation types exist at all (usually none), then one query per type that
 * does, then one nested serve for the edits and latest thread events.
 * Nesting: the latest thread event gets its own edits bundled (the spec asks
 * for its aggregations); below that nothing is bundled, which also bounds
 * any loop.
 */
export class BundledAggregations {
  constructor(private readonly storage: Storage) {}

  async forEvents(events: readonly StoredEvent[], viewerId: string, nesting: number, serveNested: ServeNested): Promise<BundledRelations> {
    const out: BundledRelations = new Map();
    if (nesting >= 2) return out;
    // State events do not receive bundled aggregations.
    const parents = events.filter((event) => event.stateKey === null && !event.rejected);
    if (parents.length === 0) return out;
    const relTypes = nesting === 0 ? AGGREGATED_REL_TYPES : (["m.replace", "m.reference"] as const);
    const present = await this.storage.relations.relationTypesPresent(
      parents.map((event) => event.eventId),
      relTypes,
    );
    if (present.length === 0) return out;

    const withType = (relType: string) => new Set(present.filter((row) => row.relType === relType).map((row) => row.parentId));
    const ignored = await ignoredUsersOf(this.storage, viewerId);
    const byId = new Map(parents.map((event) => [event.eventId, event]));
    const relationsOf = (parentId: string) => {
      let relations = out.get(parentId);
      if (!relations) out.set(parentId, (relations = {}));
      return relations;
    };

    // m.replace: not bundled with a redacted original.
    const editable = [...withType("m.replace")].filter((id) => byId.get(id)?.redactedBy === null);
    const edits = new Map<string, StoredEvent>();
    if (editable.length > 0) {
      const byParent = new Map<string, (RelatedEvent & { stored: StoredEvent })[]>();
      for (const candidate of await this.storage.relations.replacementCandidates(editable)) {
        const parentId = relationOfContent(candidate.pdu.content)?.parentId;
        if (parentId === undefined) continue;
        byParent.set(parentId, [...(byParent.get(parentId) ?? []), { ...asRelated(candidate), stored: candidate }]);
      }
      for (const [parentId, candidates] of byParent) {
        const parent = byId.get(parentId);
        // core's checkReplacement decides validity (same sender and type, no state events, the original no edit, m.new_content present).
        const latest = parent && latestReplacement(asRelated(parent), candidates);
        if (latest) edits.set(parentId, latest.stored);
      }
    }

    const threads = [...withType("m.thread")];
    const summaries = threads.length === 0 ? [] : await this.storage.relations.threadSummaries(threads, viewerId, ignored);
    const latestThreadEvents = summaries.length === 0 ? [] : await this.storage.events.getEvents(summaries.map((summary) => summary.latestEventId));

    const referenced = [...withType("m.reference")];
    const references = referenced.length === 0 ? new Map<string, string[]>() : await this.storage.relations.references(referenced, ignored);

    const nested = [...edits.values(), ...latestThreadEvents];
    const served = new Map<string, Record<string, unknown>>();
    if (nested.length > 0) {
      const list = await serveNested(nested, nesting + 1);
      for (const event of list) served.set(event.event_id as string, event);
    }

    for (const [parentId, edit] of edits) {
      const event = served.get(edit.eventId);
      if (event) relationsOf(parentId)["m.replace"] = event;
    }
    for (const summary of summaries) {
      const latest = served.get(summary.latestEventId);
      if (!latest) continue;
      const root = byId.get(summary.rootId);
      relationsOf(summary.rootId)["m.thread"] = {
        latest_event: latest,
        count: summary.count,
        current_user_participated: summary.viewerParticipated || root?.sender === viewerId,
      };
    }
    for (const [parentId, ids] of references) relationsOf(parentId)["m.reference"] = { chunk: ids.map((eventId) => ({ event_id: eventId })) };
    return out;
  }
}
