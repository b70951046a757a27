import { isValidRoomId } from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { Storage } from "../storage/storage.js";
import type { SyncWakeups } from "./sync/wakeups.js";

// Spec: client-server "Client Config" (account_data), "Room Tagging" and
// "Fully read markers".

/**
 * Types the server manages: clients read them as usual but cannot set them
 * through the account-data endpoints ("Client Config", Server Behaviour:
 * 405 with M_BAD_JSON, for global and room account data alike).
 */
const SERVER_MANAGED_TYPES = new Set(["m.fully_read", "m.push_rules"]);

/** The tag name limit of "Room Tagging". */
const MAX_TAG_BYTES = 255;

export type TagContent = Record<string, unknown>;

function assertOwnData(requesterId: string, userId: string): void {
  if (requesterId !== userId) throw MatrixError.forbidden("You can only access your own account data");
}

/** Room account data needs a room ID; the spec's 400 M_INVALID_PARAM otherwise. */
function assertRoomId(roomId: string): void {
  if (!isValidRoomId(roomId)) throw MatrixError.invalidParam(`${String(roomId)} is not a valid room ID`);
}

export class AccountDataService {
  constructor(
    private readonly storage: Storage,
    private readonly wakeups: SyncWakeups,
  ) {}

  async setByClient(requesterId: string, userId: string, roomId: string | null, type: string, content: Record<string, unknown>): Promise<void> {
    assertOwnData(requesterId, userId);
    if (roomId !== null) assertRoomId(roomId);
    if (SERVER_MANAGED_TYPES.has(type)) {
      throw new MatrixError("M_BAD_JSON", `Cannot set ${type} through this API`, { httpStatus: 405 });
    }
    await this.set(userId, roomId, type, content);
  }

  async getForClient(requesterId: string, userId: string, roomId: string | null, type: string): Promise<Record<string, unknown>> {
    assertOwnData(requesterId, userId);
    if (roomId !== null) assertRoomId(roomId);
    const content = await this.storage.accountData.get(userId, roomId, type);
    if (content === undefined) throw MatrixError.notFound(`No ${type} account data`);
    return content;
  }

  /** Write account data (server-managed types included) and wake the user's syncs. */
  async set(userId: string, roomId: string | null, type: string, content: Record<string, unknown>): Promise<void> {
    await this.storage.accountData.put(userId, roomId, type, content);
    this.wakeups.wakeUser(userId);
  }

  async getTags(requesterId: string, userId: string, roomId: string): Promise<Record<string, TagContent>> {
    assertOwnData(requesterId, userId);
    assertRoomId(roomId);
    return this.readTags(userId, roomId);
  }

  /** Tags are the room's `m.tag` account data ("Room Tagging"); PUT adds or replaces one tag. */
  async setTag(requesterId: string, userId: string, roomId: string, tag: string, content: TagContent): Promise<void> {
    assertOwnData(requesterId, userId);
    assertRoomId(roomId);
    if (new TextEncoder().encode(tag).length > MAX_TAG_BYTES) throw MatrixError.invalidParam(`A tag name must be at most ${MAX_TAG_BYTES} bytes`);
    const tags = await this.readTags(userId, roomId);
    tags[tag] = content;
    await this.set(userId, roomId, "m.tag", { tags });
  }

  async deleteTag(requesterId: string, userId: string, roomId: string, tag: string): Promise<void> {
    assertOwnData(requesterId, userId);
    assertRoomId(roomId);
    const tags = await this.readTags(userId, roomId);
    if (!(tag in tags)) return;
    delete tags[tag];
    await this.set(userId, roomId, "m.tag", { tags });
  }

  private async readTags(userId: string, roomId: string): Promise<Record<string, TagContent>> {
    const content = await this.storage.accountData.get(userId, roomId, "m.tag");
    const tags = content?.tags;
    return typeof tags === "object" && tags !== null && !Array.isArray(tags) ? { ...(tags as Record<string, TagContent>) } : {};
  }
}
