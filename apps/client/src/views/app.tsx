import { useState } from "preact/hooks";
import type { MatrixStore } from "../store/matrix-store.js";
import { LoginView } from "./login-view.js";
import { ProfileView } from "./profile-view.js";
import { RoomList } from "./room-list.js";
import { RoomView } from "./room-view.js";
import { useAppState } from "./use-store.js";

const CONNECTION_LABELS = { connected: "Connected", reconnecting: "Reconnecting…", offline: "Offline" } as const;

export function App({ store }: { store: MatrixStore }) {
  const state = useAppState(store);
  const [selectedRoomId, setSelectedRoomId] = useState<string | undefined>(undefined);
  const [showProfile, setShowProfile] = useState(false);

  if (state.phase === "loading") return <p class="loading" role="status">Loading…</p>;
  if (state.phase === "signed-out" || state.session === undefined) return <LoginView store={store} notice={state.notice} />;

  const selectedRoom = selectedRoomId === undefined ? undefined : state.sync.rooms[selectedRoomId];
  return (
    <div class={`layout ${selectedRoom === undefined ? "show-list" : "show-room"}`}>
      <header class="topbar">
        <span class="brand">Myelin</span>
        <span class={`connection connection-${state.connection}`} role="status" aria-live="polite" data-testid="connection-state">
          {state.sync.nextBatch === undefined && state.connection !== "offline" ? "Connecting…" : CONNECTION_LABELS[state.connection]}
        </span>
        <button type="button" onClick={() => setShowProfile(true)} aria-label="Profile and devices" data-testid="open-profile">
          {state.session.userId}
        </button>
      </header>
      <nav class="sidebar" aria-label="Rooms">
        <RoomList store={store} state={state} selectedRoomId={selectedRoomId} onSelect={setSelectedRoomId} />
      </nav>
      <main class="room-pane">
        {selectedRoom === undefined ? (
          <p class="placeholder">Choose a room, or create one.</p>
        ) : (
          <RoomView key={selectedRoom.roomId} store={store} room={selectedRoom} ownUserId={state.session.userId} onClose={() => setSelectedRoomId(undefined)} />
        )}
      </main>
      {showProfile && <ProfileView store={store} state={state} onClose={() => setShowProfile(false)} />}
    </div>
  );
}
