import { getCapabilities, getVersions, getWellknown } from "@myelin/client-server";
import { DEFAULT_ROOM_VERSION, KNOWN_ROOM_VERSION_IDS } from "@myelin/core";
import type { RouteContext } from "../context.js";

// Spec versions advertised by GET /_matrix/client/versions. Clients pick
// features from this list, so it only names versions whose behaviour we give
// for everything we serve: r0.x and v1.1-v1.11 (v1.11 moves clients to the
// authenticated media endpoints, which the media repository serves). Not
// v1.12 and later yet: their additions (e.g. OAuth metadata in v1.15,
// extended profiles) are not served.
const SUPPORTED_VERSIONS = [
  "r0.0.1",
  "r0.1.0",
  "r0.2.0",
  "r0.3.0",
  "r0.4.0",
  "r0.5.0",
  "r0.6.0",
  "r0.6.1",
  "v1.1",
  "v1.2",
  "v1.3",
  "v1.4",
  "v1.5",
  "v1.6",
  "v1.7",
  "v1.8",
  "v1.9",
  "v1.10",
  "v1.11",
];

export function discoveryRoutes({ serve, config }: RouteContext): void {
  serve(getVersions, () => ({ versions: SUPPORTED_VERSIONS, unstable_features: {} }));

  serve(getWellknown, (_request, { request }) => ({
    "m.homeserver": { base_url: config.publicBaseUrl ?? new URL(request.url).origin },
  }));

  serve(getCapabilities, () => ({
    capabilities: {
      "m.change_password": { enabled: true },
      "m.room_versions": {
        default: DEFAULT_ROOM_VERSION,
        available: Object.fromEntries(KNOWN_ROOM_VERSION_IDS.map((id) => [id, "stable" as const])),
      },
      "m.set_displayname": { enabled: true },
      "m.set_avatar_url": { enabled: true },
      "m.3pid_changes": { enabled: false },
      "m.get_login_token": { enabled: true },
      "m.profile_fields": { enabled: true, allowed: ["displayname", "avatar_url"] },
    },
  }));
}
