import { generateLoginToken, getLoginFlows, getTokenOwner, login, logout, logoutAll, refresh } from "@myelin/client-server";
import type { RouteContext } from "../context.js";
import { LOGIN_FLOWS } from "../../services/login.js";

export function loginRoutes({ serve, services, config }: RouteContext): void {
  serve(getLoginFlows, () => ({ flows: LOGIN_FLOWS }));

  serve(login, async ({ body }) => {
    const { userId, session } = await services.login.login({
      type: body.type,
      identifier: body.identifier,
      user: body.user,
      password: body.password,
      token: body.token,
      deviceId: body.device_id,
      initialDeviceDisplayName: body.initial_device_display_name,
      refreshToken: body.refresh_token,
    });
    return {
      user_id: userId,
      access_token: session.accessToken,
      device_id: session.deviceId,
      home_server: config.serverName,
      ...(session.refreshToken !== undefined && { refresh_token: session.refreshToken, expires_in_ms: session.expiresInMs }),
      ...(config.publicBaseUrl !== undefined && { well_known: { "m.homeserver": { base_url: config.publicBaseUrl } } }),
    };
  });

  serve(refresh, async ({ body }) => {
    const session = await services.sessions.refresh(body.refresh_token);
    return { access_token: session.accessToken, refresh_token: session.refreshToken, expires_in_ms: session.expiresInMs };
  });

  serve(logout, async (_request, { auth }) => {
    await services.sessions.logout(auth);
    return {};
  });

  serve(logoutAll, async (_request, { auth }) => {
    await services.sessions.logoutAll(auth.userId);
    return {};
  });

  serve(getTokenOwner, (_request, { auth }) => ({ user_id: auth.userId, device_id: auth.deviceId, is_guest: auth.isGuest }));

  serve(generateLoginToken, async ({ body }, { auth }) => {
    const outcome = await services.accounts.reauthenticate(auth, "generate_login_token", body.auth);
    if (!outcome.completed) return outcome.response;
    const { token, expiresInMs } = await services.sessions.createLoginToken(auth.userId);
    return { login_token: token, expires_in_ms: expiresInMs };
  });
}
