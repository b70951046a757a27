import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { MatrixError } from "@myelin/http";
import type { Clock } from "./clock.js";
import type { RegistrationService } from "./registration.js";
import type { IssuedSession, SessionService } from "./sessions.js";
import { newUserId } from "./user-ids.js";

export interface SharedSecretRegistration {
  nonce: string;
  username: string;
  password: string;
  admin?: boolean | undefined;
  user_type?: string | null | undefined;
  displayname?: string | undefined;
  mac: string;
}

const NONCE_LIFETIME_MS = 60_000;

/**
 * Shared-secret registration, compatible with Synapse's admin API
 * (`/_synapse/admin/v1/register`): the client fetches a nonce, then proves it
 * knows the secret with HMAC-SHA1(secret, nonce NUL username NUL password NUL
 * "admin"|"notadmin" [NUL user_type]). Nonces are single-use and expire after
 * a minute; they live in memory, so a restart simply invalidates them.
 */
export class SharedSecretRegistrationService {
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly secret: string | undefined,
    private readonly registration: RegistrationService,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly serverName: string,
  ) {}

  get enabled(): boolean {
    return this.secret !== undefined;
  }

  newNonce(): string {
    this.requireEnabled();
    const now = this.clock();
    for (const [nonce, created] of this.nonces) if (created + NONCE_LIFETIME_MS < now) this.nonces.delete(nonce);
    const nonce = randomBytes(32).toString("hex");
    this.nonces.set(nonce, now);
    return nonce;
  }

  async register(request: SharedSecretRegistration): Promise<{ userId: string; session: IssuedSession }> {
    const secret = this.requireEnabled();
    const created = this.nonces.get(request.nonce);
    // Used up whatever happens next: a nonce never authorises two attempts.
    this.nonces.delete(request.nonce);
    if (created === undefined || created + NONCE_LIFETIME_MS < this.clock()) {
      throw new MatrixError("M_UNKNOWN", "Unrecognised nonce", { httpStatus: 400 });
    }
    if (!macMatches(sharedSecretMac(secret, request), request.mac)) throw MatrixError.forbidden("HMAC incorrect");

    const userId = newUserId(request.username, this.serverName);
    const ok = await this.registration.createAccount({
      userId,
      password: request.password,
      isAdmin: request.admin ?? false,
      isGuest: false,
      displayname: request.displayname,
    });
    if (!ok) throw new MatrixError("M_USER_IN_USE", "User ID already taken");
    const session = await this.sessions.issue({ userId });
    return { userId, session };
  }

  private requireEnabled(): string {
    if (this.secret === undefined) throw new MatrixError("M_UNKNOWN", "Shared secret registration is not enabled", { httpStatus: 400 });
    return this.secret;
  }
}

/** The MAC a client computes (exported for tests and for `myelin register-user`-style tools). */
export function sharedSecretMac(secret: string, request: { nonce: string; username: string; password: string; admin?: boolean | undefined; user_type?: string | null | undefined }): string {
  const hmac = createHmac("sha1", secret);
  hmac.update(request.nonce).update("\0").update(request.username).update("\0").update(request.password).update("\0");
  hmac.update(request.admin ? "admin" : "notadmin");
  if (request.user_type) hmac.update("\0").update(request.user_type);
  return hmac.digest("hex");
}

function macMatches(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, "utf8");
  const given = Buffer.from(givenHex.toLowerCase(), "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
