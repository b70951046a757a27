import { isValidRoomAlias, isValidRoomId, isValidUserId, RoomPowerLevels, type JsonObject, type RoomEvent } from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { ProfileRecord, Storage } from "../../storage/storage.js";
import type { EventSender } from "../events/event-sender.js";
import type { RoomEventCache } from "../events/room-event-cache.js";
import type { Requester } from "../requester.js";
import type { RoomAccess } from "./room-access.js";
import { isLocalId } from "../user-ids.js";

// Spec: client-server "Room membership" (joining, invites, leaving, kicking,
// banning, knocking). Every change is an m.room.member event through the send
// pipeline, so the authorization rules decide; the checks here are the ones
// the rules cannot make (the target's current membership for kick/unban).

export class MembershipService {
  constructor(
    private readonly storage: Storage,
    private readonly sender: EventSender,
    private readonly access: RoomAccess,
    private readonly cache: RoomEventCache,
    private readonly serverName: string,
  ) {}

  /** A room ID, or the room a local alias points to; 404 for an unknown alias (no federation to ask other servers yet). */
  async resolveRoom(roomIdOrAlias: string): Promise<string> {
    if (roomIdOrAlias.startsWith("#")) {
      if (!isValidRoomAlias(roomIdOrAlias)) throw MatrixError.invalidParam("Invalid room alias");
      const alias = await this.storage.rooms.getAlias(roomIdOrAlias);
      if (!alias) throw MatrixError.notFound("Room alias not found");
      return alias.roomId;
    }
    if (!isValidRoomId(roomIdOrAlias)) throw MatrixError.invalidParam("Invalid room ID");
    return roomIdOrAlias;
  }

  /** The displayname and avatar_url a member event of this user carries (local users only). */
  async profileContent(userId: string): Promise<JsonObject> {
    const profile: ProfileRecord | undefined = isLocalId(userId, this.serverName) ? await this.storage.accounts.getProfile(userId) : undefined;
    return {
      ...(profile?.displayname != null && { displayname: profile.displayname }),
      ...(profile?.avatarUrl != null && { avatar_url: profile.avatarUrl }),
    };
  }

  private async sendMembership(roomId: string, sender: string, target: string, membership: string, extra: JsonObject): Promise<string> {
    await this.access.requireRoom(roomId);
    const sent = await this.sender.send({ roomId, type: "m.room.member", stateKey: target, sender, content: { membership, ...extra } });
    return sent.eventId;
  }

  async join(requester: Requester, roomIdOrAlias: string, reason: string | undefined): Promise<string> {
    const roomId = await this.resolveRoom(roomIdOrAlias);
    const authoriser = await this.restrictedJoinAuthoriser(roomId, requester.userId);
    const content = {
      ...(await this.profileContent(requester.userId)),
      ...(reason !== undefined && { reason }),
      ...(authoriser !== undefined && { join_authorised_via_users_server: authoriser }),
    };
    if (!requester.isGuest) {
      await this.sendMembership(roomId, requester.userId, requester.userId, "join", content);
      return roomId;
    }
    await this.access.requireRoom(roomId);
    // Checked in the room's queue, against the state the join is built on.
    const check = () => this.requireGuestsCanJoin(roomId);
    await this.sender.send({ roomId, type: "m.room.member", stateKey: requester.userId, sender: requester.userId, content: { membership: "join", ...content }, check });
    return roomId;
  }

  /**
   * "Restricted rooms" (room versions 8+, `knock_restricted` 10+): a user who
   * is neither joined nor invited may join when they are joined to one of the
   * rooms the join rules' `allow` names, and the join must name a user of the
   * joining server who is in the room and may invite
   * (`join_authorised_via_users_server`, checked by the authorization rules).
   * Undefined when the room is not restricted or the user needs no authoriser.
   */
  private async restrictedJoinAuthoriser(roomId: string, userId: string): Promise<string | undefined> {
    const version = await this.access.requireRoom(roomId);
    if (!version.restrictedJoins) return undefined;
    const state = await this.currentStateEvents(roomId, [
      ["m.room.join_rules", ""],
      ["m.room.member", userId],
      ["m.room.power_levels", ""],
      ["m.room.create", ""],
    ]);
    const joinRules = state.get("m.room.join_rules")?.content;
    const rule = joinRules?.join_rule;
    if (rule !== "restricted" && !(rule === "knock_restricted" && version.knockRestricted)) return undefined;
    const membership = state.get("m.room.member")?.content.membership;
    if (membership === "join" || membership === "invite") return undefined;

    const allow = Array.isArray(joinRules?.allow) ? (joinRules.allow as unknown[]) : [];
    const viaRooms = allow.flatMap((entry) => {
      const { type, room_id: viaRoom } = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
      return type === "m.room_membership" && typeof viaRoom === "string" ? [viaRoom] : [];
    });
    const memberships = await Promise.all(viaRooms.map((viaRoom) => this.storage.rooms.getMembership(viaRoom, userId)));
    if (!memberships.some((record) => record?.membership === "join")) {
      throw MatrixError.forbidden("You are not invited to this room and not joined to any room its join rules allow");
    }
    const powerLevels = RoomPowerLevels.fromEvents(state.get("m.room.power_levels"), state.get("m.room.create"), version);
    const candidates = (await this.storage.rooms.membersOfRoom(roomId, ["join"]))
      .map((member) => member.userId)
      .filter((member) => isLocalId(member, this.serverName) && powerLevels.userLevel(member) >= powerLevels.levels.invite)
      .sort((a, b) => powerLevels.userLevel(b) - powerLevels.userLevel(a) || (a < b ? -1 : 1));
    if (candidates[0] === undefined) throw MatrixError.forbidden("No user of this server in the room may invite, so the restricted join cannot be authorised");
    return candidates[0];
  }

