import type { KeyValueStore } from "../persistence/key-value-store.js";

/** A logged-in device: enough to make authenticated calls after a reload. */
export interface Session {
  readonly homeserverUrl: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly accessToken: string;
}

const SESSION_KEY = "session";

export async function loadSession(store: KeyValueStore): Promise<Session | undefined> {
  const value = await store.get<Partial<Session>>(SESSION_KEY);
  if (value === undefined) return undefined;
  const { homeserverUrl, userId, deviceId, accessToken } = value;
  if (typeof homeserverUrl !== "string" || typeof userId !== "string" || typeof deviceId !== "string" || typeof accessToken !== "string") {
    return undefined;
  }
  return { homeserverUrl, userId, deviceId, accessToken };
}

export function saveSession(store: KeyValueStore, session: Session): Promise<void> {
  return store.set(SESSION_KEY, session);
}

export function clearSession(store: KeyValueStore): Promise<void> {
  return store.delete(SESSION_KEY);
}
