import {
  authorize,
  authStateFromEvents,
  authTypesFor,
  buildCreateEvent,
  buildEvent,
  selectAuthEvents,
  stateKeyOf,
  type AuthState,
  type BuiltEvent,
  type JsonObject,
  type RoomEvent,
  type RoomVersion,
} from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { EventToPersist, Storage, Stores } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import type { Notifier } from "../notifier.js";
import { authRejection, buildErrorToMatrixError } from "./event-errors.js";
import { GroupCommitQueue } from "./group-commit-queue.js";
import { KeyedSerialQueue } from "./keyed-queue.js";
import type { RoomEventCache } from "./room-event-cache.js";
import type { SignerSource } from "./server-signer.js";
import type { PushActionSource } from "../push/push-evaluator.js";

/** What a local user asks to send; the pipeline fills in the rest. */
export interface EventRequest {
  roomId: string;
  type: string;
  stateKey?: string | undefined;
  sender: string;
  content: JsonObject;
  /** `m.room.redaction`: the event to redact. */
  redacts?: string | undefined;
  /** The client transaction (device + txnId): a retry returns the event already sent. */
  transaction?: { txnId: string; deviceId: string } | undefined;
  /**
   * Checks beyond the authorization rules, made against the state the event
   * is built on, inside the room's queue (e.g. who may redact what). Throw a
   * MatrixError to refuse.
   */
  check?: ((event: RoomEvent, state: AuthState, roomVersion: RoomVersion) => Promise<void> | void) | undefined;
}

export interface SentEvent {
  eventId: string;
  streamOrdering: number;
  /** False when the transaction had already sent this event. */
  created: boolean;
}

/** The events of a new room after its create event, drafted once the room ID is known. */
export type InitialEvents = (roomId: string) => Omit<EventRequest, "roomId" | "transaction" | "check">[];

export interface RoomCreation {
  roomVersion: RoomVersion;
  creator: string;
  createContent: JsonObject;
  additionalCreators?: readonly string[];
  initialEvents: InitialEvents;
  /**
   * More writes in the room's transaction (its alias, its directory
   * listing): throwing there stores no room at all, and createRoom rejects
   * with that error.
   */
  persistWith?: (stores: Stores, roomId: string) => Promise<void>;
}

function relationOf(event: RoomEvent): EventToPersist["relation"] {
  const relatesTo = event.content["m.relates_to"];
  if (typeof relatesTo !== "object" || relatesTo === null || Array.isArray(relatesTo)) return undefined;
  const { rel_type: relType, event_id: relatesToId, key } = relatesTo as Record<string, unknown>;
  if (typeof relType !== "string" || typeof relatesToId !== "string") return undefined;
  return { relatesToId, relType, aggregationKey: relType === "m.annotation" && typeof key === "string" ? key : null };
}

function toPersist(built: BuiltEvent, extra: Partial<EventToPersist> = {}): EventToPersist {
  const event = built.roomEvent;
  const relation = relationOf(event);
  return {
    eventId: built.eventId,
    roomId: event.roomId,
    type: event.type,
    stateKey: event.stateKey,
    sender: event.sender,
    depth: event.depth,
    originServerTs: event.originServerTs,
    pdu: built.pdu,
    prevEventIds: event.prevEventIds,
    ...(relation && { relation }),
    // A local redaction reaches here only once the server agreed to apply it (see EventRequest.check).
    ...(event.type === "m.room.redaction" && event.redacts !== undefined && { appliesRedactionTo: event.redacts }),
    ...extra,
  };
}

/** Who is told about a new event: the room, and for member events the target too (an invitee is not in the room yet). */
function notifyKeys(event: RoomEvent): string[] {
  return event.type === "m.room.member" && event.stateKey !== undefined ? [event.roomId, event.stateKey] : [event.roomId];
}

/** A room as the send pipeline sees it, including events built but not committed yet. */
interface RoomHead {
  /** The forward extremities: the next event's prev_events. */
  extremities: RoomEvent[];
  /** Current state: stateKeyOf(type, state_key) → event ID. */
  state: Map<string, string>;
  /** Joined members → their member event (for push rules). */
  joined: Map<string, RoomEvent>;
}

/** Heads kept for rooms with no write in flight; beyond this, idle rooms are reloaded from storage when next written. */
const MAX_IDLE_ROOM_HEADS = 1_000;

