import {
  ban,
  createRoom,
  deleteDevice,
  getDevices,
  getOneRoomEvent,
  getUserProfile,
  getRoomEvents,
  inviteUser,
  joinRoom,
  kick,
  leaveRoom,
  postReceipt,
  queryPublicRooms,
  redactEvent,
  setProfileField,
  setTyping,
  type MatrixClient,
  type SyncResponse,
} from "@myelin/client-server";
import type { KeyValueStore } from "./persistence/key-value-store.js";
import { applySync } from "./rooms/apply-sync.js";
import { addFetchedEvent, missingReplyTargets } from "./rooms/fetched-events.js";
import { addPendingEvent, discardPending, markPendingFailed, markPendingRetrying, markPendingSent } from "./rooms/local-echo.js";
import { applyBackwardsPage } from "./rooms/pagination.js";
import { markRoomRead } from "./rooms/read-state.js";
import { EMPTY_SYNC_STATE, type RoomModel, type SyncState } from "./rooms/types.js";
import { clientFor } from "./session/account.js";
import { clearSession, loadSession, saveSession, type Session } from "./session/session.js";
import { withUserInteractiveAuth } from "./session/user-interactive-auth.js";
import type { ConnectionState } from "./sync/connection.js";
import { startSyncEngine, type SyncEngine } from "./sync/sync-engine.js";
import { MediaCache } from "./media.js";

export interface AppState {
  readonly phase: "loading" | "signed-out" | "signed-in";
  readonly session: Session | undefined;
  readonly sync: SyncState;
  readonly connection: ConnectionState;
  /** A message for the sign-in screen, e.g. why the session ended. */
  readonly notice: string | undefined;
}

export interface StoreDependencies {
  readonly persistence: KeyValueStore;
  readonly isBrowserOnline?: () => boolean;
  readonly now?: () => number;
}

const SNAPSHOT_KEY = "sync-snapshot";
const SNAPSHOT_DELAY_MS = 1_000;

/**
 * The client-side store: owns the session, the sync loop and the room state,
 * and offers the actions the views call. Views read `getState()` and
 * re-render on `subscribe`; every change of room state goes through the pure
 * reducers in `rooms/`, which is where the tests are.
 */
