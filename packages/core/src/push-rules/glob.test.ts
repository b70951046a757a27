// Appendix "Glob-style matching" (`*` zero or more characters, `?` exactly
// one) as client-server "Conditions" (event_match) and "Push Rules" (content
// rules) use it: case-insensitive, whole value, except word-bounded
// substrings of `content.body`.
import { describe, expect, it } from "vitest";
import { compileGlob, containsWords, globMatches } from "./glob.js";

describe("globMatches, whole value (event_match on keys other than content.body)", () => {
  it("the spec's example: `lunc?*` matches \"Lunch plans\" and \"LUNCH\", not \" lunch\", \"lunc\"", () => {
    expect(globMatches("lunc?*", "Lunch plans")).toBe(true);
    expect(globMatches("lunc?*", "LUNCH")).toBe(true);
    expect(globMatches("lunc?*", " lunch")).toBe(false);
    expect(globMatches("lunc?*", "lunc")).toBe(false);
  });

  it("`*` matches zero or more characters, anywhere, newlines included", () => {
    expect(globMatches("*", "")).toBe(true);
    expect(globMatches("*", "anything\nat all")).toBe(true);
    expect(globMatches("a*", "a")).toBe(true);
    expect(globMatches("*b", "aab")).toBe(true);
    expect(globMatches("a*b*c", "abc")).toBe(true);
    expect(globMatches("a*b*c", "a-x-b\n-c")).toBe(true);
    expect(globMatches("a*b*c", "acb")).toBe(false);
    expect(globMatches("a**c", "abbc")).toBe(true);
    expect(globMatches("a*bc*bc", "abcbc")).toBe(true);
    expect(globMatches("a*bc*bc", "abc")).toBe(false);
  });

  it("`?` matches exactly one character — one code point, so one emoji", () => {
    expect(globMatches("a?c", "abc")).toBe(true);
    expect(globMatches("a?c", "ac")).toBe(false);
    expect(globMatches("a?c", "abbc")).toBe(false);
    expect(globMatches("a?c", "a\nc")).toBe(true);
    expect(globMatches("a?c", "a😀c")).toBe(true);
    expect(globMatches("a??c", "a😀c")).toBe(false);
  });

  it("the whole value must match: no implicit substring", () => {
    expect(globMatches("m.notice", "m.notice")).toBe(true);
    expect(globMatches("m.notice", "m.notices")).toBe(false);
    expect(globMatches("m.notice", "xm.notice")).toBe(false);
    expect(globMatches("", "")).toBe(true);
    expect(globMatches("", "x")).toBe(false);
  });

  it("case-insensitive, Unicode letters included", () => {
    expect(globMatches("M.ROOM.MESSAGE", "m.room.message")).toBe(true);
    expect(globMatches("café", "CAFÉ")).toBe(true);
    expect(globMatches("straße", "STRASSE")).toBe(false); // simple case folding: ß is not "ss"
  });

  it("only `*` and `?` are special: regex syntax and backslashes are literal (the appendix has no escapes)", () => {
    expect(globMatches("m.notice", "mXnotice")).toBe(false);
    expect(globMatches("a+b", "a+b")).toBe(true);
    expect(globMatches("a+b", "aab")).toBe(false);
    expect(globMatches("[ab]", "[ab]")).toBe(true);
    expect(globMatches("[ab]", "a")).toBe(false);
    expect(globMatches("(x|y)^$", "(x|y)^$")).toBe(true);
    expect(globMatches("a{2}", "aa")).toBe(false);
    expect(globMatches("a\\*", "a\\xyz")).toBe(true); // `\` is literal, `*` still a wildcard
    expect(globMatches("a\\*", "a*")).toBe(false);
    expect(globMatches("/x/", "/x/")).toBe(true);
  });
});