function transactionKey(roomId: string, sender: string, transaction: { txnId: string; deviceId: string }): string {
  return JSON.stringify([roomId, sender, transaction.deviceId, transaction.txnId]);
}

/**
 * The send pipeline: build a new event on the room's forward extremities
 * with auth events from its current state, sign it with the server key,
 * run the authorization rules, then hand it to the group-commit queue and
 * answer once its batch committed, notifying waiting syncs.
 *
 * Building is serialised per room (prev_events and depth stay consistent)
 * but does not wait for the previous event's commit: the room's head —
 * extremities, current state, joined members — is kept in memory and moves
 * on as soon as an event is built, so many events of one room (and of all
 * rooms) share one commit. Nothing is acknowledged before its commit; if a
 * commit fails, the room's head is dropped and reloaded from storage, and
 * events built on the failed one are refused too (GroupCommitQueue).
 */
export class EventSender {
  private readonly queue = new KeyedSerialQueue();
  private readonly commits: GroupCommitQueue;
  /** Push-rule evaluation (relations and push slice), set once when the services are wired (services.ts). */
  private pushActions: PushActionSource | undefined;
  private readonly heads = new Map<string, RoomHead>();
  /** Bumped when a room's write fails: events built before then are stale. */
  private readonly epochs = new Map<string, number>();
  /** Writes queued or committing, per room: a head is only evicted when idle. */
  private readonly inFlight = new Map<string, number>();
  /** Built, not yet committed: storage cannot return them yet. */
  private readonly pendingEvents = new Map<string, RoomEvent>();
  /** Sends with a transaction ID not yet committed: a retry waits for the same event. */
  private readonly pendingTransactions = new Map<string, Promise<SentEvent>>();

  constructor(
    private readonly storage: Storage,
    private readonly cache: RoomEventCache,
    private readonly notifier: Notifier,
    private readonly signer: SignerSource,
    private readonly clock: Clock,
  ) {
    this.commits = new GroupCommitQueue(storage, (roomId) => this.forgetRoom(roomId));
  }

  /** Evaluate push rules for every sent event and store its notifications with it. */
  usePushActions(source: PushActionSource): void {
    this.pushActions = source;
  }

  async send(request: EventRequest): Promise<SentEvent> {
    // The room's queue is held while building only; the commit is awaited outside it.
    const { done } = await this.queue.run(request.roomId, () => this.buildAndQueue(request));
    return done;
  }

  private epochOf(roomId: string): number {
    return this.epochs.get(roomId) ?? 0;
  }

  private forgetRoom(roomId: string): void {
    this.epochs.set(roomId, this.epochOf(roomId) + 1);
    this.heads.delete(roomId);
  }

  /** Events by ID: the ones not committed yet from memory, the rest through the cache. */
  private async loadEvents(eventIds: readonly string[]): Promise<Map<string, RoomEvent>> {
    const out = new Map<string, RoomEvent>();
    const rest: string[] = [];
    for (const eventId of eventIds) {
      const pending = this.pendingEvents.get(eventId);
      if (pending) out.set(eventId, pending);
      else rest.push(eventId);
    }
    if (rest.length > 0) for (const [eventId, event] of await this.cache.load(rest)) out.set(eventId, event);
    return out;
  }

  private async headOf(roomId: string): Promise<RoomHead> {
    const known = this.heads.get(roomId);
    if (known) return known;
    // Only loaded when no write of the room is in flight (heads of busy rooms are never evicted), so storage is up to date.
    const epoch = this.epochOf(roomId);
    const [extremityIds, state, joined] = await Promise.all([
      this.storage.events.forwardExtremities(roomId),
      this.storage.roomState.currentState(roomId),
      this.storage.rooms.membersOfRoom(roomId, ["join"]),
    ]);
    const events = await this.loadEvents([...extremityIds, ...joined.map((member) => member.eventId)]);
    const head: RoomHead = {
      extremities: extremityIds.flatMap((eventId) => events.get(eventId) ?? []),
      state: new Map(state.map((entry) => [stateKeyOf(entry.type, entry.stateKey), entry.eventId])),
      joined: new Map(joined.flatMap((member) => (events.has(member.eventId) ? [[member.userId, events.get(member.eventId)!] as const] : []))),
    };
    if (this.epochOf(roomId) === epoch) this.setHead(roomId, head);
    return head;
  }

