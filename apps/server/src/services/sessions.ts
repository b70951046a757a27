import { MatrixError } from "@myelin/http";
import type { Storage } from "../storage/storage.js";
import type { Clock } from "./clock.js";
import type { Requester } from "./requester.js";
import { hashToken, randomDeviceId, randomToken } from "./secrets.js";

export interface IssuedSession {
  deviceId: string;
  accessToken: string;
  refreshToken?: string;
  expiresInMs?: number;
}

export interface SessionOptions {
  /** Lifetime of access tokens given to clients that accept refresh tokens. */
  refreshableAccessTokenLifetimeMs: number;
  loginTokenLifetimeMs?: number;
}

const DEFAULT_LOGIN_TOKEN_LIFETIME_MS = 2 * 60 * 1000;

/**
 * Access tokens, refresh tokens and login tokens: issuing, resolving and
 * revoking them ("Client Authentication" and "Login" in the spec).
 */
export class SessionService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly options: SessionOptions,
  ) {}

  /**
   * Log a device in: create it (or reuse the given one, whose previous
   * tokens are revoked as the spec's `device_id` description requires) and
   * issue an access token, plus a refresh token when the client asked.
   */
  async issue(request: { userId: string; deviceId?: string | undefined; displayName?: string | undefined; refreshToken?: boolean | undefined }): Promise<IssuedSession> {
    const deviceId = request.deviceId ?? randomDeviceId();
    const now = this.clock();
    const accessToken = randomToken("myla");
    const refreshToken = request.refreshToken ? randomToken("mylr") : undefined;
    const lifetime = this.options.refreshableAccessTokenLifetimeMs;
    await this.storage.transaction(async (stores) => {
      if (request.deviceId !== undefined) await stores.tokens.deleteDeviceTokens(request.userId, deviceId);
      await stores.devices.ensureDevice({ userId: request.userId, deviceId, displayName: request.displayName ?? null, createdTs: now });
      await stores.tokens.insertAccessToken({
        tokenHash: hashToken(accessToken),
        userId: request.userId,
        deviceId,
        createdTs: now,
        expiresTs: refreshToken === undefined ? null : now + lifetime,
      });
      if (refreshToken !== undefined) {
        await stores.tokens.insertRefreshToken({ tokenHash: hashToken(refreshToken), userId: request.userId, deviceId, createdTs: now });
      }
    });
    return refreshToken === undefined ? { deviceId, accessToken } : { deviceId, accessToken, refreshToken, expiresInMs: lifetime };
  }

  /** Resolve an access token; an expired one is `M_UNKNOWN_TOKEN` with `soft_logout` so the client refreshes. */
  async authenticate(accessToken: string): Promise<Requester | undefined> {
    const tokenHash = hashToken(accessToken);
    const record = await this.storage.tokens.findAccessToken(tokenHash);
    if (!record || record.deactivated) return undefined;
    if (record.expiresTs !== null && record.expiresTs <= this.clock()) {
      throw MatrixError.unknownToken("Access token has expired", { softLogout: true });
    }
    return { userId: record.userId, deviceId: record.deviceId, isGuest: record.isGuest, isAdmin: record.isAdmin, tokenHash };
  }

  /**
   * Exchange a refresh token for a new access token and refresh token. The
   * old refresh token is consumed atomically, so two concurrent refreshes
   * with it cannot both succeed; the old access token keeps its own expiry.
   */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const now = this.clock();
    const accessToken = randomToken("myla");
    const nextRefreshToken = randomToken("mylr");
    const lifetime = this.options.refreshableAccessTokenLifetimeMs;
    const owner = await this.storage.transaction(async (stores) => {
      const taken = await stores.tokens.takeRefreshToken(hashToken(refreshToken));
      if (!taken) return undefined;
      const user = await stores.accounts.getUser(taken.userId);
      if (!user || user.deactivated) return undefined;
      await stores.tokens.insertAccessToken({ tokenHash: hashToken(accessToken), userId: taken.userId, deviceId: taken.deviceId, createdTs: now, expiresTs: now + lifetime });
      await stores.tokens.insertRefreshToken({ tokenHash: hashToken(nextRefreshToken), userId: taken.userId, deviceId: taken.deviceId, createdTs: now });
      return taken;
    });
    if (!owner) throw MatrixError.unknownToken("Unknown refresh token");
    return { deviceId: owner.deviceId, accessToken, refreshToken: nextRefreshToken, expiresInMs: lifetime };
  }

  /** `POST /logout`: the token goes, and so does its device (spec: "the device associated with the access token is also deleted"). */
  async logout(requester: Requester): Promise<void> {
    await this.storage.transaction(async (stores) => {
      await stores.tokens.deleteAccessToken(requester.tokenHash);
      await stores.devices.deleteDevices(requester.userId, [requester.deviceId]);
    });
  }

  async logoutAll(userId: string): Promise<void> {
    await this.storage.transaction((stores) => stores.devices.deleteAllDevices(userId));
  }

  async createLoginToken(userId: string): Promise<{ token: string; expiresInMs: number }> {
    const token = randomToken("myll");
    const expiresInMs = this.options.loginTokenLifetimeMs ?? DEFAULT_LOGIN_TOKEN_LIFETIME_MS;
    await this.storage.tokens.insertLoginToken({ tokenHash: hashToken(token), userId, expiresTs: this.clock() + expiresInMs });
    return { token, expiresInMs };
  }

  /** The user a login token was issued to; the token is used up whether or not it is still valid. */
  async consumeLoginToken(token: string): Promise<string | undefined> {
    const record = await this.storage.tokens.takeLoginToken(hashToken(token));
    if (!record || record.expiresTs <= this.clock()) return undefined;
    return record.userId;
  }
}
