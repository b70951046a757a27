// The headers media is served with, so that an uploaded file can never act
// as a page of the homeserver's origin (content-repo "Security
// considerations" and "Serving inline content").

/** The spec's list of types that are safe to serve with `Content-Disposition: inline`. */
const INLINE_SAFE_TYPES = new Set([
  "text/css",
  "text/plain",
  "text/csv",
  "application/json",
  "application/ld+json",
  "image/jpeg",
  "image/gif",
  "image/png",
  "image/apng",
  "image/webp",
  "image/avif",
  "video/mp4",
  "video/webm",
  "video/ogg",
  "video/quicktime",
  "audio/mp4",
  "audio/webm",
  "audio/aac",
  "audio/mpeg",
  "audio/ogg",
  "audio/wave",
  "audio/wav",
  "audio/x-wav",
  "audio/x-pn-wav",
  "audio/flac",
  "audio/x-flac",
]);

/** The spec's recommended policy: even a page rendered from media runs no script and loads nothing. */
export const MEDIA_CONTENT_SECURITY_POLICY =
  "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; object-src 'self';";

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\\\x00-\\x1f\\x7f]*"))*$`);

/**
 * The Content-Type to store for an upload: what the client sent when it is
 * a well-formed media type, else application/octet-stream (the spec's
 * default when there is none). Kept as sent otherwise: the spec requires
 * downloads to carry the uploaded type.
 */
export function normaliseUploadContentType(header: string | undefined): string {
  const value = header?.trim();
  if (value === undefined || value === "" || value.length > 255 || !MEDIA_TYPE.test(value)) return DEFAULT_CONTENT_TYPE;
  return value;
}

/** `type/subtype`, lower case, without parameters. */
export function essenceOf(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

export function isInlineSafe(contentType: string): boolean {
  return INLINE_SAFE_TYPES.has(essenceOf(contentType));
}

/**
 * `inline` only for the spec's safe types, `attachment` for everything else
 * (HTML, SVG, XML, PDF, ...), with the file name encoded per RFC 6266: a
 * quoted `filename` when it is plain printable ASCII, else `filename*` in
 * RFC 8187's UTF-8 percent-encoding (which also keeps CR/LF and quotes out
 * of the header).
 */
export function contentDisposition(contentType: string, filename: string | null | undefined, forceInline = false): string {
  const disposition = forceInline || isInlineSafe(contentType) ? "inline" : "attachment";
  if (filename === null || filename === undefined || filename === "") return disposition;
  if (/^[\x20-\x7e]*$/.test(filename) && !/["\\]/.test(filename)) return `${disposition}; filename="${filename}"`;
  return `${disposition}; filename*=utf-8''${encodeRfc8187(filename)}`;
}

function encodeRfc8187(text: string): string {
  // encodeURIComponent leaves !'()* alone; RFC 8187's attr-char does not allow '()*.
  return encodeURIComponent(text.toWellFormed()).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The headers every media response carries, whatever its type. */
export function mediaSecurityHeaders(): Record<string, string> {
  return {
    "Content-Security-Policy": MEDIA_CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    // Web clients on another origin may embed media (and use SharedArrayBuffer); added in v1.4.
    "Cross-Origin-Resource-Policy": "cross-origin",
  };
}
