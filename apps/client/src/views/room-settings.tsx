import { useState } from "preact/hooks";
import { errorMessage, type MatrixStore } from "../store/matrix-store.js";
import { describePowerLevel, roomPowerLevels } from "../store/rooms/power.js";
import { membersWith, stateString } from "../store/rooms/state-map.js";
import type { RoomModel } from "../store/rooms/types.js";
import { Dialog } from "./dialog.js";
import { memberDisplayName, roomDisplayName } from "./names.js";

interface Props {
  store: MatrixStore;
  room: RoomModel;
  ownUserId: string;
  onClose: () => void;
  onLeft: () => void;
}

export function RoomSettings({ store, room, ownUserId, onClose, onLeft }: Props) {
  const [name, setName] = useState(stateString(room, "m.room.name", "name") ?? "");
  const [topic, setTopic] = useState(stateString(room, "m.room.topic", "topic") ?? "");
  const [invitee, setInvitee] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const power = roomPowerLevels(room);
  const can = (type: string) => power?.canSendEvent(ownUserId, type, true) ?? false;

  const run = (action: () => Promise<void>, message: string) => {
    setError(undefined);
    setDone(undefined);
    action().then(
      () => setDone(message),
      (e: unknown) => setError(errorMessage(e)),
    );
  };

  const members = [...membersWith(room, "join"), ...membersWith(room, "invite")].sort(
    (a, b) => (power?.userLevel(b) ?? 0) - (power?.userLevel(a) ?? 0) || a.localeCompare(b),
  );

  return (
    <Dialog title={`Settings: ${roomDisplayName(room, ownUserId)}`} onClose={onClose} testId="room-settings">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            if (name !== (stateString(room, "m.room.name", "name") ?? "")) await store.setRoomState(room.roomId, "m.room.name", { name });
            if (topic !== (stateString(room, "m.room.topic", "topic") ?? "")) await store.setRoomState(room.roomId, "m.room.topic", { topic });
          }, "Saved.");
        }}
      >
        <label>
          Room name
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} disabled={!can("m.room.name")} data-testid="settings-name" />
        </label>
        <label>
          Topic
          <input value={topic} onInput={(e) => setTopic(e.currentTarget.value)} disabled={!can("m.room.topic")} data-testid="settings-topic" />
        </label>
        <button type="submit" disabled={!can("m.room.name") && !can("m.room.topic")}>
          Save
        </button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            await store.invite(room.roomId, invitee);
            setInvitee("");
          }, "Invited.");
        }}
      >
        <label>
          Invite (user ID)
          <input value={invitee} onInput={(e) => setInvitee(e.currentTarget.value)} placeholder="@someone:example.org" pattern="@.+:.+" required data-testid="invite-user" />
        </label>
        <button type="submit" disabled={power !== undefined && !power.canInvite(ownUserId)} data-testid="invite-submit">
          Invite
        </button>
      </form>
      {error !== undefined && <p class="error" role="alert">{error}</p>}
      {done !== undefined && <p class="hint" role="status">{done}</p>}
      <h3>Members</h3>
      <ul class="members" data-testid="member-list">
        {members.map((userId) => (
          <li key={userId}>
            <span>
              {memberDisplayName(room, userId)} <span class="hint">{room.state["m.room.member"]?.[userId]?.content.membership === "invite" ? "(invited) " : ""}{describePowerLevel(power?.userLevel(userId))}</span>
            </span>
            {userId !== ownUserId && power?.canKick(ownUserId, userId) === true && (
              <button type="button" onClick={() => run(() => store.kick(room.roomId, userId), "Removed.")} aria-label={`Remove ${userId}`}>
                Kick
              </button>
            )}
            {userId !== ownUserId && power?.canBan(ownUserId, userId) === true && (
              <button type="button" onClick={() => run(() => store.ban(room.roomId, userId), "Banned.")} aria-label={`Ban ${userId}`}>
                Ban
              </button>
            )}
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="danger"
        onClick={() => {
          store.leave(room.roomId).then(onLeft, (e: unknown) => setError(errorMessage(e)));
        }}
        data-testid="leave-room"
      >
        Leave room
      </button>
    </Dialog>
  );
}
