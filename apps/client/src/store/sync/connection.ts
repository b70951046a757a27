import { isMatrixError } from "@myelin/client-server";

/** What the UI shows about the link to the homeserver. */
export type ConnectionState = "connected" | "reconnecting" | "offline";

/**
 * The state after a failed poll the loop will retry: "offline" when the
 * browser says it has no network (nothing to do but wait for it), otherwise
 * "reconnecting" (the server is down, restarting or overloaded).
 */
export function connectionStateAfterError(error: unknown, browserOnline: boolean): ConnectionState {
  if (!browserOnline && !isMatrixError(error)) return "offline";
  return "reconnecting";
}

/** Errors that end the session: the token is gone, so polling again cannot help. */
export function isSessionEndedError(error: unknown): boolean {
  return isMatrixError(error) && (error.errcode === "M_UNKNOWN_TOKEN" || error.errcode === "M_MISSING_TOKEN");
}
