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
import type { EventToPersist, NewPushAction, PersistedEvent, Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import type { Notifier } from "../notifier.js";
import { authRejection, buildErrorToMatrixError } from "./event-errors.js";
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

/**
 * The send pipeline: build a new event on the room's forward extremities
 * with auth events from its current state, sign it with the server key,
 * run the authorization rules, persist it (one transaction), then notify
 * waiting syncs. Sends into one room are serialised so prev_events and depth
 * stay consistent.
 */
export class EventSender {
  private readonly queue = new KeyedSerialQueue();
  /** Push-rule evaluation (relations and push slice), set once when the services are wired (services.ts). */
  private pushActions: PushActionSource | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly cache: RoomEventCache,
    private readonly notifier: Notifier,
    private readonly signer: SignerSource,
    private readonly clock: Clock,
  ) {}

  /** Evaluate push rules for every sent event and store its notifications with it. */
  usePushActions(source: PushActionSource): void {
    this.pushActions = source;
  }

  send(request: EventRequest): Promise<SentEvent> {
    return this.queue.run(request.roomId, () => this.sendNow(request));
  }

  private async sendNow(request: EventRequest): Promise<SentEvent> {
    const { roomId, transaction } = request;
    if (transaction) {
      const existing = await this.storage.events.findByTransaction(roomId, request.sender, transaction.deviceId, transaction.txnId);
      if (existing !== undefined) {
        const stored = await this.storage.events.getEvent(existing);
        return { eventId: existing, streamOrdering: stored?.streamOrdering ?? 0, created: false };
      }
    }
    const roomVersion = await this.cache.roomVersion(roomId);
    if (!roomVersion) throw MatrixError.notFound("Unknown room");
    // Checked before building: in room 12 a create event cannot even carry a room ID.
    if (request.type === "m.room.create") throw MatrixError.forbidden("Event not allowed by the authorization rules: m.room.create can only be a room's first event");

    const selectionInput = { type: request.type, sender: request.sender, stateKey: request.stateKey, content: request.content };
    const keys: [string, string][] = [["m.room.create", ""], ...authTypesFor(selectionInput, roomVersion)];
    const entries = await this.storage.roomState.currentStateForKeys(roomId, keys);
    const authState = authStateFromEvents((await this.cache.load(entries.map((entry) => entry.eventId))).values());
    const prevEvents = [...(await this.cache.load(await this.storage.events.forwardExtremities(roomId))).values()];

    const built = await this.build(roomVersion, roomId, request, authState, prevEvents);
    const verdict = authorize(built.roomEvent, authState, roomVersion);
    if (!verdict.allowed) throw authRejection(verdict);
    await request.check?.(built.roomEvent, authState, roomVersion);

    const toStore = toPersist(built, transaction ? { transaction } : {});
    const pushActions = this.pushActions;
    const persisted = pushActions
      ? // Notifications commit with the event: its count is in the same /sync as the event ("Push Notifications", Server behaviour).
        await this.persistWithPush(toStore, await pushActions.actionsFor(built.roomEvent, roomVersion, authState))
      : await this.storage.events.persistEvent(toStore);
    this.cache.remember(built.roomEvent);
    this.notifier.notify(notifyKeys(built.roomEvent), persisted.streamOrdering);
    return { eventId: built.eventId, streamOrdering: persisted.streamOrdering, created: true };
  }

  private persistWithPush(event: EventToPersist, actions: NewPushAction[]): Promise<PersistedEvent> {
    return this.storage.transaction(async (stores) => {
      const persisted = await stores.events.persistEvent(event);
      await stores.push.recordEventPush({ roomId: event.roomId, sender: event.sender, streamOrdering: persisted.streamOrdering }, actions);
      return persisted;
    });
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

    const last = await this.queue.run(roomId, () =>
      this.storage.transaction(async (stores) => {
        let position = 0;
        for (const [index, event] of built.entries()) {
          const extra = index === 0 ? { newRoom: { roomVersion: roomVersion.id, creator, createdTs: event.roomEvent.originServerTs } } : {};
          position = (await stores.events.persistEvent(toPersist(event, extra))).streamOrdering;
        }
        return position;
      }),
    );
    this.cache.rememberRoom(roomId, roomVersion);
    for (const event of built) this.cache.remember(event.roomEvent);
    this.notifier.notify([...new Set(built.flatMap((event) => notifyKeys(event.roomEvent)))], last);
    return { roomId, eventIds: built.map((event) => event.eventId) };
  }
}
