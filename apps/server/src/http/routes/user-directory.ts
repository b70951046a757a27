import { searchUserDirectory } from "@myelin/client-server";
import type { RouteContext } from "../context.js";

// Spec: client-server "User Directory" (users.yaml).
export function userDirectoryRoutes({ serve, services }: RouteContext): void {
  serve(searchUserDirectory, ({ body }, { auth }) => services.userDirectory.search(auth.userId, body.search_term, body.limit));
}
