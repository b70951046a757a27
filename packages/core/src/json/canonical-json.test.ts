import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CanonicalJsonError, MatrixCoreError } from "../errors.js";
import {
  canonicalJson,
  canonicalJsonBytes,
  canonicalJsonBytesWithout,
  compareCodePoints,
  MAX_SAFE_CANONICAL_INTEGER,
  MIN_SAFE_CANONICAL_INTEGER,
  parseJson,
} from "./canonical-json.js";

const APPENDICES = new URL("../../../../../shared/matrix-spec/content/appendices.md", import.meta.url);

/**
 * The (input, output) pairs of appendix "Canonical JSON" → "Examples", read
 * from the spec text itself: each "Given the following JSON object" block is
 * followed by its "canonical JSON should be produced" block.
 */
function appendixExamples(): { input: string; expected: string }[] {
  const text = readFileSync(APPENDICES, "utf8");
  const start = text.indexOf("#### Examples");
  const end = text.indexOf("### Signing Details", start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const blocks = [...text.slice(start, end).matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
  expect(blocks.length % 2).toBe(0);
  const pairs: { input: string; expected: string }[] = [];
  for (let i = 0; i < blocks.length; i += 2) pairs.push({ input: blocks[i]!, expected: blocks[i + 1]! });
  return pairs;
}

function expectCanonicalJsonError(fn: () => unknown, path?: string): CanonicalJsonError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CanonicalJsonError);
    expect((err as CanonicalJsonError).code).toBe("INVALID_CANONICAL_JSON");
    if (path !== undefined) expect((err as CanonicalJsonError).path).toBe(path);
    return err as CanonicalJsonError;
  }
  throw new Error("expected a CanonicalJsonError, nothing was thrown");
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("canonical JSON: appendix 'Canonical JSON' → 'Examples'", () => {
  const examples = appendixExamples();

  it("finds the ten examples of the appendix", () => {
    expect(examples).toHaveLength(10);
  });

  it.each(examples.map((e, i) => [i + 1, e.input, e.expected] as const))("example %i byte for byte", (_n, input, expected) => {
    const value: unknown = JSON.parse(input);
    expect(canonicalJson(value)).toBe(expected);
    expect(Buffer.from(canonicalJsonBytes(value)).equals(Buffer.from(expected, "utf8"))).toBe(true);
  });
});

