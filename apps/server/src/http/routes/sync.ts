import { sync, type ResponseOf } from "@myelin/client-server";
import type { RouteContext } from "../context.js";

// Spec: client-server "Syncing" (sync.yaml). The request's abort signal ends
// a long-poll as soon as the client goes away.
export function syncRoutes({ serve, services }: RouteContext): void {
  serve(sync, async ({ query }, { auth, request }) => {
    const body = await services.sync.sync(
      auth,
      {
        filter: query.filter,
        since: query.since,
        fullState: query.full_state,
        setPresence: query.set_presence,
        timeout: query.timeout,
        useStateAfter: query.use_state_after,
      },
      request.signal,
    );
    // Served events are typed loosely once `event_fields` has projected
    // them; the binding checks the body against the schema outside production.
    return body as unknown as ResponseOf<typeof sync>;
  });
}
