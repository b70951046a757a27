import { z } from "zod";
import { isValidServerName } from "@myelin/core";
import { isCidrRange } from "../services/media/url-preview/ip-ranges.js";

/** A token bucket: `per_second` refill rate and `burst` capacity, per client address. */
const bucket = z.strictObject({
  per_second: z.number().positive(),
  burst: z.number().int().positive(),
});

/**
 * The homeserver configuration file (YAML, in the style of Synapse's
 * homeserver.yaml). Unknown keys are errors: a misspelt option silently
 * ignored is worse than a server that refuses to start.
 */
export const configFileSchema = z.strictObject({
  server_name: z.string().refine(isValidServerName, "is not a valid server name").optional(),
  bind: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  data_dir: z.string().min(1).optional(),
  /** `sqlite:PATH` / a file path (relative to data_dir), or a `postgres://` URL. */
  database: z.string().min(1).optional(),
  /** Base URL clients should use, advertised in `/.well-known/matrix/client`. */
  public_baseurl: z.url().optional(),
  enable_registration: z.boolean().optional(),
  registration_tokens: z.array(z.string().regex(/^[A-Za-z0-9._~-]{1,64}$/, "must be 1-64 of [A-Za-z0-9._~-]")).optional(),
  registration_shared_secret: z.string().min(1).optional(),
  allow_guest_access: z.boolean().optional(),
  rate_limits: z
    .strictObject({
      enabled: z.boolean().optional(),
      login: bucket.optional(),
      register: bucket.optional(),
    })
    .optional(),
  /** Largest JSON request body, in bytes. */
  max_request_body_size: z.number().int().positive().optional(),
  /** Largest media upload, in bytes (used by the media repository). */
  max_upload_size: z.number().int().positive().optional(),
  /**
   * URL previews (GET /media/preview_url). The server fetches pages for
   * clients, so it refuses every non-public address (loopback, private,
   * link-local, ...) unless a range is listed in `ip_range_whitelist`.
   */
  url_preview: z
    .strictObject({
      enabled: z.boolean().optional(),
      ip_range_whitelist: z.array(z.string().refine(isCidrRange, "is not an IP address or CIDR range")).optional(),
    })
    .optional(),
  /** Lifetime of access tokens issued to clients that accept refresh tokens. */
  refreshable_access_token_lifetime_ms: z.number().int().positive().optional(),
  signing_key_path: z.string().min(1).optional(),
  /** Serve the client-server API (false for a federation-only worker, later). */
  serve_client: z.boolean().optional(),
  /** Serve the reference web client (apps/client's build) at `/`. */
  serve_web_client: z.boolean().optional(),
  /** Directory of the built web client; default: apps/client/dist of this workspace. */
  web_client_dir: z.string().min(1).optional(),
  log_level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;

export interface RateLimitBucket {
  perSecond: number;
  burst: number;
}

export type DatabaseConfig = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string; schema?: string };

/** The configuration after defaults, environment overrides and path resolution. */
export interface ServerConfig {
  serverName: string;
  bind: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  publicBaseUrl: string | undefined;
  registration: {
    enabled: boolean;
    tokens: readonly string[];
    sharedSecret: string | undefined;
    allowGuests: boolean;
  };
  rateLimits: { enabled: boolean; login: RateLimitBucket; register: RateLimitBucket };
  maxRequestBodySize: number;
  maxUploadSize: number;
  urlPreview: { enabled: boolean; ipRangeWhitelist: readonly string[] };
  refreshableAccessTokenLifetimeMs: number;
  signingKeyPath: string;
  serveClient: boolean;
  /** The web client at `/`: `dir` undefined means apps/client/dist of the workspace. */
  webClient: { enabled: boolean; dir: string | undefined };
  logLevel: NonNullable<ConfigFile["log_level"]>;
}
