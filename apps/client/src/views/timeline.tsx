import { useEffect, useLayoutEffect, useMemo, useRef } from "preact/hooks";
import type { MatrixStore } from "../store/matrix-store.js";
import { readersAt } from "../store/rooms/read-state.js";
import { describeStateEvent } from "../store/rooms/state-lines.js";
import { buildTimelineItems, type TimelineItem } from "../store/rooms/timeline-items.js";
import type { RoomModel, TimelineEvent } from "../store/rooms/types.js";
import { Avatar } from "./avatar.js";
import { MessageBody } from "./message-body.js";
import { initialsOf, memberDisplayName } from "./names.js";

interface Props {
  store: MatrixStore;
  room: RoomModel;
  ownUserId: string;
  onReply: (event: TimelineEvent) => void;
  onEdit: (event: TimelineEvent, body: string) => void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" });

export function Timeline({ store, room, ownUserId, onReply, onEdit }: Props) {
  const items = useMemo(() => buildTimelineItems(room, ownUserId), [room.timeline, room.pending, room.fetchedEvents, ownUserId]);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const heightBefore = useRef(0);
  const nameOf = (userId: string) => memberDisplayName(room, userId);

  // Replies quoting a message older than the loaded timeline: fetch those messages.
  useEffect(() => {
    void store.fetchMissingReplies(room.roomId);
  }, [room.roomId, room.timeline]);

  // Keep the view at the bottom for new messages, and in place when older ones are prepended.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    if (stickToBottom.current) element.scrollTop = element.scrollHeight;
    else if (heightBefore.current > 0) element.scrollTop += element.scrollHeight - heightBefore.current;
    heightBefore.current = element.scrollHeight;
  }, [items]);

  const onScroll = () => {
    const element = scroller.current;
    if (element === null) return;
    stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
    heightBefore.current = element.scrollHeight;
    if (element.scrollTop < 200) void store.paginateBack(room.roomId);
  };

  return (
    <div class="timeline" ref={scroller} onScroll={onScroll} role="log" aria-label="Messages" aria-live="polite" data-testid="timeline" tabIndex={0}>
      {room.reachedStart ? (
        <p class="hint center" data-testid="timeline-start">
          This is the start of the room.
        </p>
      ) : (
        <button type="button" class="load-older" onClick={() => void store.paginateBack(room.roomId)} data-testid="load-older">
          Load older messages
        </button>
      )}
      {items.map((item) => (
        <TimelineLine key={item.key} item={item} store={store} room={room} ownUserId={ownUserId} nameOf={nameOf} onReply={onReply} onEdit={onEdit} />
      ))}
    </div>
  );
}

interface LineProps {
  item: TimelineItem;
  store: MatrixStore;
  room: RoomModel;
  ownUserId: string;
  nameOf: (userId: string) => string;
  onReply: (event: TimelineEvent) => void;
  onEdit: (event: TimelineEvent, body: string) => void;
}

