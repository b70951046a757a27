import { MatrixError } from "@myelin/http";
import type { PusherRecord, Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";

// Spec: client-server "Push Notifications" → "Client behaviour" (pusher.yaml:
// GET /pushers, POST /pushers/set). Pushers are stored here; delivering
// notifications to push gateways comes with the push package.

const PUSHER_KINDS = new Set(["http", "email"]);
/** pusher.yaml: "Max length, 512 bytes" (pushkey) and "Max length, 64 chars" (app_id). */
const MAX_PUSHKEY_BYTES = 512;
const MAX_APP_ID_CHARS = 64;
/** pusher.yaml: an http pusher's `data.url` "MUST be an HTTPS URL with a path of /_matrix/push/v1/notify". */
const PUSH_GATEWAY_PATH = "/_matrix/push/v1/notify";

export interface PusherRequest {
  pushkey: string;
  kind: string | null;
  app_id: string;
  app_display_name?: string | undefined;
  device_display_name?: string | undefined;
  profile_tag?: string | undefined;
  lang?: string | undefined;
  data?: Record<string, unknown> | undefined;
  append?: boolean | undefined;
}

export type PusherView = {
  pushkey: string;
  kind: string;
  app_id: string;
  app_display_name: string;
  device_display_name: string;
  profile_tag?: string;
  lang: string;
  data: Record<string, unknown>;
};

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw MatrixError.missingParam(`${name} is required unless kind is null`);
  return value;
}

function checkGatewayUrl(url: unknown): void {
  if (typeof url !== "string") throw MatrixError.missingParam("data.url is required for http pushers");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw MatrixError.invalidParam("data.url must be an absolute URL");
  }
  // HTTPS is what the spec asks of deployments; plain http stays allowed for gateways on a private network or in development.
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw MatrixError.invalidParam("data.url must be an https URL");
  if (parsed.pathname !== PUSH_GATEWAY_PATH) throw MatrixError.invalidParam(`data.url must have the path ${PUSH_GATEWAY_PATH}`);
}

export class PusherService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  async list(userId: string): Promise<PusherView[]> {
    return (await this.storage.pushers.list(userId)).map((pusher) => ({
      pushkey: pusher.pushkey,
      kind: pusher.kind,
      app_id: pusher.appId,
      app_display_name: pusher.appDisplayName,
      device_display_name: pusher.deviceDisplayName,
      ...(pusher.profileTag !== null && { profile_tag: pusher.profileTag }),
      lang: pusher.lang,
      data: pusher.data,
    }));
  }

  /** POST /pushers/set: `kind: null` deletes the pusher; otherwise create or replace it. */
  async set(userId: string, request: PusherRequest): Promise<void> {
    if (request.pushkey === "" || new TextEncoder().encode(request.pushkey).length > MAX_PUSHKEY_BYTES) {
      throw MatrixError.invalidParam(`pushkey must be 1 to ${MAX_PUSHKEY_BYTES} bytes`);
    }
    if (request.app_id === "" || request.app_id.length > MAX_APP_ID_CHARS) throw MatrixError.invalidParam(`app_id must be 1 to ${MAX_APP_ID_CHARS} characters`);
    if (request.kind === null) {
      await this.storage.pushers.delete(userId, request.app_id, request.pushkey);
      return;
    }
    if (!PUSHER_KINDS.has(request.kind)) throw MatrixError.invalidParam(`Unknown pusher kind ${request.kind}: http or email`);
    const data = required(request.data, "data");
    if (request.kind === "http") checkGatewayUrl(data.url);
    if (request.kind === "email" && !/^[^@\s]+@[^@\s]+$/.test(request.pushkey)) throw MatrixError.invalidParam("The pushkey of an email pusher is an email address");
    const pusher: PusherRecord = {
      userId,
      appId: request.app_id,
      pushkey: request.pushkey,
      kind: request.kind,
      appDisplayName: required(request.app_display_name, "app_display_name"),
      deviceDisplayName: required(request.device_display_name, "device_display_name"),
      profileTag: request.profile_tag ?? null,
      lang: required(request.lang, "lang"),
      data,
      createdTs: this.clock(),
    };
    await this.storage.pushers.set(pusher, request.append === true);
  }
}