  private setHead(roomId: string, head: RoomHead): void {
    this.heads.delete(roomId);
    this.heads.set(roomId, head);
    if (this.heads.size <= MAX_IDLE_ROOM_HEADS) return;
    for (const candidate of this.heads.keys()) {
      if (this.heads.size <= MAX_IDLE_ROOM_HEADS) break;
      if (candidate !== roomId && !this.inFlight.has(candidate)) this.heads.delete(candidate);
    }
  }

  /** Move the head past a newly built event. */
  private advanceHead(head: RoomHead, event: RoomEvent): void {
    head.extremities = [event];
    if (event.stateKey === undefined) return;
    head.state.set(stateKeyOf(event.type, event.stateKey), event.eventId);
    if (event.type !== "m.room.member") return;
    if (event.content.membership === "join") head.joined.set(event.stateKey, event);
    else head.joined.delete(event.stateKey);
  }

  /**
   * Queue built events of one room for commit; resolves to the last one's
   * stream ordering once committed (then syncs are woken).
   */
  private queueCommit(roomId: string, events: readonly RoomEvent[], write: (stores: Stores) => Promise<number>, beforeNotify?: () => void): Promise<number> {
    const epoch = this.epochOf(roomId);
    for (const event of events) {
      this.pendingEvents.set(event.eventId, event);
      this.cache.remember(event);
    }
    this.inFlight.set(roomId, (this.inFlight.get(roomId) ?? 0) + 1);
    const committed = this.commits.submit({ roomId, write, stale: () => this.epochOf(roomId) !== epoch });
    const settle = () => {
      for (const event of events) this.pendingEvents.delete(event.eventId);
      const left = (this.inFlight.get(roomId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(roomId, left);
      else this.inFlight.delete(roomId);
    };
    return committed.then(
      (position) => {
        settle();
        beforeNotify?.();
        this.notifier.notify([...new Set(events.flatMap(notifyKeys))], position);
        return position;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
  }

  private async buildAndQueue(request: EventRequest): Promise<{ done: Promise<SentEvent> }> {
    const { roomId, transaction } = request;
    const txnKey = transaction ? transactionKey(roomId, request.sender, transaction) : undefined;
    if (transaction && txnKey !== undefined) {
      const inFlight = this.pendingTransactions.get(txnKey);
      if (inFlight) return { done: inFlight.then((sent) => ({ ...sent, created: false })) };
      const existing = await this.storage.events.findByTransaction(roomId, request.sender, transaction.deviceId, transaction.txnId);
      if (existing !== undefined) {
        const stored = await this.storage.events.getEvent(existing);
        return { done: Promise.resolve({ eventId: existing, streamOrdering: stored?.streamOrdering ?? 0, created: false }) };
      }
    }
    const roomVersion = await this.cache.roomVersion(roomId);
    if (!roomVersion) throw MatrixError.notFound("Unknown room");
    // Checked before building: in room 12 a create event cannot even carry a room ID.
    if (request.type === "m.room.create") throw MatrixError.forbidden("Event not allowed by the authorization rules: m.room.create can only be a room's first event");

    const head = await this.headOf(roomId);
    const selectionInput = { type: request.type, sender: request.sender, stateKey: request.stateKey, content: request.content };
    const keys: [string, string][] = [["m.room.create", ""], ...authTypesFor(selectionInput, roomVersion)];
    const authIds = keys.flatMap(([type, stateKey]) => head.state.get(stateKeyOf(type, stateKey)) ?? []);
    const authState = authStateFromEvents((await this.loadEvents(authIds)).values());

    const built = await this.build(roomVersion, roomId, request, authState, head.extremities);
    const verdict = authorize(built.roomEvent, authState, roomVersion);
    if (!verdict.allowed) throw authRejection(verdict);
    await request.check?.(built.roomEvent, authState, roomVersion);
    // Notifications commit with the event: its count is in the same /sync as the event ("Push Notifications", Server behaviour).
    const pushActions = this.pushActions;
    const notification = pushActions ? await pushActions.actionsFor(built.roomEvent, roomVersion, authState, head.joined) : undefined;

    const toStore = toPersist(built, transaction ? { transaction } : {});
    this.advanceHead(head, built.roomEvent);
    const position = this.queueCommit(
      roomId,
      [built.roomEvent],
      async (stores) => {
        const persisted = await stores.events.persistEvent(toStore);
        if (pushActions) await stores.push.recordEventPush({ roomId, sender: toStore.sender, streamOrdering: persisted.streamOrdering }, notification);
        return persisted.streamOrdering;
      },
      () => pushActions?.committed(built.roomEvent, notification),
    );
    const done = position.then((streamOrdering) => ({ eventId: built.eventId, streamOrdering, created: true }));
    if (txnKey !== undefined) {
      this.pendingTransactions.set(txnKey, done);
      const forget = () => {
        if (this.pendingTransactions.get(txnKey) === done) this.pendingTransactions.delete(txnKey);
      };
      done.then(forget, forget);
    }
    return { done };
  }

  private async build(
    roomVersion: RoomVersion,
    roomId: string,
    request: Omit<EventRequest, "roomId">,
    authState: AuthState,
    prevEvents: readonly RoomEvent[],
  ): Promise<BuiltEvent> {
    const draftInput = { type: request.type, sender: request.sender, stateKey: request.stateKey, content: request.content };
    try {
      return await buildEvent(
        {
          roomVersion,
          roomId,
          type: request.type,
          ...(request.stateKey !== undefined && { stateKey: request.stateKey }),
          sender: request.sender,
          content: request.content,
          prevEvents,
          authEvents: selectAuthEvents(draftInput, authState, roomVersion),
          originServerTs: this.clock(),
          ...(request.redacts !== undefined && { redacts: request.redacts }),
        },
        await this.signer(),
      );
    } catch (error) {
      return buildErrorToMatrixError(error);
    }
  }

  /**
   * Create a room: its create event, then `initialEvents` in order, each
   * built and authorised against the state the previous ones made. All are
   * persisted in one transaction, so a refused event leaves no room behind;
   * a refusal is 400 M_INVALID_ROOM_STATE (createRoom's error for state its
   * parameters imply but the rules refuse).
   */
  async createRoom(creation: RoomCreation): Promise<{ roomId: string; eventIds: string[] }> {
    const { roomVersion, creator } = creation;
    let create: BuiltEvent & { roomId: string };
    try {
      create = await buildCreateEvent(
        {
          roomVersion,
          sender: creator,
          originServerTs: this.clock(),
          content: creation.createContent,
          ...(creation.additionalCreators !== undefined && roomVersion.privilegedCreators && { additionalCreators: creation.additionalCreators }),
        },
        await this.signer(),
      );
    } catch (error) {
      return buildErrorToMatrixError(error);
    }
    const createVerdict = authorize(create.roomEvent, authStateFromEvents([]), roomVersion);
    if (!createVerdict.allowed) throw new MatrixError("M_INVALID_ROOM_STATE", authRejection(createVerdict).message);
    const roomId = create.roomId;

    const state = new Map<string, RoomEvent>([[stateKeyOf("m.room.create", ""), create.roomEvent]]);
    const authState: AuthState = { get: (type, stateKey) => state.get(stateKeyOf(type, stateKey)) };
    const built: BuiltEvent[] = [create];
    let previous = create.roomEvent;
    for (const draft of creation.initialEvents(roomId)) {
      const event = await this.build(roomVersion, roomId, draft, authState, [previous]);
      const verdict = authorize(event.roomEvent, authState, roomVersion);
      if (!verdict.allowed) {
        throw new MatrixError("M_INVALID_ROOM_STATE", `${event.roomEvent.type} ${JSON.stringify(event.roomEvent.stateKey ?? null)}: ${authRejection(verdict).message}`);
      }
      if (event.roomEvent.stateKey !== undefined) state.set(stateKeyOf(event.roomEvent.type, event.roomEvent.stateKey), event.roomEvent);
      built.push(event);
      previous = event.roomEvent;
    }

    const head: RoomHead = { extremities: [], state: new Map(), joined: new Map() };
    for (const event of built) this.advanceHead(head, event.roomEvent);
    const committed = await this.queue.run(roomId, () => {
      this.setHead(roomId, head);
      const position = this.queueCommit(
        roomId,
        built.map((event) => event.roomEvent),
        async (stores) => {
          let position = 0;
          for (const [index, event] of built.entries()) {
            const extra = index === 0 ? { newRoom: { roomVersion: roomVersion.id, creator, createdTs: event.roomEvent.originServerTs } } : {};
            position = (await stores.events.persistEvent(toPersist(event, extra))).streamOrdering;
          }
          await creation.persistWith?.(stores, roomId);
          return position;
        },
      );
      return Promise.resolve({ position });
    });
    await committed.position;
    this.cache.rememberRoom(roomId, roomVersion);
    return { roomId, eventIds: built.map((event) => event.eventId) };
  }
}