describe("globMatches on content.body: a substring starting and ending at word boundaries", () => {
  it("the spec's example: `ex*ple` matches \"An example event.\", \"exple\", \"An exciting triple-whammy\"", () => {
    expect(globMatches("ex*ple", "An example event.", true)).toBe(true);
    expect(globMatches("ex*ple", "exple", true)).toBe(true);
    expect(globMatches("ex*ple", "An exciting triple-whammy", true)).toBe(true);
  });

  it("not inside a word: the characters around the match must be outside [A-Za-z0-9_]", () => {
    expect(globMatches("cake", "I like cake!", true)).toBe(true);
    expect(globMatches("cake", "cakes", true)).toBe(false);
    expect(globMatches("cake", "pancake", true)).toBe(false);
    expect(globMatches("cake", "cake_shop", true)).toBe(false);
    expect(globMatches("cake", "cake2", true)).toBe(false);
    expect(globMatches("cake", "(cake)", true)).toBe(true);
    expect(globMatches("cake", "x-cake-y", true)).toBe(true);
    expect(globMatches("cake", "CAKE", true)).toBe(true);
    // Non-ASCII letters are not in the sets, so they are boundaries.
    expect(globMatches("cake", "écakeé", true)).toBe(true);
  });

  it("a later occurrence can match when an earlier one is inside a word", () => {
    expect(globMatches("tea", "steam tea", true)).toBe(true);
    expect(globMatches("t*a", "stea ta", true)).toBe(true);
    expect(globMatches("a*b", "xa ab", true)).toBe(true);
    expect(globMatches("a*b", "xa abx", true)).toBe(false);
    expect(globMatches("a*b", "a b b_", true)).toBe(true);
  });

  it("wildcards may span words; `?` and `*` may match boundary characters", () => {
    expect(globMatches("time*tea", "It's time for tea", true)).toBe(true);
    expect(globMatches("time?for", "It's time for tea", true)).toBe(true);
    expect(globMatches("*", "", true)).toBe(true);
    expect(globMatches("*tea", "It's time for tea", true)).toBe(true);
    expect(globMatches("tim*", "It's time for tea", true)).toBe(true);
  });

  it("a whole-value glob is not word-bounded, and a word glob is not whole-value", () => {
    expect(globMatches("cake", "I like cake", false)).toBe(false);
    expect(globMatches("cake", "I like cake", true)).toBe(true);
  });
});

describe("compileGlob", () => {
  it("compiles once per pattern and mode (cached)", () => {
    expect(compileGlob("a*b")).toBe(compileGlob("a*b"));
    expect(compileGlob("a*b", true)).toBe(compileGlob("a*b", true));
    expect(compileGlob("a*b", true)).not.toBe(compileGlob("a*b"));
  });

  it("stays fast on patterns that make a naive regex backtrack polynomially", () => {
    const text = "a ".repeat(30_000);
    const started = performance.now();
    expect(globMatches("a*a*a*a*a*b", text, true)).toBe(false);
    expect(globMatches("*a*a*a*a*b", text)).toBe(false);
    expect(globMatches("a*b", text, true)).toBe(false);
    expect(globMatches("?*?*?*?*b", text, true)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("containsWords (contains_display_name)", () => {
  it("word-bounded, case-insensitive, and the name is literal (no wildcards)", () => {
    expect(containsWords("hi Alice!", "alice")).toBe(true);
    expect(containsWords("hi Alicea", "alice")).toBe(false);
    expect(containsWords("malice", "alice")).toBe(false);
    expect(containsWords("hi B*b", "B*b")).toBe(true);
    expect(containsWords("hi Bob", "B*b")).toBe(false);
    expect(containsWords("ping Dr. Who?", "Dr. Who?")).toBe(true);
  });
});

/** A plain dynamic-programming glob matcher over code points, the reference for the compiled one. */
function referenceGlob(pattern: string, text: string): boolean {
  const p = Array.from(pattern.toLowerCase());
  const t = Array.from(text.toLowerCase());
  // matches[i][j]: p[i..] matches t[j..]
  const matches = Array.from({ length: p.length + 1 }, () => new Array<boolean>(t.length + 1).fill(false));
  matches[p.length]![t.length] = true;
  for (let i = p.length - 1; i >= 0; i -= 1) {
    for (let j = t.length; j >= 0; j -= 1) {
      const c = p[i];
      if (c === "*") matches[i]![j] = matches[i + 1]![j]! || (j < t.length && matches[i]![j + 1]!);
      else matches[i]![j] = j < t.length && (c === "?" || c === t[j]) && matches[i + 1]![j + 1]!;
    }
  }
  return matches[0]![0]!;
}

function referenceWords(pattern: string, text: string): boolean {
  const t = Array.from(text);
  const isWord = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
  for (let start = 0; start <= t.length; start += 1) {
    if (isWord(t[start - 1])) continue;
    for (let end = start; end <= t.length; end += 1) {
      if (isWord(t[end])) continue;
      if (referenceGlob(pattern, t.slice(start, end).join(""))) return true;
    }
  }
  return false;
}

describe("globMatches agrees with a brute-force reference on random patterns and texts", () => {
  // A seeded generator, so a failure reproduces.
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const pick = (alphabet: string[], max: number) => Array.from({ length: Math.floor(random() * (max + 1)) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  const TEXT = ["a", "b", "A", " ", "_", "-", "😀", "."];
  const PATTERN = ["a", "b", "B", " ", "*", "?", "*", "?", "-", "😀", "."];

  it("whole value and word-bounded, 4000 cases each", () => {
    for (let n = 0; n < 4000; n += 1) {
      const pattern = pick(PATTERN, 6);
      const text = pick(TEXT, 8);
      expect([pattern, text, globMatches(pattern, text)]).toEqual([pattern, text, referenceGlob(pattern, text)]);
      expect([pattern, text, globMatches(pattern, text, true)]).toEqual([pattern, text, referenceWords(pattern, text)]);
    }
  });
});
