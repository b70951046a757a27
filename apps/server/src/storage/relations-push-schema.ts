// Tables of migration 0005_relations_push (see migrations/relations-push.ts).

/** A notification: an event whose push rules told a user to notify. */
export interface EventPushActionsTable {
  user_id: string;
  room_id: string;
  event_id: string;
  stream_ordering: number;
  /** "main" for the main timeline, else the thread root's event ID. */
  thread_id: string;
  /** 1 when the actions set the highlight tweak. */
  highlight: number;
  /** The matched rule's actions, a JSON array. */
  actions: string;
  ts: number;
}

/** The stream ordering of the last event each user sent into each room: sending an event reads up to it. */
export interface UserRoomLastSentTable {
  user_id: string;
  room_id: string;
  stream_ordering: number;
}

export interface PushersTable {
  user_id: string;
  app_id: string;
  pushkey: string;
  kind: string;
  app_display_name: string;
  device_display_name: string;
  profile_tag: string | null;
  lang: string;
  /** JSON object. */
  data: string;
  created_ts: number;
}
