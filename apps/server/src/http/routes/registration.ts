import { checkUsernameAvailability, register, registrationTokenValidity } from "@myelin/client-server";
import type { RouteContext } from "../context.js";

export function registrationRoutes({ serve, services, config }: RouteContext): void {
  serve(register, async ({ body, query }) => {
    const result = await services.registration.register({
      kind: query.kind ?? "user",
      username: body.username,
      password: body.password,
      deviceId: body.device_id,
      initialDeviceDisplayName: body.initial_device_display_name,
      inhibitLogin: body.inhibit_login,
      refreshToken: body.refresh_token,
      auth: body.auth,
    });
    if (!result.done) return result.response;
    const session = result.session;
    return {
      user_id: result.userId,
      home_server: config.serverName,
      ...(session && {
        access_token: session.accessToken,
        device_id: session.deviceId,
        ...(session.refreshToken !== undefined && { refresh_token: session.refreshToken, expires_in_ms: session.expiresInMs }),
      }),
    };
  });

  serve(checkUsernameAvailability, async ({ query }) => ({ available: await services.registration.isAvailable(query.username) }));

  serve(registrationTokenValidity, ({ query }) => ({ valid: services.registration.isValidRegistrationToken(query.token) }));
}
