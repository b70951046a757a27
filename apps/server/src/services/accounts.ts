import { MatrixError } from "@myelin/http";
import type { Storage } from "../storage/storage.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import type { Requester } from "./requester.js";
import type { AuthDict, UiaOutcome, UiaService } from "./uia.js";
import { loginUserId, userFromIdentifier } from "./user-ids.js";

/** Operations on an existing account that need its password again (UIA with `m.login.password`). */
export class AccountService {
  constructor(
    private readonly storage: Storage,
    private readonly uia: UiaService,
    private readonly serverName: string,
  ) {}

  /** Check a password against an account; false for unknown, deactivated or password-less accounts. */
  async checkPassword(userId: string, password: string): Promise<boolean> {
    const user = await this.storage.accounts.getUser(userId);
    if (!user || user.deactivated || user.passwordHash === null) return false;
    return verifyPassword(password, user.passwordHash);
  }

  /**
   * Run UIA for a sensitive operation of `requester`. Guests have no password
   * and cannot do these operations.
   */
  async reauthenticate(requester: Requester, purpose: string, auth: AuthDict | undefined): Promise<UiaOutcome> {
    if (requester.isGuest) throw new MatrixError("M_GUEST_ACCESS_FORBIDDEN", "Guests cannot do this");
    return this.uia.run({
      purpose,
      userId: requester.userId,
      flows: [["m.login.password"]],
      auth,
      checkStage: async (_type, dict) => {
        const named = userFromIdentifier(dict.identifier, dict.user);
        // The stage must prove the requester's own password, not anyone's.
        if (named !== undefined && loginUserId(named, this.serverName) !== requester.userId) {
          throw MatrixError.forbidden("The identifier does not name the logged-in user");
        }
        if (typeof dict.password !== "string" || !(await this.checkPassword(requester.userId, dict.password))) {
          throw MatrixError.forbidden("Invalid password");
        }
      },
    });
  }

  /** Set a new password; unless told otherwise, every other device is logged out (spec: `logout_devices` defaults to true). */
  async changePassword(requester: Requester, newPassword: string, logoutDevices: boolean): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    await this.storage.transaction(async (stores) => {
      await stores.accounts.setPasswordHash(requester.userId, passwordHash);
      if (logoutDevices) await stores.devices.deleteAllDevices(requester.userId, requester.deviceId);
    });
  }

  /** Deactivate: no more logins, every device and token gone. Room leaves come with rooms. */
  async deactivate(userId: string): Promise<void> {
    await this.storage.transaction(async (stores) => {
      await stores.accounts.deactivate(userId);
      await stores.devices.deleteAllDevices(userId);
    });
  }
}
