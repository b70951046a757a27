// Tables of migrations 0005_relations_push and 0006_event_notifications (see migrations/).

/** One row per event that notified anyone (migration 0006). */
export interface EventNotificationsTable {
  event_id: string;
  room_id: string;
  stream_ordering: number;
  /** "main" for the main timeline, else the thread root's event ID. */
  thread_id: string;
  ts: number;
  /** JSON: the distinct action lists of the rules that matched. */
  actions: string;
  /** JSON: { userId: [highlight (0|1), index into actions] }. */
  recipients: string;
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
