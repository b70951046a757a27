import type { Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import type { Notifier } from "../notifier.js";
import { RelationsService } from "../relations/relations-service.js";
import type { RoomServices } from "../rooms/index.js";
import type { RoomUnreadCounts, UnreadNotificationCounter } from "../sync/unread-counts.js";
import type { RoomNotificationCounts } from "../../storage/storage.js";
import { pushForInitialInvites } from "./initial-invites.js";
import { NotificationService } from "./notifications.js";
import { PushEvaluator } from "./push-evaluator.js";
import { PushRuleService } from "./push-rules.js";
import { PusherService } from "./pushers.js";

/** Relations, threads, push rules, notifications and pushers (the relations and push slice). */
export interface PushServices {
  relations: RelationsService;
  pushRules: PushRuleService;
  notifications: NotificationService;
  pushers: PusherService;
  /** What /sync's `unread_notifications` reads (sync/unread-counts.ts's hook). */
  unreadCounts: UnreadNotificationCounter;
}

/**
 * Builds the slice's services and plugs push-rule evaluation into the rooms
 * slice's send pipeline; pass `unreadCounts` on to the sync services.
 */
export function createPushServices(deps: { storage: Storage; clock: Clock; notifier: Notifier; serverName: string; rooms: RoomServices }): PushServices {
  const { storage, clock, notifier, serverName, rooms } = deps;
  // A push-rule change reaches the user's clients as m.push_rules account data in their next sync.
  const pushRules = new PushRuleService(storage, (userId) => notifier.notify([userId]));
  const evaluator = new PushEvaluator(storage, rooms.eventCache, pushRules, serverName);
  rooms.sender.usePushActions(evaluator);
  rooms.createRoom.afterCreate(pushForInitialInvites({ storage, cache: rooms.eventCache, evaluator }));
  return {
    relations: new RelationsService(storage, rooms.access, rooms.visibility, rooms.serializer),
    pushRules,
    notifications: new NotificationService(storage, rooms.serializer),
    pushers: new PusherService(storage, clock),
    unreadCounts: async (userId, roomIds, options) => {
      if (options?.byThread) return threadedUnreadCounts(await storage.push.unreadCountsByThread(userId, roomIds));
      const counts = await storage.push.unreadCounts(userId, roomIds);
      return new Map([...counts].map(([roomId, count]) => [roomId, { notification_count: count.notifications, highlight_count: count.highlights }]));
    },
  };
}

/** Per-thread counts as /sync wants them: "main" as the room's own counts, every other thread under its root's ID. */
function threadedUnreadCounts(byRoom: Map<string, Map<string, RoomNotificationCounts>>): Map<string, RoomUnreadCounts> {
  const out = new Map<string, RoomUnreadCounts>();
  for (const [roomId, threads] of byRoom) {
    const main = threads.get("main");
    const others = [...threads].filter(([threadId]) => threadId !== "main");
    out.set(roomId, {
      notification_count: main?.notifications ?? 0,
      highlight_count: main?.highlights ?? 0,
      threads: Object.fromEntries(others.map(([threadId, counts]) => [threadId, { notification_count: counts.notifications, highlight_count: counts.highlights }])),
    });
  }
  return out;
}
