import { MatrixError } from "@myelin/http";
import type { Storage } from "../storage/storage.js";
import type { AccountService } from "./accounts.js";
import type { IssuedSession, SessionService } from "./sessions.js";
import { loginUserId, userFromIdentifier } from "./user-ids.js";

export interface LoginRequest {
  type: string;
  identifier?: unknown;
  user?: string | undefined;
  password?: string | undefined;
  token?: string | undefined;
  deviceId?: string | undefined;
  initialDeviceDisplayName?: string | undefined;
  refreshToken?: boolean | undefined;
}

/** The login types `GET /login` offers. */
export const LOGIN_FLOWS = [{ type: "m.login.password" }, { type: "m.login.token", get_login_token: true }];

export class LoginService {
  constructor(
    private readonly storage: Storage,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly serverName: string,
  ) {}

  async login(request: LoginRequest): Promise<{ userId: string; session: IssuedSession }> {
    const userId = await this.identify(request);
    const user = await this.storage.accounts.getUser(userId);
    if (user?.deactivated) throw new MatrixError("M_USER_DEACTIVATED", "This account has been deactivated");
    if (request.deviceId !== undefined && (request.deviceId === "" || request.deviceId.length > 255)) {
      throw MatrixError.invalidParam("device_id must be 1 to 255 characters");
    }
    const session = await this.sessions.issue({
      userId,
      deviceId: request.deviceId,
      displayName: request.initialDeviceDisplayName,
      refreshToken: request.refreshToken,
    });
    return { userId, session };
  }

  private async identify(request: LoginRequest): Promise<string> {
    switch (request.type) {
      case "m.login.password": {
        const named = userFromIdentifier(request.identifier, request.user);
        if (named === undefined) throw MatrixError.badJson("m.login.password needs an identifier of type m.id.user (or user)");
        if (request.password === undefined) throw MatrixError.badJson("m.login.password needs a password");
        const userId = loginUserId(named, this.serverName);
        const user = userId === undefined ? undefined : await this.storage.accounts.getUser(userId);
        if (user?.deactivated) throw new MatrixError("M_USER_DEACTIVATED", "This account has been deactivated");
        // One message for unknown users and wrong passwords: no probing for accounts.
        if (userId === undefined || !(await this.accounts.checkPassword(userId, request.password))) {
          throw MatrixError.forbidden("Invalid username or password");
        }
        return userId;
      }
      case "m.login.token": {
        if (request.token === undefined) throw MatrixError.badJson("m.login.token needs a token");
        const userId = await this.sessions.consumeLoginToken(request.token);
        if (userId === undefined) throw MatrixError.forbidden("Invalid or expired login token");
        return userId;
      }
      default:
        throw new MatrixError("M_UNKNOWN", `Login type ${request.type} is not supported`, { httpStatus: 400 });
    }
  }
}
