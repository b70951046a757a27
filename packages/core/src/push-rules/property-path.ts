import { BoundedCache } from "./bounded-cache.js";

// Appendix "Dot-separated property paths": `content.m\.relates_to` is the
// property `m.relates_to` of `content`. A backslash escapes a dot or a
// backslash; any other `\x` stays a literal backslash followed by `x`.

/** The property names of a dot-separated path, escapes resolved. */
export function parsePropertyPath(path: string): string[] {
  const names: string[] = [];
  let current = "";
  for (let i = 0; i < path.length; i += 1) {
    const char = path[i];
    if (char === "\\") {
      const next = path[i + 1];
      if (next === "." || next === "\\") {
        current += next;
        i += 1;
      } else {
        current += "\\";
      }
    } else if (char === ".") {
      names.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  names.push(current);
  return names;
}

const pathCache = new BoundedCache<readonly string[]>(4096);

/**
 * The value at `path` in `event`, or undefined when any step is missing or
 * not a JSON object (arrays are not indexed). Only own properties count, so
 * `constructor` or `__proto__` in a path finds nothing inherited.
 */
export function propertyAt(event: unknown, path: string): unknown {
  let value: unknown = event;
  for (const name of pathCache.get(path, parsePropertyPath)) {
    if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}
