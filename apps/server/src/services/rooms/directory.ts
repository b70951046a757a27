import { isValidRoomAlias, RoomPowerLevels, type RoomEvent } from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import type { RoomEventCache } from "../events/room-event-cache.js";
import type { Requester } from "../requester.js";
import type { MembershipService } from "./membership.js";
import type { RoomAccess } from "./room-access.js";
import { isLocalId } from "../user-ids.js";

// Spec: client-server "Room aliases", "Published room directory" and
// "Room summaries" (GET /room_summary, v1.15).

export type PublicRoomChunk = {
  room_id: string;
  num_joined_members: number;
  world_readable: boolean;
  guest_can_join: boolean;
  name?: string;
  topic?: string;
  canonical_alias?: string;
  avatar_url?: string;
  join_rule?: string;
  room_type?: string;
};

const DEFAULT_PUBLIC_ROOMS_LIMIT = 100;
/** Joinable without an invite: the rooms whose summary anyone may read. */
const OPEN_JOIN_RULES = new Set(["public", "knock", "knock_restricted"]);

export class DirectoryService {
  constructor(
    private readonly storage: Storage,
    private readonly cache: RoomEventCache,
    private readonly access: RoomAccess,
    private readonly membership: MembershipService,
    private readonly clock: Clock,
    private readonly serverName: string,
  ) {}

  private checkLocalAlias(alias: string): void {
    if (!isValidRoomAlias(alias)) throw MatrixError.invalidParam("Invalid room alias");
    if (!isLocalId(alias, this.serverName)) throw MatrixError.invalidParam(`Room aliases on this server end in :${this.serverName}`);
  }

  async setAlias(requester: Requester, alias: string, roomId: string): Promise<void> {
    this.checkLocalAlias(alias);
    await this.access.requireRoom(roomId);
    if (!(await this.storage.rooms.createAlias({ alias, roomId, creator: requester.userId, createdTs: this.clock() }))) {
      throw MatrixError.unknown("Room alias already exists", 409);
    }
  }

  async resolveAlias(alias: string): Promise<{ room_id: string; servers: string[] }> {
    if (!isValidRoomAlias(alias)) throw MatrixError.invalidParam("Invalid room alias");
    const found = await this.storage.rooms.getAlias(alias);
    if (!found) throw MatrixError.notFound("Room alias not found");
    return { room_id: found.roomId, servers: [this.serverName] };
  }

  /** The alias's creator, a server admin, or whoever may change the room's canonical alias may delete it. */
  async deleteAlias(requester: Requester, alias: string): Promise<void> {
    if (!isValidRoomAlias(alias)) throw MatrixError.invalidParam("Invalid room alias");
    const found = await this.storage.rooms.getAlias(alias);
    if (!found) throw MatrixError.notFound("Room alias not found");
    if (found.creator !== requester.userId && !requester.isAdmin && !(await this.canSendState(found.roomId, requester.userId, "m.room.canonical_alias"))) {
      throw MatrixError.forbidden("You may not delete this alias");
    }
    await this.storage.rooms.deleteAlias(alias);
  }

  async roomAliases(requester: Requester, roomId: string): Promise<string[]> {
    await this.access.readableState(roomId, requester.userId);
    return this.storage.rooms.aliasesOfRoom(roomId);
  }

  async getVisibility(roomId: string): Promise<"public" | "private"> {
    const room = await this.storage.rooms.getRoom(roomId);
    if (!room) throw MatrixError.notFound("Unknown room");
    return room.isPublic ? "public" : "private";
  }

  /** Publishing a room takes the power to change its canonical alias (a joined member with that level). */
  async setVisibility(requester: Requester, roomId: string, visibility: "public" | "private"): Promise<void> {
    await this.access.requireJoined(roomId, requester.userId);
    if (!requester.isAdmin && !(await this.canSendState(roomId, requester.userId, "m.room.canonical_alias"))) {
      throw MatrixError.forbidden("You may not change the room's directory visibility");
    }
    await this.storage.rooms.setPublic(roomId, visibility === "public");
  }

  private async currentEvents(roomId: string, keys: readonly (readonly [string, string])[]): Promise<Map<string, RoomEvent>> {
    const entries = await this.storage.roomState.currentStateForKeys(roomId, keys);
    const events = await this.cache.load(entries.map((entry) => entry.eventId));
    const out = new Map<string, RoomEvent>();
    for (const entry of entries) {
      const event = events.get(entry.eventId);
      if (event) out.set(entry.type, event);
    }
    return out;
  }

  private async canSendState(roomId: string, userId: string, type: string): Promise<boolean> {
    const version = await this.cache.roomVersion(roomId);
    if (!version) return false;
    const events = await this.currentEvents(roomId, [
      ["m.room.power_levels", ""],
      ["m.room.create", ""],
    ]);
    return RoomPowerLevels.fromEvents(events.get("m.room.power_levels"), events.get("m.room.create"), version).canSendEvent(userId, type, true);
  }