describe("canonical JSON: keys sorted by Unicode code point (appendix 'Canonical JSON')", () => {
  // In UTF-16 code units U+10000 (0xD800 0xDC00) sorts before U+E000; by code point it is after.
  const inCodePointOrder = ["", "A", "Z", "_", "a", "a.b", "é", "\u{D7FF}", "\u{E000}", "\u{FB01}", "\u{FF01}", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{10FFFF}"];

  it("orders keys around U+E000, U+FFFF, U+10000 and U+1F600 by code point", () => {
    const shuffled = [...inCodePointOrder].reverse();
    const object = Object.fromEntries(shuffled.map((k, i) => [k, i]));
    const expected = "{" + inCodePointOrder.map((k) => `${JSON.stringify(k)}:${shuffled.indexOf(k)}`).join(",") + "}";
    expect(canonicalJson(object)).toBe(expected);
  });

  it("compareCodePoints agrees with comparing code point arrays, for random strings", () => {
    const alphabet = [0x41, 0x7a, 0xe9, 0xd7ff, 0xe000, 0xfb01, 0xffff, 0x10000, 0x1f600, 0x10ffff];
    const random = () =>
      String.fromCodePoint(...Array.from({ length: Math.floor(Math.random() * 4) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]!));
    const byCodePoints = (a: string, b: string): number => {
      const x = [...a].map((c) => c.codePointAt(0)!);
      const y = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    for (let i = 0; i < 2000; i++) {
      const a = random();
      const b = random();
      expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byCodePoints(a, b)));
    }
  });

  it("treats a prefix as smaller", () => {
    expect(compareCodePoints("a", "ab")).toBeLessThan(0);
    expect(compareCodePoints("ab", "a")).toBeGreaterThan(0);
    expect(compareCodePoints("ab", "ab")).toBe(0);
  });

  it("sorts keys inside nested objects and inside arrays of objects", () => {
    expect(canonicalJson({ b: { d: 1, c: [{ f: 1, e: 2 }] }, a: [] })).toBe('{"a":[],"b":{"c":[{"e":2,"f":1}],"d":1}}');
  });

  it("encodes many distinct keys correctly (more than the encoder's key cache holds)", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}\u00e9${i % 7 === 0 ? "\n" : ""}`);
    const object = Object.fromEntries(keys.map((k, i) => [k, i]));
    const expected = "{" + [...keys].sort(compareCodePoints).map((k) => `${JSON.stringify(k)}:${keys.indexOf(k)}`).join(",") + "}";
    expect(canonicalJson(object)).toBe(expected);
    // ...and again, now that the cache is full.
    expect(canonicalJson(object)).toBe(expected);
  });

  it("sorts integer-like keys as strings, not numbers", () => {
    expect(canonicalJson({ "10": 1, "9": 2, "1": 3 })).toBe('{"1":3,"10":1,"9":2}');
  });
});

describe("canonical JSON: string escapes (appendix 'Canonical JSON' → 'Grammar')", () => {
  const shortForms: Record<number, string> = { 0x08: "\\b", 0x09: "\\t", 0x0a: "\\n", 0x0c: "\\f", 0x0d: "\\r" };

  it("escapes every control character U+0000..U+001F, short forms where the grammar has them, else lowercase \\u00XX", () => {
    for (let c = 0; c <= 0x1f; c++) {
      const expected = shortForms[c] ?? `\\u00${c.toString(16).padStart(2, "0")}`;
      expect(canonicalJson(String.fromCharCode(c))).toBe(`"${expected}"`);
    }
    expect(canonicalJson("\u001f")).toBe('"\\u001f"');
    expect(canonicalJson("\u000b")).toBe('"\\u000b"');
  });

  it('escapes " and \\ and nothing else in ASCII', () => {
    expect(canonicalJson('a"b\\c/d')).toBe('"a\\"b\\\\c/d"');
    let ascii = "";
    for (let c = 0x20; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c) ascii += String.fromCharCode(c);
    expect(canonicalJson(ascii)).toBe(`"${ascii}"`);
  });

  it("leaves U+007F, U+0085, U+2028, U+2029 and non-BMP characters unescaped (UTF-8, not \\u)", () => {
    for (const s of ["\u007f", "\u0085", "\u2028", "\u2029", "\u{1D11E}", "\u{1F600}", "\uFEFF"]) {
      expect(canonicalJson(s)).toBe(`"${s}"`);
    }
    expect(canonicalJsonBytes("\u2028")).toEqual(Uint8Array.from([0x22, 0xe2, 0x80, 0xa8, 0x22]));
  });

  it("escapes keys the same way as values", () => {
    expect(canonicalJson({ "\n": "\u0001" })).toBe('{"\\n":"\\u0001"}');
  });
});

describe("canonical JSON: values it has no form for are rejected with CanonicalJsonError", () => {
  it("floats, with the path to the value", () => {
    const err = expectCanonicalJsonError(() => canonicalJson({ content: { info: { w: [1, 1.5] } } }), "content.info.w[1]");
    expect(err.message).toContain("content.info.w[1]");
    expectCanonicalJsonError(() => canonicalJson(0.1), "");
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
  ])("%s, in strict and in non-strict mode", (_name, n) => {
    expectCanonicalJsonError(() => canonicalJson({ n }), "n");
    expectCanonicalJsonError(() => canonicalJson({ n }, { strict: false }), "n");
  });

  it("integers beyond ±(2^53−1) in strict mode, and accepts the bounds themselves", () => {
    expect(MAX_SAFE_CANONICAL_INTEGER).toBe(9007199254740991);
    expect(MIN_SAFE_CANONICAL_INTEGER).toBe(-9007199254740991);
    expect(canonicalJson([MAX_SAFE_CANONICAL_INTEGER, MIN_SAFE_CANONICAL_INTEGER])).toBe("[9007199254740991,-9007199254740991]");
    expectCanonicalJsonError(() => canonicalJson({ big: 2 ** 53 }), "big");
    expectCanonicalJsonError(() => canonicalJson({ small: -(2 ** 53) }), "small");
    expectCanonicalJsonError(() => canonicalJson([2 ** 64]), "[0]");
  });

  it("undefined, as a member, an array element or the whole value", () => {
    expectCanonicalJsonError(() => canonicalJson({ a: { b: undefined } }), "a.b");
    expectCanonicalJsonError(() => canonicalJson({ a: [1, undefined] }), "a[1]");
    // A hole in a sparse array reads as undefined.
    // eslint-disable-next-line no-sparse-arrays
    expectCanonicalJsonError(() => canonicalJson([1, , 3]), "[1]");
    expectCanonicalJsonError(() => canonicalJson(undefined), "");
  });

  it("functions, symbols and BigInt", () => {
    expectCanonicalJsonError(() => canonicalJson({ f: () => 1 }), "f");
    expectCanonicalJsonError(() => canonicalJson({ s: Symbol("x") }), "s");
    expectCanonicalJsonError(() => canonicalJson({ n: 10n }), "n");
    expectCanonicalJsonError(() => canonicalJson({ n: 10n }, { strict: false }), "n");
  });

  it("class instances (Date, Map, Uint8Array, user classes), even those with toJSON", () => {
    class Point {
      x = 1;
    }
    expectCanonicalJsonError(() => canonicalJson({ when: new Date(0) }), "when");
    expectCanonicalJsonError(() => canonicalJson({ m: new Map() }), "m");
    expectCanonicalJsonError(() => canonicalJson({ bytes: new Uint8Array(2) }), "bytes");
    expectCanonicalJsonError(() => canonicalJson({ p: new Point() }), "p");
  });

  it("accepts objects without a prototype", () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = 2;
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });

  it("lone surrogates in values and in keys (not encodable as UTF-8)", () => {
    expectCanonicalJsonError(() => canonicalJson({ body: "x\ud800y" }), "body");
    expectCanonicalJsonError(() => canonicalJson({ body: "\udc00" }), "body");
    expectCanonicalJsonError(() => canonicalJson({ ["k\udfff"]: 1 }));
    // A proper pair is fine.
    expect(canonicalJson("\ud83d\ude00")).toBe('"😀"');
  });

  it("nesting deeper than the limit (512), while 512 levels are accepted", () => {
    expect(canonicalJson(nested(512))).toBe("[".repeat(512) + "1" + "]".repeat(512));
    const err = expectCanonicalJsonError(() => canonicalJson(nested(514)));
    expect(err.message).toMatch(/nested deeper/);
    expectCanonicalJsonError(() => canonicalJson(nested(100_000)));
  });

  it("a cyclic object ends in the depth error, not a stack overflow", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectCanonicalJsonError(() => canonicalJson(cyclic));
  });
});

describe("canonical JSON: numbers", () => {
  it("prints -0 as 0 (appendix: negative zero MUST NOT appear)", () => {
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson({ a: -0 })).toBe('{"a":0}');
    expect(canonicalJson(-0, { strict: false })).toBe("0");
  });

  it("prints integers without exponent or fraction", () => {
    expect(canonicalJson([1e10, 1e15, -123, 0])).toBe("[10000000000,1000000000000000,-123,0]");
  });

  it("non-strict mode (room versions 1–5) accepts floats and large integers", () => {
    expect(canonicalJson({ f: 1.5, g: -0.25, big: 2 ** 60 }, { strict: false })).toBe('{"big":1152921504606846976,"f":1.5,"g":-0.25}');
  });

  it("non-strict mode prints integers beyond 2^53 as their exact decimal, never rounded or with an exponent", () => {
    // What a sender wrote for these (all exactly representable as doubles).
    expect(canonicalJson([2 ** 64, -(2 ** 63), 1e21, 2 ** 53], { strict: false })).toBe(
      "[18446744073709551616,-9223372036854775808,1000000000000000000000,9007199254740992]",
    );
  });

  it("strict is the default", () => {
    expectCanonicalJsonError(() => canonicalJson({ f: 1.5 }));
    expectCanonicalJsonError(() => canonicalJson({ f: 1.5 }, {}));
    expectCanonicalJsonError(() => canonicalJson({ f: 1.5 }, { strict: true }));
  });
});

describe("parseJson", () => {
  it("parses and returns the value", () => {
    expect(parseJson('{"a": [1, "x", null, true]}')).toEqual({ a: [1, "x", null, true] });
  });

  it("rejects bad JSON with CanonicalJsonError, never a SyntaxError", () => {
    for (const text of ["", "{", '{"a":}', "{'a':1}", "[1,]", "NaN", "undefined", '{"a":1} x']) {
      expectCanonicalJsonError(() => parseJson(text), "");
    }
    expectCanonicalJsonError(() => parseJson(undefined as unknown as string));
  });

  it("rejects JSON that has no canonical form, with its path", () => {
    expectCanonicalJsonError(() => parseJson('{"content":{"n":1.5}}'), "content.n");
    expectCanonicalJsonError(() => parseJson('{"n":9007199254740992}'), "n");
    expectCanonicalJsonError(() => parseJson('{"s":"\\ud800"}'), "s");
    expect(parseJson('{"n":1.5}', { strict: false })).toEqual({ n: 1.5 });
  });

  it("enforces maxBytes on UTF-8 bytes with a JSON_TOO_LARGE error", () => {
    const text = JSON.stringify({ s: "é".repeat(10) }); // 18 characters, 28 bytes
    expect(parseJson(text, { maxBytes: 28 })).toEqual({ s: "é".repeat(10) });
    for (const maxBytes of [27, 18, 0]) {
      let caught: unknown;
      try {
        parseJson(text, { maxBytes });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(MatrixCoreError);
      expect((caught as MatrixCoreError).code).toBe("JSON_TOO_LARGE");
    }
  });

  it("rejects deep nesting with CanonicalJsonError rather than overflowing the stack", () => {
    expectCanonicalJsonError(() => parseJson("[".repeat(100_000) + "]".repeat(100_000)));
  });
});

describe("canonicalJsonBytesWithout (what 'Signing Details' signs and content hashes hash)", () => {
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it("leaves out the named top-level keys only, keeping nested ones", () => {
    const object = { a: 1, signatures: { x: 1 }, content: { signatures: 2, unsigned: 3 }, unsigned: { age: 4 }, z: 5 };
    expect(text(canonicalJsonBytesWithout(object, ["signatures", "unsigned"]))).toBe('{"a":1,"content":{"signatures":2,"unsigned":3},"z":5}');
  });

  it("equals canonicalJsonBytes of a copy without those keys, whichever keys are first, last or absent", () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ a: 1, b: 2, c: 3 }, ["a"]],
      [{ a: 1, b: 2, c: 3 }, ["c"]],
      [{ a: 1, b: 2, c: 3 }, ["a", "b", "c"]],
      [{ a: 1 }, ["nope"]],
      [{}, ["a"]],
    ];
    for (const [object, omit] of cases) {
      const copy = Object.fromEntries(Object.entries(object).filter(([k]) => !omit.includes(k)));
      expect(text(canonicalJsonBytesWithout(object, omit))).toBe(canonicalJson(copy));
    }
  });

  it("does not look at the values it leaves out", () => {
    expect(text(canonicalJsonBytesWithout({ a: 1, unsigned: { f: 0.5, u: undefined } }, ["unsigned"]))).toBe('{"a":1}');
  });

  it("rejects values that are not objects, and reports paths like canonicalJson", () => {
    for (const value of [[1], "x", null, 1]) {
      expectCanonicalJsonError(() => canonicalJsonBytesWithout(value as unknown as Record<string, unknown>, []), "");
    }
    expectCanonicalJsonError(() => canonicalJsonBytesWithout({ content: { n: 1.5 } }, ["unsigned"]), "content.n");
    expect(text(canonicalJsonBytesWithout({ content: { n: 1.5 } }, [], { strict: false }))).toBe('{"content":{"n":1.5}}');
  });
});
