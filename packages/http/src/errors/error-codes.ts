/**
 * The error codes the Matrix specification defines, with the HTTP status a
 * server answers them with when nothing more specific applies.
 *
 * Sources: client-server-api "Common error codes" and "Other error codes",
 * plus the statuses the OpenAPI definitions attach to codes that only appear
 * on particular endpoints (media, key backup, account moderation). A code the
 * spec leaves open ("depends on the endpoint") gets 400 and callers pass the
 * endpoint's status explicitly.
 */
export const ERROR_CODE_STATUS = {
  M_APPSERVICE_LOGIN_UNSUPPORTED: 400,
  M_BAD_ALIAS: 400,
  M_BAD_JSON: 400,
  M_BAD_STATE: 400,
  M_BAD_STATUS: 502,
  M_CANNOT_LEAVE_SERVER_NOTICE_ROOM: 403,
  M_CANNOT_OVERWRITE_MEDIA: 409,
  M_CAPTCHA_INVALID: 400,
  M_CAPTCHA_NEEDED: 401,
  M_CONNECTION_FAILED: 502,
  M_CONNECTION_TIMEOUT: 504,
  M_DUPLICATE_ANNOTATION: 400,
  M_EXCLUSIVE: 400,
  M_FORBIDDEN: 403,
  M_GUEST_ACCESS_FORBIDDEN: 403,
  M_INCOMPATIBLE_ROOM_VERSION: 400,
  M_INVALID_PARAM: 400,
  M_INVALID_ROOM_STATE: 400,
  M_INVALID_SIGNATURE: 400,
  M_INVALID_USERNAME: 400,
  M_INVITE_BLOCKED: 403,
  M_KEY_TOO_LARGE: 400,
  M_LIMIT_EXCEEDED: 429,
  M_MISSING_PARAM: 400,
  M_MISSING_TOKEN: 401,
  M_NOT_FOUND: 404,
  M_NOT_JSON: 400,
  M_NOT_YET_UPLOADED: 504,
  M_PROFILE_TOO_LARGE: 400,
  M_RESOURCE_LIMIT_EXCEEDED: 403,
  M_ROOM_IN_USE: 400,
  M_SERVER_NOT_TRUSTED: 400,
  M_THREEPID_AUTH_FAILED: 403,
  M_THREEPID_DENIED: 403,
  M_THREEPID_IN_USE: 400,
  M_THREEPID_MEDIUM_NOT_SUPPORTED: 400,
  M_THREEPID_NOT_FOUND: 400,
  M_TOO_LARGE: 413,
  M_UNAUTHORIZED: 401,
  M_UNKNOWN: 400,
  M_UNKNOWN_DEVICE: 400,
  M_UNKNOWN_TOKEN: 401,
  // 404 when the endpoint does not exist; the binding answers 405 itself when
  // only the method is wrong.
  M_UNRECOGNIZED: 404,
  M_UNSUPPORTED_ROOM_VERSION: 400,
  M_URL_NOT_SET: 400,
  M_USER_DEACTIVATED: 403,
  M_USER_IN_USE: 400,
  M_USER_LIMIT_EXCEEDED: 400,
  M_USER_LOCKED: 401,
  M_USER_SUSPENDED: 403,
  M_WEAK_PASSWORD: 400,
  M_WRONG_ROOM_KEYS_VERSION: 403,
} as const satisfies Record<string, number>;

/** An error code defined by the Matrix specification. */
export type StandardErrorCode = keyof typeof ERROR_CODE_STATUS;

/**
 * Any error code: the spec's own, or a namespaced custom one
 * (`COM.EXAMPLE_FORBIDDEN`). The `string & {}` keeps editor completion for
 * the standard codes.
 */
export type ErrorCode = StandardErrorCode | (string & {});

export function isStandardErrorCode(code: string): code is StandardErrorCode {
  return Object.hasOwn(ERROR_CODE_STATUS, code);
}

/** The status a server uses for `errcode` when the caller gives none. */
export function defaultStatusFor(errcode: string): number {
  return isStandardErrorCode(errcode) ? ERROR_CODE_STATUS[errcode] : 400;
}
