/** Who made an authenticated request: what handlers receive as `context.auth`. */
export interface Requester {
  userId: string;
  deviceId: string;
  isGuest: boolean;
  isAdmin: boolean;
  /** SHA-256 of the access token, so logout can revoke exactly this token. */
  tokenHash: string;
}
