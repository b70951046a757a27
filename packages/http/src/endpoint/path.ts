/**
 * Path templates use the spec's `{param}` placeholders, one per segment:
 * `/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}`.
 */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function pathParamNames(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? "");
}

/**
 * Fill a template with percent-encoded values. Every character outside the
 * unreserved set is encoded, so sigils and separators inside identifiers
 * (`!room:server`, `$base64/with+slash`) stay inside their segment.
 *
 * WHATWG URL parsing collapses `.`/`..` segments (encoded or not), so such a
 * value cannot travel in a path; refusing it beats calling another endpoint.
 */
export function buildPath(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = params[name];
    if (typeof value !== "string") {
      throw new TypeError(`missing path parameter "${name}" for ${template}`);
    }
    if (value === "." || value === "..") {
      throw new TypeError(`path parameter "${name}" cannot be "${value}": URL parsing would drop the segment`);
    }
    return encodeURIComponent(value);
  });
}

/** Hono's route syntax for a template: `{roomId}` becomes `:roomId`. */
export function toHonoPath(template: string): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => `:${name}`);
}

/** The name of the template's final placeholder when the last segment is exactly one placeholder. */
export function trailingParamName(template: string): string | undefined {
  const match = /\/\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(template);
  return match?.[1];
}

/**
 * A regular expression matching request paths of the template (raw,
 * still percent-encoded), used to tell "wrong method" (405) from "unknown
 * endpoint" (404).
 */
export function templateToRegExp(template: string): RegExp {
  let source = "";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(template.slice(last, match.index)) + "[^/]+";
    last = match.index + match[0].length;
  }
  source += escapeRegExp(template.slice(last));
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
