import { useState } from "preact/hooks";
import { defaultHomeserver } from "../config.js";
import { errorMessage, type MatrixStore } from "../store/matrix-store.js";
import { fetchLoginFlows, passwordLogin, registerAccount } from "../store/session/account.js";
import { discoverHomeserver } from "../store/session/discovery.js";

export function LoginView({ store, notice }: { store: MatrixStore; notice: string | undefined }) {
  const [server, setServer] = useState(defaultHomeserver());
  const [baseUrl, setBaseUrl] = useState<string | undefined>(undefined);
  const [flows, setFlows] = useState<string[]>([]);
  const [mode, setMode] = useState<"login" | "register">("login");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const checkServer = () =>
    run(async () => {
      const found = await discoverHomeserver(server);
      setBaseUrl(found.baseUrl);
      setFlows(await fetchLoginFlows(found.baseUrl));
    });

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      let url = baseUrl;
      if (url === undefined) {
        url = (await discoverHomeserver(server)).baseUrl;
        setBaseUrl(url);
      }
      const session = mode === "login" ? await passwordLogin(url, username, password) : await registerAccount(url, username, password, token || undefined);
      await store.signIn(session);
    });
  };

  return (
    <main class="login">
      <h1>Myelin</h1>
      {notice !== undefined && <p class="notice" role="alert">{notice}</p>}
      <form onSubmit={submit} aria-label={mode === "login" ? "Sign in" : "Create account"}>
        <label>
          Homeserver
          <input
            name="homeserver"
            value={server}
            onInput={(e) => {
              setServer(e.currentTarget.value);
              setBaseUrl(undefined);
              setFlows([]);
            }}
            onBlur={() => void checkServer()}
            autocomplete="url"
            required
            data-testid="homeserver"
          />
        </label>
        {baseUrl !== undefined && (
          <p class="hint" data-testid="login-flows">
            {baseUrl} offers: {flows.length === 0 ? "no login flows" : flows.join(", ")}
          </p>
        )}
        <div class="tabs" role="group" aria-label="Mode">
          <button type="button" aria-pressed={mode === "login"} onClick={() => setMode("login")}>
            Sign in
          </button>
          <button type="button" aria-pressed={mode === "register"} onClick={() => setMode("register")} data-testid="mode-register">
            Create account
          </button>
        </div>
        <label>
          Username
          <input name="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} autocomplete="username" required data-testid="username" />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            autocomplete={mode === "login" ? "current-password" : "new-password"}
            required
            data-testid="password"
          />
        </label>
        {mode === "register" && (
          <label>
            Registration token (if the server needs one)
            <input name="registration-token" value={token} onInput={(e) => setToken(e.currentTarget.value)} data-testid="registration-token" />
          </label>
        )}
        {error !== undefined && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy} data-testid="submit-login">
          {busy ? "Please wait…" : mode === "login" ? "Sign in" : "Create account"}
        </button>
      </form>
    </main>
  );
}
