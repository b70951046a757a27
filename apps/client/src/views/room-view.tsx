import { useEffect, useState } from "preact/hooks";
import type { MatrixStore } from "../store/matrix-store.js";
import { latestReadableEvent } from "../store/rooms/read-state.js";
import { stateString } from "../store/rooms/state-map.js";
import type { RoomModel } from "../store/rooms/types.js";
import { Composer, type ComposerMode } from "./composer.js";
import { roomDisplayName } from "./names.js";
import { RoomSettings } from "./room-settings.js";
import { Timeline } from "./timeline.js";

export function RoomView({ store, room, ownUserId, onClose }: { store: MatrixStore; room: RoomModel; ownUserId: string; onClose: () => void }) {
  const [mode, setMode] = useState<ComposerMode>({ kind: "new" });
  const [settingsOpen, setSettingsOpen] = useState(false);
  const topic = stateString(room, "m.room.topic", "topic");
  const latest = latestReadableEvent(room);

  // Reading the room while it is shown: send a receipt for the newest event.
  useEffect(() => {
    if (latest !== undefined && document.visibilityState === "visible") store.markRead(room.roomId, latest.event_id).catch(() => undefined);
  }, [latest?.event_id]);

  // A room joined moments ago may hold only a few events: fill the screen.
  useEffect(() => {
    if (room.timeline.length < 20 && !room.reachedStart) void store.paginateBack(room.roomId).catch(() => undefined);
  }, [room.roomId]);

  return (
    <section class="room" aria-label={roomDisplayName(room, ownUserId)} data-testid="room-view">
      <header class="room-header">
        <button type="button" class="back" onClick={onClose} aria-label="Back to rooms">
          ←
        </button>
        <div class="room-title">
          <h2 data-testid="room-title">{roomDisplayName(room, ownUserId)}</h2>
          {topic !== undefined && <p class="hint">{topic}</p>}
        </div>
        <button type="button" onClick={() => setSettingsOpen(true)} aria-label="Room settings" data-testid="open-room-settings">
          ⚙
        </button>
      </header>
      <Timeline
        store={store}
        room={room}
        ownUserId={ownUserId}
        onReply={(event) => setMode({ kind: "reply", event })}
        onEdit={(event, body) => setMode({ kind: "edit", event, body })}
      />
      <Composer store={store} room={room} ownUserId={ownUserId} mode={mode} setMode={setMode} />
      {settingsOpen && (
        <RoomSettings
          store={store}
          room={room}
          ownUserId={ownUserId}
          onClose={() => setSettingsOpen(false)}
          onLeft={() => {
            setSettingsOpen(false);
            onClose();
          }}
        />
      )}
    </section>
  );
}