  /** The current state events of the room for the given keys, by type. */
  private async currentStateEvents(roomId: string, keys: [string, string][]): Promise<Map<string, RoomEvent>> {
    const entries = await this.storage.roomState.currentStateForKeys(roomId, keys);
    const events = await this.cache.load(entries.map((entry) => entry.eventId));
    return new Map(entries.flatMap((entry) => (events.has(entry.eventId) ? [[entry.type, events.get(entry.eventId)!] as const] : [])));
  }

  /** "Guest access" → "Server behaviour": guests join only rooms whose m.room.guest_access is `can_join`. */
  private async requireGuestsCanJoin(roomId: string): Promise<void> {
    const [entry] = await this.storage.roomState.currentStateForKeys(roomId, [["m.room.guest_access", ""]]);
    const [event] = entry ? await this.storage.events.getEvents([entry.eventId]) : [];
    const guestAccess = (event?.pdu.content as Record<string, unknown> | undefined)?.guest_access;
    if (guestAccess !== "can_join") throw new MatrixError("M_GUEST_ACCESS_FORBIDDEN", "Guests cannot join this room");
  }

  async knock(requester: Requester, roomIdOrAlias: string, reason: string | undefined): Promise<string> {
    const roomId = await this.resolveRoom(roomIdOrAlias);
    const content = { ...(await this.profileContent(requester.userId)), ...(reason !== undefined && { reason }) };
    await this.sendMembership(roomId, requester.userId, requester.userId, "knock", content);
    return roomId;
  }

  async invite(requester: Requester, roomId: string, target: string, reason: string | undefined, isDirect = false): Promise<void> {
    this.requireLocalUser(target);
    const content = {
      ...(await this.profileContent(target)),
      ...(reason !== undefined && { reason }),
      ...(isDirect && { is_direct: true }),
    };
    await this.sendMembership(roomId, requester.userId, target, "invite", content);
  }

  async leave(requester: Requester, roomId: string, reason: string | undefined): Promise<void> {
    await this.access.requireRoom(roomId);
    const current = await this.access.membership(roomId, requester.userId);
    if (!current || current.membership === "leave") throw MatrixError.forbidden("You are not in this room");
    await this.sendMembership(roomId, requester.userId, requester.userId, "leave", reason === undefined ? {} : { reason });
  }

  async kick(requester: Requester, roomId: string, target: string, reason: string | undefined): Promise<void> {
    await this.access.requireRoom(roomId);
    const current = await this.access.membership(roomId, target);
    if (!current || !["join", "invite", "knock"].includes(current.membership)) throw MatrixError.forbidden(`${target} is not in the room`);
    await this.sendMembership(roomId, requester.userId, target, "leave", reason === undefined ? {} : { reason });
  }

  async ban(requester: Requester, roomId: string, target: string, reason: string | undefined): Promise<void> {
    if (!isValidUserId(target, { historical: true })) throw MatrixError.invalidParam("Invalid user ID");
    await this.sendMembership(roomId, requester.userId, target, "ban", reason === undefined ? {} : { reason });
  }

  async unban(requester: Requester, roomId: string, target: string, reason: string | undefined): Promise<void> {
    await this.access.requireRoom(roomId);
    const current = await this.access.membership(roomId, target);
    if (current?.membership !== "ban") throw MatrixError.forbidden(`${target} is not banned`);
    await this.sendMembership(roomId, requester.userId, target, "leave", reason === undefined ? {} : { reason });
  }

  /** Forget a room the user has left: it stops appearing to them (spec "Leaving rooms"). */
  async forget(requester: Requester, roomId: string): Promise<void> {
    const current = await this.access.membership(roomId, requester.userId);
    if (!current) throw MatrixError.notFound("You have never been in this room");
    if (current.membership === "join" || current.membership === "invite" || current.membership === "knock") {
      throw MatrixError.unknown("You must leave the room before forgetting it", 400);
    }
    await this.storage.rooms.forgetRoom(roomId, requester.userId);
  }

  /** New join events carrying the user's new profile, in every room they are joined to ("Events on change of profile information"). */
  async propagateProfile(userId: string, profile: ProfileRecord): Promise<void> {
    const rooms = await this.storage.rooms.roomsOfUser(userId, ["join"]);
    for (const room of rooms) {
      const [current] = await this.storage.events.getEvents([room.eventId]);
      const previous = (current?.pdu.content ?? {}) as JsonObject;
      const { displayname: _name, avatar_url: _avatar, ...kept } = previous;
      const content: JsonObject = {
        ...kept,
        membership: "join",
        ...(profile.displayname !== null && { displayname: profile.displayname }),
        ...(profile.avatarUrl !== null && { avatar_url: profile.avatarUrl }),
      };
      try {
        await this.sender.send({ roomId: room.roomId, type: "m.room.member", stateKey: userId, sender: userId, content });
      } catch (error) {
        // One room refusing (e.g. its rules forbid the change) must not stop the others or fail the profile update.
        if (!(error instanceof MatrixError)) throw error;
      }
    }
  }

  private requireLocalUser(userId: string): void {
    if (!isValidUserId(userId, { historical: true })) throw MatrixError.invalidParam("Invalid user ID");
    if (!isLocalId(userId, this.serverName)) {
      throw MatrixError.forbidden("Inviting users of other servers needs federation, which this server does not do yet");
    }
  }
}
