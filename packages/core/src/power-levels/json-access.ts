import type { JsonObject, JsonValue } from "../json/canonical-json.js";

// Event content is untrusted JSON: read it only through these, so a missing,
// mistyped or prototype-named key (`constructor`, `__proto__`) is just absent.

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `object[key]` when `object` is a JSON object with that own key; else undefined. */
export function own(object: JsonValue | undefined, key: string): JsonValue | undefined {
  if (!isJsonObject(object)) return undefined;
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
