import { MatrixError } from "@myelin/http";
import type { Storage, StoredEvent } from "../storage/storage.js";
import type { AccountDataService } from "./account-data.js";
import type { Clock } from "./clock.js";
import type { SyncWakeups } from "./sync/wakeups.js";

// Spec: client-server "Receipts" (POST /rooms/{roomId}/receipt/{receiptType}/{eventId},
// private and threaded read receipts) and "Fully read markers" (POST /rooms/{roomId}/read_markers).

export type ReceiptType = "m.read" | "m.read.private";

/** Relations followed to find an event's thread; "Threaded read receipts" recommends at most 3 hops. */
const MAX_THREAD_HOPS = 3;

function relationOf(event: StoredEvent): { relType: string; eventId: string } | undefined {
  const content = event.pdu.content;
  if (typeof content !== "object" || content === null) return undefined;
  const relatesTo = (content as Record<string, unknown>)["m.relates_to"];
  if (typeof relatesTo !== "object" || relatesTo === null) return undefined;
  const { rel_type: relType, event_id: eventId } = relatesTo as Record<string, unknown>;
  return typeof relType === "string" && typeof eventId === "string" ? { relType, eventId } : undefined;
}

export class ReceiptService {
  constructor(
    private readonly storage: Storage,
    private readonly accountData: AccountDataService,
    private readonly clock: Clock,
    private readonly wakeups: SyncWakeups,
    /** Told when a user's read receipt in a room moves (unread counts depend on it). */
    private readonly readPositionMoved: (userId: string, roomId: string) => void = () => undefined,
  ) {}

  /** POST /receipt: `m.fully_read` is a read marker, the others receipts. */
  async postReceipt(userId: string, roomId: string, receiptType: ReceiptType | "m.fully_read", eventId: string, threadId: string | undefined): Promise<void> {
    if (threadId !== undefined && receiptType === "m.fully_read") throw MatrixError.invalidParam("thread_id cannot be given for m.fully_read");
    await this.assertJoined(userId, roomId);
    const event = await this.eventInRoom(roomId, eventId);
    if (receiptType === "m.fully_read") {
      await this.accountData.set(userId, roomId, "m.fully_read", { event_id: eventId });
      return;
    }
    if (threadId !== undefined) await this.checkThread(event, threadId);
    await this.storeReceipt(userId, roomId, receiptType, eventId, threadId ?? null);
  }

  /** POST /read_markers: the fully read marker and, like /receipt, either read receipt. */
  async setReadMarkers(userId: string, roomId: string, markers: { fullyRead?: string; read?: string; readPrivate?: string }): Promise<void> {
    await this.assertJoined(userId, roomId);
    const named = [markers.fullyRead, markers.read, markers.readPrivate].filter((id): id is string => id !== undefined);
    for (const eventId of named) await this.eventInRoom(roomId, eventId);
    if (markers.fullyRead !== undefined) await this.accountData.set(userId, roomId, "m.fully_read", { event_id: markers.fullyRead });
    if (markers.read !== undefined) await this.storeReceipt(userId, roomId, "m.read", markers.read, null);
    if (markers.readPrivate !== undefined) await this.storeReceipt(userId, roomId, "m.read.private", markers.readPrivate, null);
  }

  private async storeReceipt(userId: string, roomId: string, receiptType: ReceiptType, eventId: string, threadId: string | null): Promise<void> {
    await this.storage.receipts.put({ roomId, userId, receiptType, threadId, eventId, ts: this.clock() });
    this.readPositionMoved(userId, roomId);
    // A private receipt is for its sender's eyes only ("Private read receipts").
    if (receiptType === "m.read.private") this.wakeups.wakeUser(userId);
    else this.wakeups.wakeRoom(roomId);
  }

  private async assertJoined(userId: string, roomId: string): Promise<void> {
    const membership = await this.storage.rooms.getMembership(roomId, userId);
    if (membership?.membership !== "join") throw MatrixError.forbidden("You are not joined to this room");
  }

  private async eventInRoom(roomId: string, eventId: string): Promise<StoredEvent> {
    const event = await this.storage.events.getEvent(eventId);
    if (!event || event.roomId !== roomId || event.rejected) throw MatrixError.notFound(`Event ${eventId} not found in this room`);
    return event;
  }

  /**
   * A threaded receipt must name the thread its event is in (400 otherwise):
   * `main` for events outside threads (thread roots included), else the
   * root's event ID ("Threaded read receipts").
   */
  private async checkThread(event: StoredEvent, threadId: string): Promise<void> {
    if (threadId === "") throw MatrixError.invalidParam("thread_id must be a non-empty string");
    if (threadId !== "main" && !threadId.startsWith("$")) throw MatrixError.invalidParam("thread_id must be 'main' or a thread root's event ID");
    const actual = await this.threadOf(event);
    if (actual !== threadId) throw MatrixError.invalidParam(`Event ${event.eventId} is not in thread ${threadId}`);
  }

  private async threadOf(event: StoredEvent): Promise<string> {
    let current: StoredEvent | undefined = event;
    for (let hop = 0; hop < MAX_THREAD_HOPS && current; hop += 1) {
      const relation = relationOf(current);
      if (!relation) return "main";
      if (relation.relType === "m.thread") return relation.eventId;
      current = await this.storage.events.getEvent(relation.eventId);
    }
    return "main";
  }
}