export class MatrixStore {
  private state: AppState = { phase: "loading", session: undefined, sync: EMPTY_SYNC_STATE, connection: "reconnecting", notice: undefined };
  private readonly listeners = new Set<() => void>();
  private client: MatrixClient | undefined;
  private engine: SyncEngine | undefined;
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  private mediaCache: MediaCache | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: StoreDependencies) {
    this.now = deps.now ?? Date.now;
  }

  getState = (): AppState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get media(): MediaCache {
    if (this.mediaCache === undefined) throw new Error("not signed in");
    return this.mediaCache;
  }

  private get matrix(): MatrixClient {
    if (this.client === undefined) throw new Error("not signed in");
    return this.client;
  }

  private get userId(): string {
    return this.state.session?.userId ?? "";
  }

  private set(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private updateRoom(roomId: string, update: (room: RoomModel) => RoomModel): void {
    const room = this.state.sync.rooms[roomId];
    if (room === undefined) return;
    this.set({ sync: { ...this.state.sync, rooms: { ...this.state.sync.rooms, [roomId]: update(room) } } });
  }

  // --- session -------------------------------------------------------------

  /** After a reload: the saved session and sync snapshot, so sync resumes from the saved next_batch. */
  async restore(): Promise<void> {
    const session = await loadSession(this.deps.persistence);
    if (session === undefined) return this.set({ phase: "signed-out" });
    const snapshot = await this.deps.persistence.get<SyncState>(SNAPSHOT_KEY).catch(() => undefined);
    this.begin(session, snapshot?.nextBatch === undefined ? EMPTY_SYNC_STATE : snapshot);
  }

  async signIn(session: Session): Promise<void> {
    await saveSession(this.deps.persistence, session);
    await this.deps.persistence.delete(SNAPSHOT_KEY);
    this.begin(session, EMPTY_SYNC_STATE);
  }

  private begin(session: Session, sync: SyncState): void {
    this.client = clientFor(session);
    this.mediaCache = new MediaCache(this.client);
    this.set({ phase: "signed-in", session, sync, connection: "reconnecting", notice: undefined });
    this.engine = startSyncEngine({
      client: this.client,
      since: sync.nextBatch,
      onSync: (response) => this.receiveSync(response),
      onConnection: (connection) => {
        if (connection !== this.state.connection) this.set({ connection });
      },
      onSessionEnded: () => void this.endLocally("Your session has ended. Please sign in again."),
      onFatalError: (error) => this.set({ connection: "reconnecting", notice: errorMessage(error) }),
      ...(this.deps.isBrowserOnline === undefined ? {} : { isBrowserOnline: this.deps.isBrowserOnline }),
    });
  }

  /** The browser is back online: poll now rather than at the end of the backoff. */
  reconnectNow(): void {
    this.engine?.restart();
  }

  async logout(): Promise<void> {
    try {
      await this.matrix.logout();
    } finally {
      await this.endLocally(undefined);
    }
  }

  private async endLocally(notice: string | undefined): Promise<void> {
    this.engine?.stop();
    this.engine = undefined;
    this.mediaCache?.dispose();
    this.client = undefined;
    clearTimeout(this.snapshotTimer);
    await clearSession(this.deps.persistence);
    await this.deps.persistence.delete(SNAPSHOT_KEY);
    this.set({ phase: "signed-out", session: undefined, sync: EMPTY_SYNC_STATE, notice });
  }

  private receiveSync(response: SyncResponse): void {
    this.set({ sync: applySync(this.state.sync, response) });
    // Saved a little later, so a burst of syncs writes once.
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => void this.deps.persistence.set(SNAPSHOT_KEY, this.state.sync).catch(() => undefined), SNAPSHOT_DELAY_MS);
  }

  // --- timeline ------------------------------------------------------------

  private paginating = new Set<string>();

  /** Load older events (`/messages?dir=b`); one request per room at a time. */
  async paginateBack(roomId: string, limit = 30): Promise<void> {
    const room = this.state.sync.rooms[roomId];
    if (room === undefined || room.reachedStart || this.paginating.has(roomId)) return;
    this.paginating.add(roomId);
    try {
      const page = await this.matrix.call(getRoomEvents, {
        path: { roomId },
        query: { dir: "b", limit, ...(room.prevBatch === undefined ? {} : { from: room.prevBatch }), filter: JSON.stringify({ lazy_load_members: true }) },
      });
      this.updateRoom(roomId, (current) => applyBackwardsPage(current, page));
    } finally {
      this.paginating.delete(roomId);
    }
  }

  /** Event IDs asked for once already (found, gone or forbidden): never asked again. */
  private fetchedIds = new Set<string>();

  /**
   * Quoted messages of replies that are not in the loaded timeline ("Rich
   * replies"): fetch each with `GET /rooms/{roomId}/event/{eventId}` so the
   * quote can show. A failure (not found, not visible) leaves the generic quote.
   */
  async fetchMissingReplies(roomId: string): Promise<void> {
    const room = this.state.sync.rooms[roomId];
    if (room === undefined) return;
    const wanted = missingReplyTargets(room).filter((eventId) => !this.fetchedIds.has(`${roomId}|${eventId}`));
    await Promise.all(
      wanted.map(async (eventId) => {
        this.fetchedIds.add(`${roomId}|${eventId}`);
        try {
          const event = await this.matrix.call(getOneRoomEvent, { path: { roomId, eventId } });
          this.updateRoom(roomId, (current) => addFetchedEvent(current, event));
        } catch {
          // Not retried: the server said no (M_NOT_FOUND / M_FORBIDDEN) or is away; the quote stays generic.
        }
      }),
    );
  }

  /** Send with local echo: shown at once, then marked sent or failed (with retry). */
  async send(roomId: string, type: string, content: Record<string, unknown>): Promise<void> {
    const txnId = `m${this.now()}.${Math.random().toString(36).slice(2)}`;
    this.updateRoom(roomId, (room) => addPendingEvent(room, { txnId, type, content, createdTs: this.now() }));
    await this.transmit(roomId, txnId, type, content);
  }

  async retry(roomId: string, txnId: string): Promise<void> {
    const pending = this.state.sync.rooms[roomId]?.pending.find((p) => p.txnId === txnId);
    if (pending === undefined) return;
    this.updateRoom(roomId, (room) => markPendingRetrying(room, txnId));
    await this.transmit(roomId, txnId, pending.type, pending.content);
  }

  discard(roomId: string, txnId: string): void {
    this.updateRoom(roomId, (room) => discardPending(room, txnId));
  }

  private async transmit(roomId: string, txnId: string, type: string, content: Record<string, unknown>): Promise<void> {
    try {
      const eventId = await this.matrix.sendEvent(roomId, type, { ...content }, { txnId });
      this.updateRoom(roomId, (room) => markPendingSent(room, txnId, eventId));
    } catch (error) {
      this.updateRoom(roomId, (room) => markPendingFailed(room, txnId, errorMessage(error)));
    }
  }

  async redact(roomId: string, eventId: string, reason?: string): Promise<void> {
    const txnId = `r${this.now()}.${Math.random().toString(36).slice(2)}`;
    await this.matrix.call(redactEvent, { path: { roomId, eventId, txnId }, body: reason === undefined ? {} : { reason } });
  }

  /** Toggle our reaction: send an m.annotation, or redact the one we sent. */
  async toggleReaction(roomId: string, eventId: string, key: string, ownReactionId: string | undefined): Promise<void> {
    if (ownReactionId !== undefined) return this.redact(roomId, ownReactionId);
    await this.send(roomId, "m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } });
  }

  async markRead(roomId: string, eventId: string): Promise<void> {
    const room = this.state.sync.rooms[roomId];
    if (room === undefined || room.receipts[this.userId]?.eventId === eventId) return;
    this.updateRoom(roomId, (current) => markRoomRead(current, this.userId, eventId, this.now()));
    await this.matrix.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId }, body: {} });
  }

  async setTyping(roomId: string, typing: boolean): Promise<void> {
    await this.matrix.call(setTyping, { path: { roomId, userId: this.userId }, body: typing ? { typing, timeout: 15_000 } : { typing } });
  }

  async uploadAndSend(roomId: string, file: File): Promise<void> {
    const url = await this.media.upload(file, file.name);
    const msgtype = file.type.startsWith("image/") ? "m.image" : "m.file";
    await this.send(roomId, "m.room.message", { msgtype, body: file.name, filename: file.name, url, info: { mimetype: file.type, size: file.size } });
  }

  // --- rooms ---------------------------------------------------------------

  async createRoom(options: { name: string; topic: string; isPublic: boolean; alias: string }): Promise<string> {
    const { room_id } = await this.matrix.call(createRoom, {
      body: {
        preset: options.isPublic ? "public_chat" : "private_chat",
        visibility: options.isPublic ? "public" : "private",
        ...(options.name === "" ? {} : { name: options.name }),
        ...(options.topic === "" ? {} : { topic: options.topic }),
        ...(options.alias === "" ? {} : { room_alias_name: options.alias }),
      },
    });
    return room_id;
  }

  /** Join by room ID or alias (`#room:server`); returns the room ID. */
  async join(roomIdOrAlias: string): Promise<string> {
    const { room_id } = await this.matrix.call(joinRoom, { path: { roomIdOrAlias: roomIdOrAlias.trim() }, body: {} });
    return room_id;
  }

  async leave(roomId: string): Promise<void> {
    await this.matrix.call(leaveRoom, { path: { roomId }, body: {} });
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.matrix.call(inviteUser, { path: { roomId }, body: { user_id: userId.trim() } });
  }

  async kick(roomId: string, userId: string, reason?: string): Promise<void> {
    await this.matrix.call(kick, { path: { roomId }, body: { user_id: userId, ...(reason ? { reason } : {}) } });
  }

  async ban(roomId: string, userId: string, reason?: string): Promise<void> {
    await this.matrix.call(ban, { path: { roomId }, body: { user_id: userId, ...(reason ? { reason } : {}) } });
  }

  async setRoomState(roomId: string, type: string, content: Record<string, unknown>): Promise<void> {
    await this.matrix.sendStateEvent(roomId, type, content);
  }

  async searchDirectory(term: string, since?: string) {
    return this.matrix.call(queryPublicRooms, { query: {}, body: { limit: 20, ...(term === "" ? {} : { filter: { generic_search_term: term } }), ...(since ? { since } : {}) } });
  }

  // --- profile and devices -------------------------------------------------

  async setDisplayName(name: string): Promise<void> {
    await this.matrix.call(setProfileField, { path: { userId: this.userId, keyName: "displayname" }, body: { displayname: name } });
  }

  /** Our own profile (display name, avatar) as the server has it. */
  async ownProfile(): Promise<{ displayname?: string; avatar_url?: string }> {
    const profile = (await this.matrix.call(getUserProfile, { path: { userId: this.userId } })) as Record<string, unknown>;
    return {
      ...(typeof profile.displayname === "string" ? { displayname: profile.displayname } : {}),
      ...(typeof profile.avatar_url === "string" ? { avatar_url: profile.avatar_url } : {}),
    };
  }

  async setAvatar(file: File): Promise<void> {
    const url = await this.media.upload(file, file.name);
    await this.matrix.call(setProfileField, { path: { userId: this.userId, keyName: "avatar_url" }, body: { avatar_url: url } });
  }

  async devices() {
    return (await this.matrix.call(getDevices)).devices ?? [];
  }

  /** Deleting a device needs user-interactive auth; the password is the one stage offered here. */
  async deleteDevice(deviceId: string, password: string): Promise<void> {
    await withUserInteractiveAuth(
      (auth) => this.matrix.call(deleteDevice, { path: { deviceId }, body: auth === undefined ? {} : { auth } }),
      new Set(["m.login.password"]),
      () => ({ identifier: { type: "m.id.user", user: this.userId }, password }),
    );
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
