import type { Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import { ClientEventSerializer } from "../events/client-events.js";
import { EventSender } from "../events/event-sender.js";
import { HistoryVisibility } from "../events/history-visibility.js";
import { RoomEventCache } from "../events/room-event-cache.js";
import type { SignerSource } from "../events/server-signer.js";
import type { Notifier } from "../notifier.js";
import { CreateRoomService } from "./create-room.js";
import { DirectoryService } from "./directory.js";
import { MembershipService } from "./membership.js";
import { MessagingService } from "./messaging.js";
import { RoomAccess } from "./room-access.js";
import { RoomReadService } from "./room-reads.js";
import { TimelineService } from "./timeline.js";

/** Rooms and events: the send pipeline and the services of the room endpoints. */
export interface RoomServices {
  eventCache: RoomEventCache;
  sender: EventSender;
  /** Stored events → client format (sync uses it too). */
  serializer: ClientEventSerializer;
  visibility: HistoryVisibility;
  access: RoomAccess;
  createRoom: CreateRoomService;
  membership: MembershipService;
  messaging: MessagingService;
  reads: RoomReadService;
  timeline: TimelineService;
  directory: DirectoryService;
}

export function createRoomServices(deps: { storage: Storage; clock: Clock; notifier: Notifier; signer: SignerSource; serverName: string }): RoomServices {
  const { storage, clock, notifier, signer, serverName } = deps;
  const eventCache = new RoomEventCache(storage);
  const sender = new EventSender(storage, eventCache, notifier, signer, clock);
  const serializer = new ClientEventSerializer(storage, eventCache, clock);
  const visibility = new HistoryVisibility(storage, eventCache);
  const access = new RoomAccess(storage, eventCache, visibility);
  const membership = new MembershipService(storage, sender, access, eventCache, serverName);
  return {
    eventCache,
    sender,
    serializer,
    visibility,
    access,
    membership,
    createRoom: new CreateRoomService(storage, sender, membership, clock, serverName),
    messaging: new MessagingService(storage, sender, access, serverName),
    reads: new RoomReadService(storage, access, visibility, serializer),
    timeline: new TimelineService(storage, access, visibility, serializer),
    directory: new DirectoryService(storage, eventCache, access, membership, clock, serverName),
  };
}
