import type { TimelineEvent } from "./types.js";

/** How a view names a user: given by the caller so this module stays free of the naming rules. */
export type NameOf = (userId: string) => string;

/** A readable line for a state event in the timeline ("Alice joined the room", "Bob changed the topic to …"). */
export function describeStateEvent(event: TimelineEvent, nameOf: NameOf): string {
  const actor = nameOf(event.sender);
  const content = event.content;
  const previous = event.unsigned?.prev_content ?? {};
  const text = (value: unknown) => (typeof value === "string" ? value : "");

  switch (event.type) {
    case "m.room.create":
      return `${actor} created the room`;
    case "m.room.member":
      return describeMembership(event, nameOf);
    case "m.room.name":
      return text(content.name) === "" ? `${actor} removed the room name` : `${actor} changed the room name to ${text(content.name)}`;
    case "m.room.topic":
      return text(content.topic) === "" ? `${actor} removed the topic` : `${actor} changed the topic to ${text(content.topic)}`;
    case "m.room.avatar":
      return `${actor} changed the room avatar`;
    case "m.room.canonical_alias":
      return text(content.alias) === "" ? `${actor} removed the room's main address` : `${actor} set the room's address to ${text(content.alias)}`;
    case "m.room.join_rules":
      return `${actor} set who can join to "${text(content.join_rule)}"`;
    case "m.room.history_visibility":
      return `${actor} set history visibility to "${text(content.history_visibility)}"`;
    case "m.room.guest_access":
      return `${actor} set guest access to "${text(content.guest_access)}"`;
    case "m.room.power_levels":
      return `${actor} changed the power levels`;
    case "m.room.encryption":
      return `${actor} turned on end-to-end encryption`;
    case "m.room.server_acl":
      return `${actor} changed the server access list`;
    case "m.room.tombstone":
      return `${actor} upgraded the room`;
    case "m.room.pinned_events":
      return `${actor} changed the pinned messages`;
    default:
      // Keep unknown state visible (and its previous existence) rather than silently dropping it.
      return Object.keys(previous).length === 0 ? `${actor} set ${event.type}` : `${actor} changed ${event.type}`;
  }
}

function describeMembership(event: TimelineEvent, nameOf: NameOf): string {
  const actor = nameOf(event.sender);
  const target = event.state_key ?? event.sender;
  const targetName = nameOf(target);
  const membership = event.content.membership;
  const previous = event.unsigned?.prev_content?.membership;
  const reason = typeof event.content.reason === "string" && event.content.reason !== "" ? `: ${event.content.reason}` : "";
  const self = event.sender === target;

  switch (membership) {
    case "join":
      if (previous === "join") return describeProfileChange(event, targetName);
      return `${targetName} joined the room`;
    case "invite":
      return `${actor} invited ${targetName}`;
    case "leave":
      if (previous === "ban") return `${actor} unbanned ${targetName}`;
      if (previous === "invite" && self) return `${targetName} declined the invitation`;
      if (previous === "invite") return `${actor} withdrew ${targetName}'s invitation${reason}`;
      if (previous === "knock" && !self) return `${actor} rejected ${targetName}'s request to join${reason}`;
      return self ? `${targetName} left the room${reason}` : `${actor} removed ${targetName}${reason}`;
    case "ban":
      return `${actor} banned ${targetName}${reason}`;
    case "knock":
      return `${targetName} asked to join${reason}`;
    default:
      return `${targetName}'s membership changed`;
  }
}

function describeProfileChange(event: TimelineEvent, targetName: string): string {
  const before = event.unsigned?.prev_content ?? {};
  const after = event.content;
  if (before.displayname !== after.displayname) {
    if (typeof after.displayname !== "string" || after.displayname === "") return `${targetName} removed their display name`;
    // Named by the old display name: the new one is what the line announces.
    const oldName = typeof before.displayname === "string" && before.displayname !== "" ? before.displayname : (event.state_key ?? event.sender);
    return `${oldName} changed their display name to ${after.displayname}`;
  }
  if (before.avatar_url !== after.avatar_url) return `${targetName} changed their avatar`;
  return `${targetName} updated their profile`;
}
