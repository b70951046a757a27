import { getPresence, setPresence } from "@myelin/client-server";
import type { RouteContext } from "../context.js";

// Spec: client-server "Presence" (presence.yaml).
export function presenceRoutes({ serve, services }: RouteContext): void {
  serve(setPresence, async ({ path, body }, { auth }) => {
    await services.presence.setByClient(auth.userId, path.userId, body.presence, body.status_msg);
    return {};
  });

  serve(getPresence, ({ path }, { auth }) => services.presence.getForClient(auth.userId, path.userId));
}
