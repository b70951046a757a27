import { getRelatingEvents, getRelatingEventsWithRelType, getRelatingEventsWithRelTypeAndEventType, getThreadRoots } from "@myelin/client-server";
import type { RouteContext } from "../context.js";

// Spec: client-server "Relationships API" (relations.yaml) and "Querying threads in a room" (threads_list.yaml).
export function relationRoutes({ serve, services }: RouteContext): void {
  const relations = services.push.relations;

  serve(getRelatingEvents, ({ path, query }, { auth }) => relations.relations(auth, path.roomId, path.eventId, query));

  serve(getRelatingEventsWithRelType, ({ path, query }, { auth }) => relations.relations(auth, path.roomId, path.eventId, { ...query, relType: path.relType }));

  serve(getRelatingEventsWithRelTypeAndEventType, ({ path, query }, { auth }) =>
    relations.relations(auth, path.roomId, path.eventId, { ...query, relType: path.relType, eventType: path.eventType }),
  );

  serve(getThreadRoots, ({ path, query }, { auth }) => relations.threads(auth, path.roomId, query));
}
