import { useEffect, useState } from "preact/hooks";
import { errorMessage, type MatrixStore } from "../store/matrix-store.js";
import { Dialog } from "./dialog.js";

function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    action()
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return { busy, error, run };
}

export function CreateRoomDialog({ onClose, onCreate }: { onClose: () => void; onCreate: (options: { name: string; topic: string; isPublic: boolean; alias: string }) => Promise<void> }) {
  const [name, setName] = useState("");
  const [topic, setTopic] = useState("");
  const [isPublic, setPublic] = useState(false);
  const [alias, setAlias] = useState("");
  const { busy, error, run } = useAction();
  return (
    <Dialog title="Create a room" onClose={onClose} testId="create-room-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(() => onCreate({ name, topic, isPublic, alias }));
        }}
      >
        <label>
          Name
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="room-name-input" />
        </label>
        <label>
          Topic
          <input value={topic} onInput={(e) => setTopic(e.currentTarget.value)} data-testid="room-topic-input" />
        </label>
        <fieldset>
          <legend>Who can join</legend>
          <label class="inline">
            <input type="radio" name="visibility" checked={!isPublic} onChange={() => setPublic(false)} /> Private (invite only)
          </label>
          <label class="inline">
            <input type="radio" name="visibility" checked={isPublic} onChange={() => setPublic(true)} data-testid="room-public" /> Public (listed in the directory)
          </label>
        </fieldset>
        <label>
          Address (local part of #alias:server, optional)
          <input value={alias} onInput={(e) => setAlias(e.currentTarget.value)} pattern="[^:\s#]*" data-testid="room-alias-input" />
        </label>
        {error !== undefined && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy} data-testid="create-room-submit">
          Create
        </button>
      </form>
    </Dialog>
  );
}

export function JoinRoomDialog({ onClose, onJoin }: { onClose: () => void; onJoin: (target: string) => Promise<void> }) {
  const [target, setTarget] = useState("");
  const { busy, error, run } = useAction();
  return (
    <Dialog title="Join a room" onClose={onClose} testId="join-room-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(() => onJoin(target));
        }}
      >
        <label>
          Room address or ID
          <input value={target} onInput={(e) => setTarget(e.currentTarget.value)} placeholder="#room:example.org" required pattern="[#!].+:.+" data-testid="join-target" />
        </label>
        {error !== undefined && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy} data-testid="join-submit">
          Join
        </button>
      </form>
    </Dialog>
  );
}

type PublicRoom = Awaited<ReturnType<MatrixStore["searchDirectory"]>>["chunk"][number];

export function DirectoryDialog({ store, onClose, onJoin }: { store: MatrixStore; onClose: () => void; onJoin: (target: string) => Promise<void> }) {
  const [term, setTerm] = useState("");
  const [rooms, setRooms] = useState<PublicRoom[]>([]);
  const [nextBatch, setNextBatch] = useState<string | undefined>(undefined);
  const { busy, error, run } = useAction();

  const search = (more: boolean) =>
    run(async () => {
      const response = await store.searchDirectory(term, more ? nextBatch : undefined);
      setRooms((current) => (more ? [...current, ...response.chunk] : response.chunk));
      setNextBatch(response.next_batch);
    });
  useEffect(() => search(false), []);

  return (
    <Dialog title="Public rooms" onClose={onClose} testId="directory-dialog">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          search(false);
        }}
      >
        <label>
          Search
          <input type="search" value={term} onInput={(e) => setTerm(e.currentTarget.value)} data-testid="directory-search" />
        </label>
      </form>
      {error !== undefined && <p class="error" role="alert">{error}</p>}
      <ul class="directory" aria-busy={busy}>
        {rooms.map((room) => (
          <li key={room.room_id}>
            <div>
              <strong>{room.name ?? room.canonical_alias ?? room.room_id}</strong> <span class="hint">{room.num_joined_members} members</span>
              {room.topic !== undefined && <p class="preview">{room.topic}</p>}
            </div>
            <button type="button" onClick={() => run(() => onJoin(room.canonical_alias ?? room.room_id))} aria-label={`Join ${room.name ?? room.room_id}`}>
              Join
            </button>
          </li>
        ))}
      </ul>
      {rooms.length === 0 && !busy && <p class="placeholder">No public rooms found.</p>}
      {nextBatch !== undefined && (
        <button type="button" onClick={() => search(true)} disabled={busy}>
          More
        </button>
      )}
    </Dialog>
  );
}
