import { isValidRoomAlias, RoomPowerLevels, type AuthState, type JsonObject, type RoomEvent, type RoomVersion } from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { Storage } from "../../storage/storage.js";
import type { Requester } from "../requester.js";
import type { EventSender, SentEvent } from "../events/event-sender.js";
import type { RoomAccess } from "./room-access.js";
import { checkRelationOnSend } from "../relations/relation-checks.js";
import { isLocalId } from "../user-ids.js";

/**
 * Redacting someone else's event needs the redact level (client-server
 * "Redactions"; room 3+ "Handling redactions" for when the server applies
 * it). Checked inside the room's queue against the state the redaction is
 * built on.
 */
async function checkRedactionRights(storage: Storage, event: RoomEvent, state: AuthState, roomVersion: RoomVersion): Promise<void> {
  if (event.redacts === undefined) return;
  const target = await storage.events.getEvent(event.redacts);
  if (!target || target.roomId !== event.roomId || target.sender === event.sender) return;
  const levels = RoomPowerLevels.fromEvents(state.get("m.room.power_levels", ""), state.get("m.room.create", ""), roomVersion);
  if (!levels.canRedactOthers(event.sender)) {
    throw MatrixError.forbidden("You may only redact your own events: redacting others' needs the room's redact power level");
  }
}

export class MessagingService {
  constructor(
    private readonly storage: Storage,
    private readonly sender: EventSender,
    private readonly access: RoomAccess,
    private readonly serverName: string,
  ) {}

  async sendMessage(requester: Requester, roomId: string, type: string, txnId: string, content: JsonObject): Promise<SentEvent> {
    await this.access.requireRoom(roomId);
    return this.sender.send({
      roomId,
      type,
      sender: requester.userId,
      content,
      transaction: { txnId, deviceId: requester.deviceId },
      check: (event) => checkRelationOnSend(this.storage, event),
    });
  }

  async setState(requester: Requester, roomId: string, type: string, stateKey: string, content: JsonObject): Promise<SentEvent> {
    await this.access.requireRoom(roomId);
    if (type === "m.room.canonical_alias") await this.checkCanonicalAlias(roomId, content);
    const sent = await this.sender.send({ roomId, type, stateKey, sender: requester.userId, content });
    if (type === "m.room.guest_access" && stateKey === "" && content.guest_access !== "can_join") await this.removeGuests(roomId);
    return sent;
  }

  /**
   * "Guest access" → "Server behaviour": once m.room.guest_access stops
   * being `can_join`, "the server MUST set those users' m.room.member state
   * to leave" — each joined local guest leaves (their own leave, which the
   * authorization rules always allow).
   */
  private async removeGuests(roomId: string): Promise<void> {
    const local = (await this.storage.rooms.membersOfRoom(roomId, ["join"])).filter((member) => isLocalId(member.userId, this.serverName));
    for (const member of local) {
      if (!(await this.storage.accounts.getUser(member.userId))?.isGuest) continue;
      await this.sender.send({ roomId, type: "m.room.member", stateKey: member.userId, sender: member.userId, content: { membership: "leave", reason: "Guest access was turned off" } });
    }
  }

  async redact(requester: Requester, roomId: string, eventId: string, txnId: string, reason: string | undefined): Promise<SentEvent> {
    await this.access.requireRoom(roomId);
    return this.sender.send({
      roomId,
      type: "m.room.redaction",
      sender: requester.userId,
      content: reason === undefined ? {} : { reason },
      redacts: eventId,
      transaction: { txnId, deviceId: requester.deviceId },
      check: (event, state, version) => checkRedactionRights(this.storage, event, state, version),
    });
  }

  /**
   * `m.room.canonical_alias`: every alias must be valid (M_INVALID_PARAM) and,
   * where this server can tell, point at the room (M_BAD_ALIAS) — room
   * events "m.room.canonical_alias".
   */
  private async checkCanonicalAlias(roomId: string, content: JsonObject): Promise<void> {
    const aliases: unknown[] = [];
    if (content.alias !== undefined && content.alias !== null) aliases.push(content.alias);
    if (content.alt_aliases !== undefined) {
      if (!Array.isArray(content.alt_aliases)) throw MatrixError.invalidParam("alt_aliases must be a list of room aliases");
      aliases.push(...(content.alt_aliases as unknown[]));
    }
    for (const alias of aliases) {
      if (typeof alias !== "string" || !isValidRoomAlias(alias)) throw MatrixError.invalidParam(`${JSON.stringify(alias)} is not a room alias`);
      if (!isLocalId(alias, this.serverName)) continue;
      const target = await this.storage.rooms.getAlias(alias);
      if (target?.roomId !== roomId) throw new MatrixError("M_BAD_ALIAS", `${alias} does not point to this room`);
    }
  }
}
