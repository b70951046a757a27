import { randomBytes } from "node:crypto";
import { isValidServerName } from "@myelin/core";
import { MatrixError } from "@myelin/http";

// Media IDs are the path component of `mxc://<server>/<id>`. The spec
// restricts them to A-Za-z0-9, "_" and "-" so an ID can never walk out of a
// directory ("Security considerations" of the content repository); we check
// that on every request, even though our files are named by hash.

const MEDIA_ID_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/** 24 characters of URL-safe base64: 144 random bits, unguessable. */
export function newMediaId(): string {
  return randomBytes(18).toString("base64url");
}

export function mxcUri(serverName: string, mediaId: string): string {
  return `mxc://${serverName}/${mediaId}`;
}

/** 400 M_INVALID_PARAM unless both parts are what an mxc URI may hold. */
export function checkMediaAddress(serverName: string, mediaId: string): void {
  if (!isValidServerName(serverName)) throw MatrixError.invalidParam("serverName is not a valid server name");
  if (!MEDIA_ID_PATTERN.test(mediaId)) throw MatrixError.invalidParam("mediaId may only contain A-Z, a-z, 0-9, _ and -");
}
