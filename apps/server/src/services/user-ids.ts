import { checkUserId } from "@myelin/core";
import { MatrixError } from "@myelin/http";

/**
 * The user ID a new account would get. New localparts must follow the strict
 * grammar (appendix "User Identifiers": a-z, 0-9 and `-.=_/+`, so no upper
 * case) and the whole ID must fit in 255 bytes.
 */
export function newUserId(localpart: string, serverName: string): string {
  if (localpart === "") throw new MatrixError("M_INVALID_USERNAME", "The username must not be empty");
  const userId = `@${localpart}:${serverName}`;
  const check = checkUserId(userId, false);
  if (!check.ok) throw new MatrixError("M_INVALID_USERNAME", `Invalid username: ${check.reason}`);
  return userId;
}

/**
 * The local user a login names: a full user ID on this server, or a
 * localpart. Localparts are matched in lower case, as registration only
 * creates lower-case ones. Undefined when it cannot be a local user.
 */
export function loginUserId(user: string, serverName: string): string | undefined {
  if (user.startsWith("@")) {
    const colon = user.indexOf(":");
    if (colon < 0 || user.slice(colon + 1) !== serverName) return undefined;
    return `@${user.slice(1, colon).toLowerCase()}:${serverName}`;
  }
  if (user === "" || user.includes(":")) return undefined;
  return `@${user.toLowerCase()}:${serverName}`;
}

/** The `user` of an `m.id.user` identifier, or of the deprecated top-level `user` field. */
export function userFromIdentifier(identifier: unknown, legacyUser: unknown): string | undefined {
  if (typeof identifier === "object" && identifier !== null) {
    const { type, user } = identifier as { type?: unknown; user?: unknown };
    if (type !== "m.id.user") {
      throw new MatrixError("M_UNKNOWN", `Identifier type ${String(type)} is not supported; use m.id.user`, { httpStatus: 400 });
    }
    if (typeof user !== "string") throw MatrixError.badJson("identifier.user must be a string");
    return user;
  }
  return typeof legacyUser === "string" ? legacyUser : undefined;
}

/** Whether a user ID (or alias) belongs to this server: its server part is `serverName`. */
export function isLocalId(id: string, serverName: string): boolean {
  return id.endsWith(`:${serverName}`);
}
