import { DEFAULT_ROOM_VERSION, findRoomVersion, isValidRoomAlias, isValidUserId, type JsonObject, type RoomVersion } from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import type { EventRequest, EventSender } from "../events/event-sender.js";
import type { Requester } from "../requester.js";
import type { MembershipService } from "./membership.js";
import { isLocalId } from "../user-ids.js";

// Spec: client-server "Creation" (POST /createRoom): the events in the order
// the endpoint's description lists, presets as its table gives them.

export type RoomPreset = "private_chat" | "public_chat" | "trusted_private_chat";

export interface CreateRoomRequest {
  visibility?: "public" | "private" | undefined;
  room_alias_name?: string | undefined;
  name?: string | undefined;
  topic?: string | undefined;
  invite?: string[] | undefined;
  room_version?: string | undefined;
  creation_content?: Record<string, unknown> | undefined;
  initial_state?: { type: string; state_key?: string | undefined; content: Record<string, unknown> }[] | undefined;
  preset?: RoomPreset | undefined;
  is_direct?: boolean | undefined;
  power_level_content_override?: Record<string, unknown> | undefined;
}

const PRESET_STATE: Record<RoomPreset, { join_rule: string; history_visibility: string; guest_access: string }> = {
  private_chat: { join_rule: "invite", history_visibility: "shared", guest_access: "can_join" },
  trusted_private_chat: { join_rule: "invite", history_visibility: "shared", guest_access: "can_join" },
  public_chat: { join_rule: "public", history_visibility: "shared", guest_access: "forbidden" },
};

type Draft = Omit<EventRequest, "roomId" | "transaction" | "check">;

function defaultPowerLevels(version: RoomVersion, creator: string, equalToCreator: readonly string[]): JsonObject {
  const users: Record<string, number> = {};
  // Room 12+: creators have infinite power and must not be listed.
  if (!version.privilegedCreators) {
    users[creator] = 100;
    for (const userId of equalToCreator) users[userId] = 100;
  }
  return {
    users,
    users_default: 0,
    events: {
      "m.room.name": 50,
      "m.room.power_levels": 100,
      "m.room.history_visibility": 100,
      "m.room.canonical_alias": 50,
      "m.room.avatar": 50,
      // "If the room's version is 12 or higher, the power level for sending m.room.tombstone events MUST explicitly be higher than state_default."
      "m.room.tombstone": version.privilegedCreators ? 150 : 100,
      "m.room.server_acl": 100,
      "m.room.encryption": 100,
    },
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    invite: 0,
    notifications: { room: 50 },
  };
}

