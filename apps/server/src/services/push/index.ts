import type { Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import type { Notifier } from "../notifier.js";
import { RelationsService } from "../relations/relations-service.js";
import type { RoomServices } from "../rooms/index.js";
import type { RoomUnreadCounts, UnreadNotificationCounter } from "../sync/unread-counts.js";
import { pushForInitialInvites } from "./initial-invites.js";
import { NotificationService } from "./notifications.js";
import { PushEvaluator } from "./push-evaluator.js";
import { PushRuleService } from "./push-rules.js";
import { PusherService } from "./pushers.js";
import { UnreadCounter, type RoomThreadCounts } from "./unread-counter.js";

/** Relations, threads, push rules, notifications and pushers (the relations and push slice). */
export interface PushServices {
  relations: RelationsService;
  pushRules: PushRuleService;
  notifications: NotificationService;
  pushers: PusherService;
  /** What /sync's `unread_notifications` reads (sync/unread-counts.ts's hook). */
  unreadCounts: UnreadNotificationCounter;
  /** The in-memory counts behind it; receipts tell it when a read position moves. */
  unreadCounter: UnreadCounter;
}

/**
 * Builds the slice's services and plugs push-rule evaluation into the rooms
 * slice's send pipeline; pass `unreadCounts` on to the sync services.
 */
export function createPushServices(deps: { storage: Storage; clock: Clock; notifier: Notifier; serverName: string; rooms: RoomServices }): PushServices {
  const { storage, clock, notifier, serverName, rooms } = deps;
  // A push-rule change reaches the user's clients as m.push_rules account data in their next sync.
  const pushRules = new PushRuleService(storage, (userId) => notifier.notify([userId]));
  const unreadCounter = new UnreadCounter(storage);
  const evaluator = new PushEvaluator(storage, rooms.eventCache, pushRules, unreadCounter, serverName);
  rooms.sender.usePushActions(evaluator);
  rooms.createRoom.afterCreate(pushForInitialInvites({ storage, cache: rooms.eventCache, evaluator }));
  return {
    relations: new RelationsService(storage, rooms.access, rooms.visibility, rooms.serializer),
    pushRules,
    notifications: new NotificationService(storage, rooms.serializer),
    pushers: new PusherService(storage, clock),
    unreadCounter,
    unreadCounts: async (userId, roomIds, options) => {
      const counts = await unreadCounter.counts(userId, roomIds);
      return options?.byThread ? threadedUnreadCounts(counts) : roomUnreadCounts(counts);
    },
  };
}

/** Per-room counts as /sync wants them without threads: every thread's notifications together. */
function roomUnreadCounts(byRoom: Map<string, RoomThreadCounts>): Map<string, RoomUnreadCounts> {
  const out = new Map<string, RoomUnreadCounts>();
  for (const [roomId, threads] of byRoom) {
    let notifications = 0;
    let highlights = 0;
    for (const counts of threads.values()) {
      notifications += counts.notifications;
      highlights += counts.highlights;
    }
    if (notifications > 0) out.set(roomId, { notification_count: notifications, highlight_count: highlights });
  }
  return out;
}

/** Per-thread counts as /sync wants them: "main" as the room's own counts, every other thread under its root's ID. */
function threadedUnreadCounts(byRoom: Map<string, RoomThreadCounts>): Map<string, RoomUnreadCounts> {
  const out = new Map<string, RoomUnreadCounts>();
  for (const [roomId, threads] of byRoom) {
    const others = [...threads].filter(([threadId, counts]) => threadId !== "main" && counts.notifications > 0);
    const main = threads.get("main");
    if (!main?.notifications && others.length === 0) continue;
    out.set(roomId, {
      notification_count: main?.notifications ?? 0,
      highlight_count: main?.highlights ?? 0,
      threads: Object.fromEntries(others.map(([threadId, counts]) => [threadId, { notification_count: counts.notifications, highlight_count: counts.highlights }])),
    });
  }
  return out;
}
