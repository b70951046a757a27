import { endpoint } from "@myelin/http";
import { z } from "zod";
import type { RouteContext } from "../context.js";

// Synapse's shared-secret registration admin API, which admin tools and
// test suites across the ecosystem call. Not part of the Matrix spec, so the
// definitions live here rather than in @myelin/client-server.

export const getSharedSecretRegistrationNonce = endpoint({
  method: "GET",
  path: "/_synapse/admin/v1/register",
  auth: "none",
  rateLimited: false,
  since: "r0",
  operationId: "getSharedSecretRegistrationNonce",
  specSection: "https://element-hq.github.io/synapse/latest/admin_api/register_api.html",
  response: z.looseObject({ nonce: z.string() }),
});

export const sharedSecretRegister = endpoint({
  method: "POST",
  path: "/_synapse/admin/v1/register",
  auth: "none",
  rateLimited: false,
  since: "r0",
  operationId: "sharedSecretRegister",
  specSection: "https://element-hq.github.io/synapse/latest/admin_api/register_api.html",
  body: z.object({
    nonce: z.string(),
    username: z.string(),
    password: z.string(),
    admin: z.boolean().optional(),
    user_type: z.string().nullable().optional(),
    displayname: z.string().optional(),
    mac: z.string(),
  }),
  response: z.looseObject({ user_id: z.string(), access_token: z.string(), home_server: z.string(), device_id: z.string() }),
});

export function sharedSecretRoutes({ serve, services, config }: RouteContext): void {
  serve(getSharedSecretRegistrationNonce, () => ({ nonce: services.sharedSecret.newNonce() }));

  serve(sharedSecretRegister, async ({ body }) => {
    const { userId, session } = await services.sharedSecret.register(body);
    return { user_id: userId, access_token: session.accessToken, home_server: config.serverName, device_id: session.deviceId };
  });
}
