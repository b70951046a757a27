import { useMemo, useState } from "preact/hooks";
import { errorMessage, type AppState, type MatrixStore } from "../store/matrix-store.js";
import { aggregateRelations, displayedContent } from "../store/rooms/relations.js";
import { orderRoomList } from "../store/rooms/room-order.js";
import { isRedacted } from "../store/rooms/redaction.js";
import { isFoldedRelation } from "../store/rooms/relations.js";
import type { RoomModel } from "../store/rooms/types.js";
import { CreateRoomDialog, DirectoryDialog, JoinRoomDialog } from "./room-dialogs.js";
import { initialsOf, memberDisplayName, roomDisplayName } from "./names.js";

interface Props {
  store: MatrixStore;
  state: AppState;
  selectedRoomId: string | undefined;
  onSelect: (roomId: string | undefined) => void;
}

export function RoomList({ store, state, selectedRoomId, onSelect }: Props) {
  const rooms = useMemo(() => orderRoomList(Object.values(state.sync.rooms)), [state.sync.rooms]);
  const [dialog, setDialog] = useState<"create" | "join" | "directory" | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const ownUserId = state.session?.userId ?? "";

  const act = (action: () => Promise<unknown>) => {
    setError(undefined);
    action().catch((e: unknown) => setError(errorMessage(e)));
  };

  return (
    <div class="room-list">
      <div class="room-list-actions">
        <button type="button" onClick={() => setDialog("create")} data-testid="create-room">
          New room
        </button>
        <button type="button" onClick={() => setDialog("join")} data-testid="join-room">
          Join
        </button>
        <button type="button" onClick={() => setDialog("directory")} data-testid="open-directory">
          Directory
        </button>
      </div>
      {error !== undefined && <p class="error" role="alert">{error}</p>}
      <ul aria-label="Room list" data-testid="room-list">
        {rooms.map((room) => (
          <li key={room.roomId}>
            {room.membership === "invite" ? (
              <InviteRow room={room} ownUserId={ownUserId} onAccept={() => act(() => store.join(room.roomId))} onDecline={() => act(() => store.leave(room.roomId))} />
            ) : (
              <button
                type="button"
                class={`room-row ${room.roomId === selectedRoomId ? "selected" : ""}`}
                aria-current={room.roomId === selectedRoomId ? "true" : undefined}
                onClick={() => onSelect(room.roomId)}
                data-testid="room-row"
                data-room-id={room.roomId}
              >
                <RoomRowContent room={room} ownUserId={ownUserId} />
              </button>
            )}
          </li>
        ))}
      </ul>
      {rooms.length === 0 && <p class="placeholder">No rooms yet.</p>}
      {dialog === "create" && (
        <CreateRoomDialog
          onClose={() => setDialog(undefined)}
          onCreate={async (options) => {
            onSelect(await store.createRoom(options));
            setDialog(undefined);
          }}
        />
      )}
      {dialog === "join" && (
        <JoinRoomDialog
          onClose={() => setDialog(undefined)}
          onJoin={async (target) => {
            onSelect(await store.join(target));
            setDialog(undefined);
          }}
        />
      )}
      {dialog === "directory" && (
        <DirectoryDialog
          store={store}
          onClose={() => setDialog(undefined)}
          onJoin={async (target) => {
            onSelect(await store.join(target));
            setDialog(undefined);
          }}
        />
      )}
    </div>
  );
}

function RoomRowContent({ room, ownUserId }: { room: RoomModel; ownUserId: string }) {
  const name = roomDisplayName(room, ownUserId);
  const preview = lastMessagePreview(room, ownUserId);
  return (
    <>
      <span class="avatar" aria-hidden="true">
        {initialsOf(name)}
      </span>
      <span class="room-row-text">
        <span class="room-name">{name}</span>
        {preview !== undefined && <span class="preview">{preview}</span>}
      </span>
      {room.highlightCount > 0 ? (
        <span class="badge highlight" aria-label={`${room.highlightCount} mentions`}>
          {room.highlightCount}
        </span>
      ) : room.notificationCount > 0 ? (
        <span class="badge" aria-label={`${room.notificationCount} unread`}>
          {room.notificationCount}
        </span>
      ) : null}
    </>
  );
}

function InviteRow({ room, ownUserId, onAccept, onDecline }: { room: RoomModel; ownUserId: string; onAccept: () => void; onDecline: () => void }) {
  const name = roomDisplayName(room, ownUserId);
  const inviter = room.state["m.room.member"]?.[ownUserId]?.sender;
  return (
    <div class="room-row invite" data-testid="invite-row" data-room-id={room.roomId}>
      <span class="avatar" aria-hidden="true">
        {initialsOf(name)}
      </span>
      <span class="room-row-text">
        <span class="room-name">{name}</span>
        <span class="preview">Invited{inviter === undefined ? "" : ` by ${memberDisplayName(room, inviter)}`}</span>
      </span>
      <span class="invite-actions">
        <button type="button" onClick={onAccept} aria-label={`Accept invitation to ${name}`} data-testid="accept-invite">
          Accept
        </button>
        <button type="button" onClick={onDecline} aria-label={`Decline invitation to ${name}`} data-testid="decline-invite">
          Decline
        </button>
      </span>
    </div>
  );
}

/** "Sender: text" of the newest message, with edits applied. */
function lastMessagePreview(room: RoomModel, ownUserId: string): string | undefined {
  for (let i = room.timeline.length - 1; i >= 0; i--) {
    const event = room.timeline[i];
    if (event === undefined || event.type !== "m.room.message" || isFoldedRelation(event)) continue;
    if (isRedacted(event)) return "Message deleted";
    const { content } = displayedContent(event, aggregateRelations(room.timeline, ownUserId));
    const body = typeof content.body === "string" ? content.body : "";
    return `${event.sender === ownUserId ? "You" : memberDisplayName(room, event.sender)}: ${body}`;
  }
  return undefined;
}
