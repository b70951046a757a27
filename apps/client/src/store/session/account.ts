import { createMatrixClient, getLoginFlows, register, type MatrixClient } from "@myelin/client-server";
import type { Session } from "./session.js";
import { withUserInteractiveAuth } from "./user-interactive-auth.js";

const DEVICE_NAME = "Myelin web";

/** The login types the server offers (`GET /login`), e.g. `m.login.password`. */
export async function fetchLoginFlows(baseUrl: string): Promise<string[]> {
  const { flows } = await createMatrixClient({ baseUrl }).call(getLoginFlows);
  return (flows ?? []).map((flow) => flow.type);
}

export async function passwordLogin(baseUrl: string, user: string, password: string): Promise<Session> {
  const client = createMatrixClient({ baseUrl });
  const response = await client.login({
    type: "m.login.password",
    identifier: { type: "m.id.user", user },
    password,
    initial_device_display_name: DEVICE_NAME,
  });
  return { homeserverUrl: baseUrl, userId: response.user_id, deviceId: response.device_id, accessToken: response.access_token };
}

/** The UIA stages registration can complete here: nothing to ask, or a token the user typed. */
const REGISTRATION_STAGES = new Set(["m.login.dummy", "m.login.registration_token"]);

export async function registerAccount(baseUrl: string, username: string, password: string, registrationToken: string | undefined): Promise<Session> {
  const client = createMatrixClient({ baseUrl });
  const response = await withUserInteractiveAuth(
    (auth) =>
      client.call(register, {
        query: { kind: "user" },
        body: { username, password, initial_device_display_name: DEVICE_NAME, ...(auth === undefined ? {} : { auth }) },
      }),
    REGISTRATION_STAGES,
    (stage) => {
      if (stage === "m.login.dummy") return {};
      if (stage === "m.login.registration_token" && registrationToken !== undefined && registrationToken !== "") return { token: registrationToken };
      return undefined;
    },
  );
  if (response.access_token === undefined || response.device_id === undefined) {
    throw new Error("The server registered the account but did not log it in.");
  }
  return { homeserverUrl: baseUrl, userId: response.user_id, deviceId: response.device_id, accessToken: response.access_token };
}

export function clientFor(session: Session): MatrixClient {
  return createMatrixClient({ baseUrl: session.homeserverUrl, accessToken: session.accessToken });
}
