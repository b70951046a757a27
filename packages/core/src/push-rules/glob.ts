import { BoundedCache } from "./bounded-cache.js";

// Glob matching for push rules: appendix "Glob-style matching" (`*` matches
// zero or more characters, `?` exactly one; nothing else is special, so
// `.`, `[`, `\` are literal) with the push rules' rules on top: matching is
// case-insensitive and covers the whole value, except that against
// `content.body` it must match a substring that starts and ends at a word
// boundary — the start or end of the value, or a character other than
// `[A-Za-z0-9_]` (client-server "Conditions", event_match; content rules).
//
// Globs become regular expressions, compiled once per pattern. A naive
// translation (`*` to `.*`) backtracks polynomially on patterns like
// `a*a*a*b`, and the pattern comes from a user's rule while the text comes
// from anyone in the room, on a path run for every member of every room.
// So each `*`-separated segment is placed at its earliest occurrence after
// the previous one, inside a lookahead (atomic in JavaScript) plus a
// backreference: no backtracking across segments. The earliest placement is
// always safe for globs: segments are fixed-length, so a match with a later
// placement is still a match with the earliest one.
//
// Every expression is anchored at `^` and moves on by `[\s\S]`, which with
// the `u` flag steps over whole code points: unanchored, V8 also tries
// positions inside a surrogate pair, where a lookbehind sees half an emoji
// as a boundary.
//
// Flags `iu`: `?` is one code point (not half a surrogate pair) and case is
// compared by Unicode simple case folding, "case insensitive" being the
// implementation's choice. One consequence: U+017F (ſ) and U+212A (K, Kelvin)
// fold to `s` and `k`, so they count as word characters, not boundaries.

const WORD_CHAR = "[A-Za-z0-9_]";
const AT_WORD_START = `(?<!${WORD_CHAR})`;
const AT_WORD_END = `(?!${WORD_CHAR})`;
const ANY = "[\\s\\S]";

/** Escapes the characters that are syntax in a `u` regular expression (escaping any other is an error there). */
function escapeRegExpLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/** A segment of the glob (no `*`): `?` is any one code point, everything else literal. */
function segmentSource(segment: string): string {
  return segment.split("?").map(escapeRegExpLiteral).join(ANY);
}

/** Matches the whole value. */
function wholeValueSource(pattern: string): string {
  const segments = pattern.split("*").map(segmentSource);
  if (segments.length === 1) return `^${segments[0]}$`;
  const first = segments[0] ?? "";
  const last = segments[segments.length - 1] ?? "";
  let source = `^${first}`;
  let group = 0;
  for (const middle of segments.slice(1, -1)) {
    if (middle === "") continue; // `**`
    group += 1;
    source += `(?=(${ANY}*?${middle}))\\${group}`;
  }
  return `${source}${ANY}*${last}$`;
}

/** Matches a substring that starts and ends at word boundaries. */
function wordsSource(pattern: string): string {
  const segments = pattern.split("*").map(segmentSource);
  // Without `*` the candidate substrings have one length from each start:
  // scanning the starts is linear in the text per pattern length.
  if (segments.length === 1) return `^${ANY}*?${AT_WORD_START}${segments[0]}${AT_WORD_END}`;
  const first = segments[0] ?? "";
  const last = segments[segments.length - 1] ?? "";
  // Anchored at ^ so that a failure is final, not retried from every start.
  let source = `^(?=(${ANY}*?${AT_WORD_START}${first}))\\1`;
  let group = 1;
  for (const middle of segments.slice(1, -1)) {
    if (middle === "") continue;
    group += 1;
    source += `(?=(${ANY}*?${middle}))\\${group}`;
  }
  return `${source}${ANY}*?${last}${AT_WORD_END}`;
}

const MAX_CACHED_PATTERNS = 4096;
const wholeValueCache = new BoundedCache<RegExp>(MAX_CACHED_PATTERNS);
const wordsCache = new BoundedCache<RegExp>(MAX_CACHED_PATTERNS);
const literalWordsCache = new BoundedCache<RegExp>(MAX_CACHED_PATTERNS);

/** The compiled glob (cached): whole-value, or word-bounded substring when `words`. */
export function compileGlob(pattern: string, words = false): RegExp {
  return words
    ? wordsCache.get(pattern, (p) => new RegExp(wordsSource(p), "iu"))
    : wholeValueCache.get(pattern, (p) => new RegExp(wholeValueSource(p), "iu"));
}

/**
 * Whether glob `pattern` matches `value` case-insensitively: the whole value,
 * or (with `words`, as for `content.body`) some substring of it that starts
 * and ends at a word boundary.
 */
export function globMatches(pattern: string, value: string, words = false): boolean {
  return compileGlob(pattern, words).test(value);
}

/**
 * Whether `text` contains `literal` (no wildcards) case-insensitively,
 * starting and ending at word boundaries — how `contains_display_name` looks
 * for a display name in `content.body`.
 */
export function containsWords(text: string, literal: string): boolean {
  const regex = literalWordsCache.get(literal, (l) => new RegExp(`^${ANY}*?${AT_WORD_START}${escapeRegExpLiteral(l)}${AT_WORD_END}`, "iu"));
  return regex.test(text);
}
