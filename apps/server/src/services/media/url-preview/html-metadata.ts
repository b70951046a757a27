import { Parser } from "htmlparser2";

// The OpenGraph data of an HTML page (https://ogp.me/): every
// `<meta property="og:...">`, with the page's `<title>` and meta description
// standing in for og:title / og:description when the page has none.

const MAX_VALUE_LENGTH = 2000;
const MAX_KEYS = 64;
/** OpenGraph keys whose values are numbers (the spec's example sends og:image:width as one). */
const NUMERIC_KEYS = new Set(["og:image:width", "og:image:height", "og:video:width", "og:video:height"]);

export type OpenGraph = Record<string, string | number>;

export function decodeHtml(body: Uint8Array, contentType: string | undefined): string {
  const label = charsetOf(contentType) ?? sniffMetaCharset(body) ?? "utf-8";
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    // An unknown label: UTF-8 (with replacement characters) is the web's default.
    return new TextDecoder("utf-8").decode(body);
  }
}

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType === undefined ? undefined : /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType)?.[1];
}

/** `<meta charset>` or `http-equiv` content-type in the first bytes, where browsers look for it. */
function sniffMetaCharset(body: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(body.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
}

export function parseOpenGraph(html: string, pageUrl: string): OpenGraph {
  const og = new Map<string, string>();
  let title = "";
  let inTitle = false;
  let titleSeen = false;
  let description: string | undefined;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "title" && !titleSeen) inTitle = true;
        if (name !== "meta") return;
        const key = (attributes.property ?? attributes.name ?? "").trim().toLowerCase();
        const content = attributes.content;
        if (content === undefined) return;
        if (key.startsWith("og:") && !og.has(key) && og.size < MAX_KEYS) og.set(key, content);
        if (key === "description" && description === undefined) description = content;
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === "title" && inTitle) {
          inTitle = false;
          titleSeen = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  if (!og.has("og:title") && title.trim() !== "") og.set("og:title", title.trim().replace(/\s+/g, " "));
  if (!og.has("og:description") && description !== undefined && description.trim() !== "") og.set("og:description", description.trim());
  const image = og.get("og:image");
  if (image !== undefined) {
    // Relative image URLs are relative to the page.
    try {
      og.set("og:image", new URL(image, pageUrl).href);
    } catch {
      og.delete("og:image");
    }
  }

  const result: OpenGraph = {};
  for (const [key, value] of og) {
    const trimmed = value.trim().slice(0, MAX_VALUE_LENGTH);
    if (NUMERIC_KEYS.has(key)) {
      if (/^\d{1,9}$/.test(trimmed)) result[key] = Number(trimmed);
      continue;
    }
    result[key] = trimmed;
  }
  return result;
}
