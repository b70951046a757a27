import { evaluatePushRules, RoomPowerLevels, type AuthState, type RoomEvent, type RoomVersion } from "@myelin/core";
import type { NewPushAction, Storage } from "../../storage/storage.js";
import type { RoomEventCache } from "../events/room-event-cache.js";
import { threadIdOf } from "../relations/relation-of.js";
import type { PushRuleService } from "./push-rules.js";

// Spec: client-server "Push Notifications" → "Server behaviour": "When
// receiving a new event homeservers process push rules for each of the local
// users in the room (excluding the sender)", and the count "MUST appear in
// the same /sync response as the event itself" — so the actions are computed
// before the event is persisted and stored in its transaction.

/** What the send pipeline asks before persisting an event: the notifications it gives. */
export interface PushActionSource {
  /**
   * `state`: the room state the event was authorised against (create and power levels among it).
   * `joinedMembers`: the room's joined members (user ID → member event) at that state, when the
   * caller already knows them (the send pipeline keeps them per room); read from storage otherwise.
   */
  actionsFor(event: RoomEvent, roomVersion: RoomVersion, state: AuthState, joinedMembers?: ReadonlyMap<string, RoomEvent>): Promise<NewPushAction[]>;
}

function displayNameOf(member: RoomEvent | undefined): string | undefined {
  const name = member?.content.displayname;
  return typeof name === "string" ? name : undefined;
}

/**
 * Evaluates core's push rules for an event, batched per event: the room's
 * joined members in one query, their member events from the event cache,
 * the power levels from the state the sender already loaded, and the rules
 * from PushRuleService's per-user cache.
 */
export class PushEvaluator implements PushActionSource {
  constructor(
    private readonly storage: Storage,
    private readonly cache: RoomEventCache,
    private readonly rules: PushRuleService,
    private readonly serverName: string,
  ) {}

  private isLocal(userId: string): boolean {
    return userId.endsWith(`:${this.serverName}`);
  }

  async actionsFor(event: RoomEvent, roomVersion: RoomVersion, state: AuthState, joinedMembers?: ReadonlyMap<string, RoomEvent>): Promise<NewPushAction[]> {
    const joined = joinedMembers
      ? [...joinedMembers].map(([userId, member]) => ({ userId, eventId: member.eventId }))
      : await this.storage.rooms.membersOfRoom(event.roomId, ["join"]);
    const recipients = joined.filter((member) => member.userId !== event.sender && this.isLocal(member.userId));
    // An invitee is not in the room yet, but `.m.rule.invite_for_me` is about them.
    const invitee =
      event.type === "m.room.member" && event.content.membership === "invite" && event.stateKey !== undefined && this.isLocal(event.stateKey) && event.stateKey !== event.sender
        ? event.stateKey
        : undefined;
    const userIds = [...new Set([...recipients.map((member) => member.userId), ...(invitee ? [invitee] : [])])];
    if (userIds.length === 0) return [];

    const [memberEvents, rulesets] = await Promise.all([
      joinedMembers ? new Map([...joinedMembers.values()].map((member) => [member.eventId, member])) : this.cache.load(recipients.map((member) => member.eventId)),
      this.rules.rulesets(userIds),
    ]);
    const powerLevels = RoomPowerLevels.fromEvents(state.get("m.room.power_levels", ""), state.get("m.room.create", ""), roomVersion);
    const senderPowerLevel = powerLevels.userLevel(event.sender);
    const eventJson = event.pdu as object;
    const membersByUser = new Map(recipients.map((member) => [member.userId, memberEvents.get(member.eventId)]));

    const notified: { userId: string; highlight: boolean; actions: readonly unknown[] }[] = [];
    for (const userId of userIds) {
      const ruleset = rulesets.get(userId);
      if (!ruleset) continue;
      const outcome = evaluatePushRules(ruleset, eventJson, {
        userId,
        displayName: displayNameOf(membersByUser.get(userId)),
        roomMemberCount: joined.length,
        senderPowerLevel,
        notificationPowerLevels: powerLevels.levels.notifications,
      });
      // Only notifying events count ("highlight" alone notifies nobody).
      if (outcome.notify) notified.push({ userId, highlight: outcome.highlight, actions: outcome.actions });
    }
    if (notified.length === 0) return [];
    const threadId = await threadIdOf(event, (ids) => this.cache.load(ids));
    return notified.map((entry) => ({
      userId: entry.userId,
      roomId: event.roomId,
      eventId: event.eventId,
      threadId,
      highlight: entry.highlight,
      actions: entry.actions,
      ts: event.originServerTs,
    }));
  }
}