function TimelineLine({ item, store, room, ownUserId, nameOf, onReply, onEdit }: LineProps) {
  switch (item.kind) {
    case "day":
      return (
        <div class="day-separator" role="separator" aria-label={dayFormat.format(new Date(`${item.day}T12:00:00`))}>
          <span>{dayFormat.format(new Date(`${item.day}T12:00:00`))}</span>
        </div>
      );
    case "state":
      return (
        <div class="state-line" data-testid="state-line">
          {describeStateEvent(item.event, nameOf)}
        </div>
      );
    case "pending":
      return (
        <article class={`message own pending ${item.pending.status}`} data-testid="pending-message" data-status={item.pending.status}>
          <MessageBody store={store} content={item.pending.content} />
          <span class="hint">
            {item.pending.status === "failed" ? `Not sent: ${item.pending.error ?? "error"}` : item.pending.status === "sent" ? "Sent" : "Sending…"}
          </span>
          {item.pending.status === "failed" && (
            <span class="message-actions">
              <button type="button" onClick={() => void store.retry(room.roomId, item.pending.txnId)} data-testid="retry-send">
                Retry
              </button>
              <button type="button" onClick={() => store.discard(room.roomId, item.pending.txnId)}>
                Discard
              </button>
            </span>
          )}
        </article>
      );
    case "message": {
      const { event, content } = item;
      const own = event.sender === ownUserId;
      const readers = readersAt(room, event.event_id, ownUserId);
      const body = typeof content.body === "string" ? content.body : "";
      return (
        <article class={`message ${own ? "own" : ""}`} data-testid="message" data-event-id={event.event_id} aria-label={`${nameOf(event.sender)} at ${timeFormat.format(event.origin_server_ts)}`}>
          <header>
            <Avatar store={store} name={nameOf(event.sender)} mxcUri={room.state["m.room.member"]?.[event.sender]?.content.avatar_url} size="small" />
            <span class="sender">{nameOf(event.sender)}</span>
            <time dateTime={new Date(event.origin_server_ts).toISOString()}>{timeFormat.format(event.origin_server_ts)}</time>
          </header>
          {item.replyTo !== undefined && (
            <blockquote class="reply-quote" data-testid="reply-quote" data-reply-to={item.replyTo}>
              {item.quoted === undefined ? (
                "In reply to an earlier message"
              ) : (
                <>
                  <strong>{nameOf(item.quoted.sender)}</strong> {item.quoted.redacted ? "Message deleted" : item.quoted.body}
                </>
              )}
            </blockquote>
          )}
          {item.redacted ? (
            <div class="body redacted" data-testid="redacted">
              Message deleted
            </div>
          ) : event.type === "m.room.message" ? (
            <>
              {content.msgtype === "m.emote" && <span class="emote">* {nameOf(event.sender)} </span>}
              <MessageBody store={store} content={content} />
              {item.edited && <span class="edited hint">(edited)</span>}
            </>
          ) : (
            <div class="body hint">{event.type}</div>
          )}
          {item.reactions.length > 0 && (
            <div class="reactions" role="group" aria-label="Reactions">
              {item.reactions.map((reaction) => (
                <button
                  type="button"
                  key={reaction.key}
                  class={reaction.ownEventId === undefined ? "" : "mine"}
                  aria-pressed={reaction.ownEventId !== undefined}
                  title={reaction.senders.map(nameOf).join(", ")}
                  onClick={() => void store.toggleReaction(room.roomId, event.event_id, reaction.key, reaction.ownEventId)}
                  data-testid="reaction"
                >
                  {reaction.key} {reaction.senders.length}
                </button>
              ))}
            </div>
          )}
          {!item.redacted && (
            <div class="message-actions">
              <button type="button" onClick={() => onReply(event)} aria-label="Reply" data-testid="reply">
                Reply
              </button>
              {["👍", "❤️", "😄"].map((key) => (
                <button type="button" key={key} aria-label={`React with ${key}`} onClick={() => void store.toggleReaction(room.roomId, event.event_id, key, item.reactions.find((r) => r.key === key)?.ownEventId)}>
                  {key}
                </button>
              ))}
              {own && event.type === "m.room.message" && (
                <button type="button" onClick={() => onEdit(event, body)} aria-label="Edit" data-testid="edit">
                  Edit
                </button>
              )}
              {own && (
                <button type="button" onClick={() => void store.redact(room.roomId, event.event_id)} aria-label="Delete" data-testid="delete">
                  Delete
                </button>
              )}
            </div>
          )}
          {readers.length > 0 && (
            <div class="receipts" aria-label={`Seen by ${readers.map(nameOf).join(", ")}`}>
              {readers.slice(0, 5).map((userId) => (
                <span key={userId} class="avatar tiny" title={nameOf(userId)}>
                  {initialsOf(nameOf(userId))}
                </span>
              ))}
            </div>
          )}
        </article>
      );
    }
  }
}
