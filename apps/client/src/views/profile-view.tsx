import { useEffect, useState } from "preact/hooks";
import { errorMessage, type AppState, type MatrixStore } from "../store/matrix-store.js";
import { Avatar } from "./avatar.js";
import { Dialog } from "./dialog.js";

type Device = Awaited<ReturnType<MatrixStore["devices"]>>[number];

export function ProfileView({ store, state, onClose }: { store: MatrixStore; state: AppState; onClose: () => void }) {
  const [displayName, setDisplayName] = useState("");
  const [devices, setDevices] = useState<Device[]>([]);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [profile, setProfile] = useState<{ displayname?: string; avatar_url?: string }>({});

  const run = (action: () => Promise<void>, message?: string) => {
    setError(undefined);
    setStatus(undefined);
    action().then(
      () => message !== undefined && setStatus(message),
      (e: unknown) => setError(errorMessage(e)),
    );
  };
  const refreshDevices = () => run(async () => setDevices(await store.devices()));
  useEffect(refreshDevices, []);
  const refreshProfile = async () => {
    const current = await store.ownProfile();
    setProfile(current);
    setDisplayName((typed) => (typed === "" ? (current.displayname ?? "") : typed));
  };
  useEffect(() => {
    refreshProfile().catch(() => undefined);
  }, []);

  return (
    <Dialog title="Profile" onClose={onClose} testId="profile">
      <div class="profile-avatar" data-testid="own-avatar">
        <Avatar store={store} name={profile.displayname ?? state.session?.userId ?? "?"} mxcUri={profile.avatar_url} size="large" />
      </div>
      <p>
        Signed in as <strong>{state.session?.userId}</strong> on {state.session?.homeserverUrl}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            await store.setDisplayName(displayName);
            await refreshProfile();
          }, "Display name saved.");
        }}
      >
        <label>
          Display name
          <input value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} required data-testid="display-name" />
        </label>
        <button type="submit">Save</button>
      </form>
      <label>
        Avatar
        <input
          type="file"
          accept="image/*"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file !== undefined) run(async () => {
                await store.setAvatar(file);
                await refreshProfile();
              }, "Avatar saved.");
          }}
          data-testid="avatar-upload"
        />
      </label>
      <h3>Devices</h3>
      <label>
        Password (needed to sign out other devices)
        <input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} autocomplete="current-password" data-testid="device-password" />
      </label>
      <ul class="devices" data-testid="device-list">
        {devices.map((device) => (
          <li key={device.device_id} data-testid="device" data-device-id={device.device_id}>
            <span>
              {device.display_name ?? device.device_id} <span class="hint">{device.device_id}{device.device_id === state.session?.deviceId ? " (this device)" : ""}</span>
            </span>
            {device.device_id !== state.session?.deviceId && (
              <button type="button" onClick={() => run(async () => { await store.deleteDevice(device.device_id, password); refreshDevices(); }, "Device signed out.")} aria-label={`Sign out ${device.device_id}`}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      {error !== undefined && <p class="error" role="alert">{error}</p>}
      {status !== undefined && <p class="hint" role="status">{status}</p>}
      <button type="button" class="danger" onClick={() => run(() => store.logout())} data-testid="logout">
        Sign out of this device
      </button>
    </Dialog>
  );
}
