/**
 * Every failure core reports is a `MatrixCoreError` with a stable `code`, so
 * callers (the homeserver's HTTP layer, a bot) can map it to a Matrix errcode
 * without parsing messages.
 */
export type CoreErrorCode =
  | "INVALID_IDENTIFIER"
  | "INVALID_BASE64"
  | "INVALID_CANONICAL_JSON"
  | "JSON_TOO_LARGE"
  | "INVALID_KEY"
  | "INVALID_SIGNATURE"
  | "MISSING_SIGNATURE"
  | "INVALID_EVENT"
  | "CONTENT_HASH_MISMATCH"
  | "UNKNOWN_ROOM_VERSION"
  | "CRYPTO_UNAVAILABLE"
  | "MISSING_EVENT"
  | "INVALID_PUSH_RULE";

export class MatrixCoreError extends Error {
  readonly code: CoreErrorCode;
  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export class InvalidIdentifierError extends MatrixCoreError {
  constructor(
    readonly kind: string,
    readonly input: string,
    reason: string,
  ) {
    super("INVALID_IDENTIFIER", `invalid ${kind} ${JSON.stringify(input.slice(0, 300))}: ${reason}`);
  }
}

export class Base64Error extends MatrixCoreError {
  constructor(reason: string) {
    super("INVALID_BASE64", `invalid base64: ${reason}`);
  }
}

export class CanonicalJsonError extends MatrixCoreError {
  constructor(
    reason: string,
    /** JSON-pointer-like path to the offending value, e.g. `content.count`. */
    readonly path: string,
  ) {
    super("INVALID_CANONICAL_JSON", path ? `${reason} at ${path}` : reason);
  }
}

export class SignatureError extends MatrixCoreError {}

export class EventFormatError extends MatrixCoreError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super("INVALID_EVENT", reason, options);
  }
}

/** The PDU keys client-server "Size limits" gives a limit of their own. */
export type SizeLimitedEventKey = "sender" | "room_id" | "state_key" | "type" | "event_id";

/**
 * An event, or one of its size-limited keys, is over a client-server "Size
 * limits" limit (`M_TOO_LARGE` over the APIs).
 */
export class EventSizeError extends MatrixCoreError {
  constructor(
    reason: string,
    /** The key that is too long, or undefined when the whole event is too large. */
    readonly field: SizeLimitedEventKey | undefined,
    options?: { cause?: unknown },
  ) {
    super("JSON_TOO_LARGE", reason, options);
  }
}
