import type { RoomEvent } from "@myelin/core";

// Spec: client-server "Forming relationships between events": `m.relates_to`
// in the (cleartext) content names the parent and the relation type;
// anything not shaped like that is no relation at all.

export interface EventRelation {
  relType: string;
  parentId: string;
}

export function relationOfContent(content: unknown): EventRelation | undefined {
  if (typeof content !== "object" || content === null) return undefined;
  const relatesTo = (content as Record<string, unknown>)["m.relates_to"];
  if (typeof relatesTo !== "object" || relatesTo === null || Array.isArray(relatesTo)) return undefined;
  const { rel_type: relType, event_id: parentId } = relatesTo as Record<string, unknown>;
  return typeof relType === "string" && typeof parentId === "string" ? { relType, parentId } : undefined;
}

/** Relations followed to find an event's thread: "Receiving notifications" recommends at most 3 hops. */
const MAX_THREAD_HOPS = 3;

/**
 * The thread an event belongs to for notification counts: the root's event
 * ID when a chain of at most 3 relations reaches an `m.thread` relation,
 * else "main" (the main timeline, thread roots included).
 */
export async function threadIdOf(event: RoomEvent, load: (eventIds: readonly string[]) => Promise<Map<string, RoomEvent>>): Promise<string> {
  let content: unknown = event.content;
  for (let hop = 0; hop < MAX_THREAD_HOPS; hop += 1) {
    const relation = relationOfContent(content);
    if (!relation) return "main";
    if (relation.relType === "m.thread") return relation.parentId;
    const parent = (await load([relation.parentId])).get(relation.parentId);
    if (!parent) return "main";
    content = parent.content;
  }
  return "main";
}
