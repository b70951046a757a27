// Spec-shaped events for the reducer tests (client-server API, "Syncing").
import type { TimelineEvent } from "./types.js";

let counter = 0;

export function message(sender: string, body: string, ts: number, extra: Partial<TimelineEvent> = {}): TimelineEvent {
  return { event_id: `$m${++counter}`, type: "m.room.message", sender, origin_server_ts: ts, content: { msgtype: "m.text", body }, ...extra };
}

export function member(userId: string, membership: string, ts: number, displayname?: string): TimelineEvent {
  return {
    event_id: `$member${++counter}`,
    type: "m.room.member",
    state_key: userId,
    sender: userId,
    origin_server_ts: ts,
    content: { membership, ...(displayname === undefined ? {} : { displayname }) },
  };
}

export function create(creator: string, roomVersion = "11"): TimelineEvent {
  return { event_id: `$create${++counter}`, type: "m.room.create", state_key: "", sender: creator, origin_server_ts: 1, content: { room_version: roomVersion } };
}

export function edit(original: TimelineEvent, body: string, ts: number, sender = original.sender): TimelineEvent {
  return {
    event_id: `$edit${++counter}`,
    type: "m.room.message",
    sender,
    origin_server_ts: ts,
    content: {
      msgtype: "m.text",
      body: `* ${body}`,
      "m.new_content": { msgtype: "m.text", body },
      "m.relates_to": { rel_type: "m.replace", event_id: original.event_id },
    },
  };
}

export function reaction(target: TimelineEvent, sender: string, key: string, ts: number): TimelineEvent {
  return {
    event_id: `$reaction${++counter}`,
    type: "m.reaction",
    sender,
    origin_server_ts: ts,
    content: { "m.relates_to": { rel_type: "m.annotation", event_id: target.event_id, key } },
  };
}

export function redaction(target: TimelineEvent, sender: string, ts: number): TimelineEvent {
  return { event_id: `$redaction${++counter}`, type: "m.room.redaction", sender, origin_server_ts: ts, content: { redacts: target.event_id } };
}