export class CreateRoomService {
  /** Run once a new room is committed (push evaluation of its invites: push/initial-invites.ts). */
  private createdHook: ((roomId: string, eventIds: readonly string[]) => Promise<void>) | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly sender: EventSender,
    private readonly membership: MembershipService,
    private readonly clock: Clock,
    private readonly serverName: string,
  ) {}

  afterCreate(hook: (roomId: string, eventIds: readonly string[]) => Promise<void>): void {
    this.createdHook = hook;
  }

  async create(requester: Requester, request: CreateRoomRequest): Promise<string> {
    const versionId = request.room_version ?? DEFAULT_ROOM_VERSION;
    const version = findRoomVersion(versionId);
    if (!version?.stable) throw new MatrixError("M_UNSUPPORTED_ROOM_VERSION", `Room version ${JSON.stringify(versionId)} is not supported by this server`);
    const preset: RoomPreset = request.preset ?? (request.visibility === "public" ? "public_chat" : "private_chat");
    const creator = requester.userId;

    const alias = await this.checkAlias(request.room_alias_name);
    const invitees = [...new Set(request.invite ?? [])].filter((userId) => userId !== creator);
    for (const userId of invitees) {
      if (!isValidUserId(userId, { historical: true })) throw MatrixError.invalidParam(`${String(userId)} is not a user ID`);
      if (!isLocalId(userId, this.serverName)) throw MatrixError.forbidden("Inviting users of other servers needs federation, which this server does not do yet");
    }

    const { room_version: _version, creator: _creator, additional_creators: given, ...createContent } = (request.creation_content ?? {}) as JsonObject;
    if (given !== undefined && (!Array.isArray(given) || !given.every((userId) => isValidUserId(userId, { historical: true })))) {
      throw MatrixError.badJson("creation_content.additional_creators must be a list of user IDs");
    }
    const trusted = preset === "trusted_private_chat";
    // trusted_private_chat: invitees get the creator's power — in room 12+ by being creators too.
    const additionalCreators = [...new Set([...(given ?? []), ...(trusted ? invitees : [])])];
    if (!version.privilegedCreators && given !== undefined) createContent.additional_creators = given;

    const powerLevels = { ...defaultPowerLevels(version, creator, trusted ? invitees : []), ...(request.power_level_content_override ?? {}) } as JsonObject;
    const creatorMember = await this.membership.profileContent(creator);
    const inviteContents = await Promise.all(invitees.map(async (userId) => ({ userId, profile: await this.membership.profileContent(userId) })));

    const drafts = (): Draft[] => {
      const initialState = (request.initial_state ?? []).filter(
        (event) => !((event.type === "m.room.name" && request.name !== undefined) || (event.type === "m.room.topic" && request.topic !== undefined)),
      );
      const setInitially = new Set(initialState.map((event) => JSON.stringify([event.type, event.state_key ?? ""])));
      const state = (type: string, content: JsonObject, stateKey = ""): Draft => ({ type, stateKey, sender: creator, content });
      const presetState = PRESET_STATE[preset];
      const out: Draft[] = [state("m.room.member", { membership: "join", ...creatorMember }, creator), state("m.room.power_levels", powerLevels)];
      if (alias !== undefined) out.push(state("m.room.canonical_alias", { alias }));
      for (const [type, content] of [
        ["m.room.join_rules", { join_rule: presetState.join_rule }],
        ["m.room.history_visibility", { history_visibility: presetState.history_visibility }],
        ["m.room.guest_access", { guest_access: presetState.guest_access }],
      ] as const) {
        if (!setInitially.has(JSON.stringify([type, ""]))) out.push(state(type, content));
      }
      for (const event of initialState) out.push(state(event.type, event.content as JsonObject, event.state_key ?? ""));
      if (request.name !== undefined) out.push(state("m.room.name", { name: request.name }));
      if (request.topic !== undefined) out.push(state("m.room.topic", { topic: request.topic, "m.topic": [{ body: request.topic, mimetype: "text/plain" }] }));
      for (const { userId, profile } of inviteContents) {
        out.push(state("m.room.member", { membership: "invite", ...profile, ...(request.is_direct === true && { is_direct: true }) }, userId));
      }
      return out;
    };

    const { roomId, eventIds } = await this.sender.createRoom({
      roomVersion: version,
      creator,
      createContent,
      ...(version.privilegedCreators && additionalCreators.length > 0 && { additionalCreators }),
      initialEvents: drafts,
      // In the room's own transaction: when two rooms race for one alias, the loser is not stored at all.
      persistWith: async (stores, newRoomId) => {
        if (alias !== undefined && !(await stores.rooms.createAlias({ alias, roomId: newRoomId, creator, createdTs: this.clock() }))) {
          throw new MatrixError("M_ROOM_IN_USE", `${alias} was taken while the room was being created`);
        }
        if (request.visibility === "public") await stores.rooms.setPublic(newRoomId, true);
      },
    });
    await this.createdHook?.(roomId, eventIds);
    return roomId;
  }

  /** The full alias for `room_alias_name`: M_INVALID_PARAM when it makes no valid alias, M_ROOM_IN_USE when taken. */
  private async checkAlias(localpart: string | undefined): Promise<string | undefined> {
    if (localpart === undefined) return undefined;
    const alias = `#${localpart}:${this.serverName}`;
    if (localpart === "" || /[\s:#]/.test(localpart) || !isValidRoomAlias(alias)) {
      throw MatrixError.invalidParam(`room_alias_name ${JSON.stringify(localpart)} does not make a valid room alias`);
    }
    if (await this.storage.rooms.getAlias(alias)) throw new MatrixError("M_ROOM_IN_USE", `${alias} is already in use`);
    return alias;
  }
}