  /** The PublishedRoomsChunk of a room, from its current state. */
  async chunkOf(roomId: string, joinedMembers?: number): Promise<PublicRoomChunk> {
    const types = ["m.room.name", "m.room.topic", "m.room.canonical_alias", "m.room.avatar", "m.room.join_rules", "m.room.history_visibility", "m.room.guest_access", "m.room.create"];
    const state = await this.currentEvents(
      roomId,
      types.map((type) => [type, ""] as const),
    );
    const text = (type: string, key: string) => {
      const value = state.get(type)?.content[key];
      return typeof value === "string" && value !== "" ? value : undefined;
    };
    const joined = joinedMembers ?? (await this.storage.rooms.joinedMemberCounts([roomId])).get(roomId) ?? 0;
    const chunk: PublicRoomChunk = {
      room_id: roomId,
      num_joined_members: joined,
      world_readable: text("m.room.history_visibility", "history_visibility") === "world_readable",
      guest_can_join: text("m.room.guest_access", "guest_access") === "can_join",
    };
    const name = text("m.room.name", "name");
    const topic = text("m.room.topic", "topic");
    const alias = text("m.room.canonical_alias", "alias");
    const avatar = text("m.room.avatar", "url");
    const joinRule = text("m.room.join_rules", "join_rule");
    const roomType = text("m.room.create", "type");
    if (name !== undefined) chunk.name = name;
    if (topic !== undefined) chunk.topic = topic;
    if (alias !== undefined && isValidRoomAlias(alias)) chunk.canonical_alias = alias;
    if (avatar?.startsWith("mxc://")) chunk.avatar_url = avatar;
    if (joinRule !== undefined) chunk.join_rule = joinRule;
    if (roomType !== undefined) chunk.room_type = roomType;
    return chunk;
  }

  /**
   * The published rooms, most joined first. `since`/`next_batch` tokens are
   * offsets (`p<N>`). A search term matches name, topic, canonical alias or
   * room ID, case-insensitively; searching reads every published room's
   * summary, fine for one server's directory.
   */
  async publicRooms(query: { limit?: number | undefined; since?: string | undefined; searchTerm?: string | undefined; server?: string | undefined }) {
    if (query.server !== undefined && query.server !== this.serverName) throw MatrixError.notFound("Other servers' directories need federation, which this server does not do yet");
    const limit = query.limit === undefined || query.limit <= 0 ? DEFAULT_PUBLIC_ROOMS_LIMIT : Math.min(query.limit, 500);
    let offset = 0;
    if (query.since !== undefined) {
      const match = /^p(\d{1,9})$/.exec(query.since);
      if (!match) throw MatrixError.invalidParam("Invalid since token");
      offset = Number(match[1]);
    }
    const term = query.searchTerm?.trim().toLowerCase();
    let chunks: PublicRoomChunk[];
    let total: number;
    if (term) {
      const all = await this.storage.rooms.publicRooms({ offset: 0, limit: 100_000 });
      const counts = await this.storage.rooms.joinedMemberCounts(all.roomIds);
      const every = await Promise.all(all.roomIds.map((roomId) => this.chunkOf(roomId, counts.get(roomId))));
      const matching = every.filter((chunk) => [chunk.name, chunk.topic, chunk.canonical_alias, chunk.room_id].some((field) => field?.toLowerCase().includes(term)));
      total = matching.length;
      chunks = matching.slice(offset, offset + limit);
    } else {
      const page = await this.storage.rooms.publicRooms({ offset, limit });
      const counts = await this.storage.rooms.joinedMemberCounts(page.roomIds);
      total = page.total;
      chunks = await Promise.all(page.roomIds.map((roomId) => this.chunkOf(roomId, counts.get(roomId))));
    }
    return {
      chunk: chunks,
      total_room_count_estimate: total,
      ...(offset + chunks.length < total && { next_batch: `p${offset + chunks.length}` }),
      ...(offset > 0 && { prev_batch: `p${Math.max(0, offset - limit)}` }),
    };
  }

  /**
   * GET /room_summary: for rooms the user is in or invited to, or that are
   * joinable without an invite, world-readable or published; 404 otherwise
   * (the spec lets the server hide rooms it will not summarise).
   */
  async summary(requester: Requester, roomIdOrAlias: string) {
    const roomId = await this.membership.resolveRoom(roomIdOrAlias);
    const room = await this.storage.rooms.getRoom(roomId);
    if (!room) throw MatrixError.notFound("Room not found");
    const chunk = await this.chunkOf(roomId);
    const membership = (await this.storage.rooms.getMembership(roomId, requester.userId))?.membership;
    const allowed =
      membership === "join" || membership === "invite" || membership === "knock" || chunk.world_readable || room.isPublic || OPEN_JOIN_RULES.has(chunk.join_rule ?? "");
    if (!allowed) throw MatrixError.notFound("Room not found or not accessible");
    const extra = await this.currentEvents(roomId, [
      ["m.room.encryption", ""],
      ["m.room.join_rules", ""],
    ]);
    const algorithm = extra.get("m.room.encryption")?.content.algorithm;
    const allow = extra.get("m.room.join_rules")?.content.allow;
    const allowedRoomIds = Array.isArray(allow)
      ? allow.flatMap((rule) => (typeof rule === "object" && rule !== null && !Array.isArray(rule) && typeof rule.room_id === "string" ? [rule.room_id] : []))
      : [];
    return {
      ...chunk,
      room_version: room.roomVersion,
      ...(membership !== undefined && { membership: membership as "invite" | "join" | "knock" | "leave" | "ban" }),
      ...(algorithm === "m.megolm.v1.aes-sha2" && { encryption: algorithm as "m.megolm.v1.aes-sha2" }),
      ...(allowedRoomIds.length > 0 && { allowed_room_ids: allowedRoomIds }),
    };
  }
}
