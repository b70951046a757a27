import { randomBytes } from "node:crypto";
import { MatrixError } from "@myelin/http";
import type { ServerConfig } from "../config/schema.js";
import type { Storage } from "../storage/storage.js";
import type { Clock } from "./clock.js";
import { hashPassword } from "./passwords.js";
import type { IssuedSession, SessionService } from "./sessions.js";
import type { AuthDict, UiaService } from "./uia.js";
import { newUserId } from "./user-ids.js";

export interface RegisterRequest {
  kind: "user" | "guest";
  username?: string | undefined;
  password?: string | undefined;
  deviceId?: string | undefined;
  initialDeviceDisplayName?: string | undefined;
  inhibitLogin?: boolean | undefined;
  refreshToken?: boolean | undefined;
  auth?: AuthDict | undefined;
}

export type RegisterResult =
  | { done: true; userId: string; session?: IssuedSession }
  | { done: false; response: Response };

/** How a new account is created: open (`m.login.dummy`), with a registration token, or not at all. */
export function registrationFlows(config: ServerConfig["registration"]): string[][] {
  return config.tokens.length > 0 ? [["m.login.registration_token"]] : [["m.login.dummy"]];
}

export class RegistrationService {
  constructor(
    private readonly storage: Storage,
    private readonly uia: UiaService,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly serverName: string,
    private readonly config: ServerConfig["registration"],
  ) {}

  /** `GET /register/available`: valid, and not taken. */
  async isAvailable(username: string): Promise<boolean> {
    const userId = newUserId(username, this.serverName);
    if (await this.storage.accounts.getUser(userId)) throw new MatrixError("M_USER_IN_USE", "User ID already taken");
    return true;
  }

  isValidRegistrationToken(token: string): boolean {
    return this.config.tokens.includes(token);
  }

  async register(request: RegisterRequest): Promise<RegisterResult> {
    if (request.kind === "guest") return this.registerGuest(request);
    if (!this.config.enabled) throw MatrixError.forbidden("Registration is disabled on this server");
    checkDeviceId(request.deviceId);

    // The username is checked before authentication, so a client learns
    // that it is taken or invalid before asking the user for anything.
    const userId = request.username === undefined ? undefined : newUserId(request.username, this.serverName);
    if (userId !== undefined && (await this.storage.accounts.getUser(userId))) {
      throw new MatrixError("M_USER_IN_USE", "User ID already taken");
    }

    const outcome = await this.uia.run({
      purpose: "register",
      userId: null,
      flows: registrationFlows(this.config),
      auth: request.auth,
      checkStage: (type, auth) => {
        this.checkStage(type, auth);
        return Promise.resolve();
      },
    });
    if (!outcome.completed) return { done: false, response: outcome.response };

    const finalUserId = userId ?? (await this.unusedUserId());
    const created = await this.createAccount({ userId: finalUserId, password: request.password ?? null, isAdmin: false, isGuest: false });
    if (!created) throw new MatrixError("M_USER_IN_USE", "User ID already taken");
    if (request.inhibitLogin) return { done: true, userId: finalUserId };
    const session = await this.sessions.issue({
      userId: finalUserId,
      deviceId: request.deviceId,
      displayName: request.initialDeviceDisplayName,
      refreshToken: request.refreshToken,
    });
    return { done: true, userId: finalUserId, session };
  }

  /** Create an account directly (shared-secret registration, `myelin register-user`). False when the user ID is taken. */
  async createAccount(account: { userId: string; password: string | null; isAdmin: boolean; isGuest: boolean; displayname?: string | undefined }): Promise<boolean> {
    const passwordHash = account.password === null ? null : await hashPassword(account.password);
    const localpart = account.userId.slice(1, account.userId.indexOf(":"));
    return this.storage.accounts.createUser({
      userId: account.userId,
      localpart,
      passwordHash,
      isAdmin: account.isAdmin,
      isGuest: account.isGuest,
      createdTs: this.clock(),
      // Like other servers, a new account starts with its localpart as display name.
      displayname: account.displayname ?? localpart,
    });
  }

  private checkStage(type: string, auth: AuthDict): void {
    if (type === "m.login.dummy") return;
    if (type === "m.login.registration_token") {
      if (typeof auth.token !== "string" || !this.isValidRegistrationToken(auth.token)) {
        throw new MatrixError("M_FORBIDDEN", "Invalid registration token", { httpStatus: 401 });
      }
      return;
    }
    throw new MatrixError("M_UNKNOWN", `Unsupported authentication type ${type}`, { httpStatus: 401 });
  }

  private async registerGuest(request: RegisterRequest): Promise<RegisterResult> {
    if (!this.config.allowGuests) throw new MatrixError("M_GUEST_ACCESS_FORBIDDEN", "Guest access is disabled on this server");
    const userId = await this.unusedUserId();
    await this.createAccount({ userId, password: null, isAdmin: false, isGuest: true });
    if (request.inhibitLogin) return { done: true, userId };
    const session = await this.sessions.issue({ userId, displayName: request.initialDeviceDisplayName, refreshToken: request.refreshToken });
    return { done: true, userId, session };
  }

  /** A generated localpart for registrations without a username (and guests): digits, as other servers do. */
  private async unusedUserId(): Promise<string> {
    for (;;) {
      const localpart = BigInt("0x" + randomBytes(6).toString("hex")).toString().padStart(15, "0");
      const userId = newUserId(localpart, this.serverName);
      if (!(await this.storage.accounts.getUser(userId))) return userId;
    }
  }
}

function checkDeviceId(deviceId: string | undefined): void {
  if (deviceId !== undefined && (deviceId === "" || deviceId.length > 255)) {
    throw MatrixError.invalidParam("device_id must be 1 to 255 characters");
  }
}
