import { createHash, randomBytes } from "node:crypto";

/** A bearer secret: a recognisable prefix and 256 random bits (base64url). */
export function randomToken(prefix: "myla" | "mylr" | "myll"): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** What the database keeps instead of the token itself. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const DEVICE_ID_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Device IDs in the style clients are used to: ten upper-case letters. */
export function randomDeviceId(): string {
  return Array.from(randomBytes(10), (byte) => DEVICE_ID_LETTERS[byte % 26]).join("");
}

export function randomSessionId(): string {
  return randomBytes(18).toString("base64url");
}
