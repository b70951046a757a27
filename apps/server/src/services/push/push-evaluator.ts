import { evaluatePushRules, RoomPowerLevels, type AuthState, PushEvaluationMemo, type RoomEvent, type RoomVersion } from "@myelin/core";
import type { EventNotification, Storage } from "../../storage/storage.js";
import type { RoomEventCache } from "../events/room-event-cache.js";
import { threadIdOf } from "../relations/relation-of.js";
import type { PushRuleService } from "./push-rules.js";
import type { UnreadCounter } from "./unread-counter.js";
import { isLocalId } from "../user-ids.js";

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
  actionsFor(event: RoomEvent, roomVersion: RoomVersion, state: AuthState, joinedMembers?: ReadonlyMap<string, RoomEvent>): Promise<EventNotification | undefined>;
  /** The event committed with what `actionsFor` gave it; called before syncs are woken. */
  committed(event: RoomEvent, notification: EventNotification | undefined): void;
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
    private readonly counter: UnreadCounter,
    private readonly serverName: string,
  ) {}

  private isLocal(userId: string): boolean {
    return isLocalId(userId, this.serverName);
  }

  async actionsFor(event: RoomEvent, roomVersion: RoomVersion, state: AuthState, joinedMembers?: ReadonlyMap<string, RoomEvent>): Promise<EventNotification | undefined> {
    let members = joinedMembers;
    let joinedCount = joinedMembers?.size ?? 0;
    if (!members) {
      const joined = await this.storage.rooms.membersOfRoom(event.roomId, ["join"]);
      const events = await this.cache.load(joined.filter((member) => member.userId !== event.sender && this.isLocal(member.userId)).map((member) => member.eventId));
      members = new Map(joined.flatMap((member) => (events.has(member.eventId) ? [[member.userId, events.get(member.eventId)!] as const] : [])));
      joinedCount = joined.length;
    }
    const userIds: string[] = [];
    for (const userId of members.keys()) if (userId !== event.sender && this.isLocal(userId)) userIds.push(userId);
    // An invitee is not in the room yet, but `.m.rule.invite_for_me` is about them.
    if (event.type === "m.room.member" && event.content.membership === "invite" && event.stateKey !== undefined) {
      const invitee = event.stateKey;
      if (this.isLocal(invitee) && invitee !== event.sender && !members.has(invitee)) userIds.push(invitee);
    }
    if (userIds.length === 0) return undefined;

    const rulesets = await this.rules.rulesets(userIds);
    const powerLevels = RoomPowerLevels.fromEvents(state.get("m.room.power_levels", ""), state.get("m.room.create", ""), roomVersion);
    const senderPowerLevel = powerLevels.userLevel(event.sender);
    const notificationPowerLevels = powerLevels.levels.notifications;
    const eventJson = event.pdu as object;
    // One memo for all recipients: the default rules they share are tested once per event.
    const memo = new PushEvaluationMemo();

    const notified: { userId: string; highlight: boolean; actions: readonly unknown[] }[] = [];
    for (const userId of userIds) {
      const ruleset = rulesets.get(userId);
      if (!ruleset) continue;
      const outcome = evaluatePushRules(
        ruleset,
        eventJson,
        { userId, displayName: displayNameOf(members.get(userId)), roomMemberCount: joinedCount, senderPowerLevel, notificationPowerLevels },
        memo,
      );
      // Only notifying events count ("highlight" alone notifies nobody).
      if (outcome.notify) notified.push({ userId, highlight: outcome.highlight, actions: outcome.actions });
    }
    if (notified.length === 0) return undefined;
    const threadId = await threadIdOf(event, (ids) => this.cache.load(ids));
    return { eventId: event.eventId, threadId, ts: event.originServerTs, recipients: notified };
  }

  committed(event: RoomEvent, notification: EventNotification | undefined): void {
    this.counter.committed(event, notification);
  }
}
