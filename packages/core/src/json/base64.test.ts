import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Base64Error } from "../errors.js";
import { decodeBase64, decodeBase64Url, encodeBase64, encodeBase64Url } from "./base64.js";

const utf8 = new TextEncoder();

function expectBase64Error(fn: () => unknown): Base64Error {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(Base64Error);
    expect((err as Base64Error).code).toBe("INVALID_BASE64");
    return err as Base64Error;
  }
  throw new Error("expected a Base64Error, nothing was thrown");
}

describe("unpadded base64 (appendix 'Unpadded Base64')", () => {
  // The appendix's own examples.
  const examples: [string, string][] = [
    ["", ""],
    ["f", "Zg"],
    ["fo", "Zm8"],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg"],
    ["fooba", "Zm9vYmE"],
    ["foobar", "Zm9vYmFy"],
  ];
  it.each(examples)("UNPADDED_BASE64(%j) = %j", (text, encoded) => {
    expect(encodeBase64(utf8.encode(text))).toBe(encoded);
    expect(encodeBase64Url(utf8.encode(text))).toBe(encoded);
    expect(decodeBase64(encoded)).toEqual(utf8.encode(text));
    expect(decodeBase64Url(encoded)).toEqual(utf8.encode(text));
  });

  it("uses + and / in the standard alphabet and - and _ in the URL-safe one (appendix 'URL-safe unpadded Base64')", () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf]);
    expect(encodeBase64(bytes)).toBe("+/+/");
    expect(encodeBase64Url(bytes)).toBe("-_-_");
    expect(decodeBase64("+/+/")).toEqual(bytes);
    expect(decodeBase64Url("-_-_")).toEqual(bytes);
  });

  it("never writes padding", () => {
    for (let n = 0; n < 10; n++) {
      expect(encodeBase64(new Uint8Array(n).fill(0xff))).not.toContain("=");
      expect(encodeBase64Url(new Uint8Array(n).fill(0xff))).not.toContain("=");
    }
  });

  it("encodes a subarray view, not its whole buffer", () => {
    const whole = utf8.encode("xxfooxx");
    expect(encodeBase64(whole.subarray(2, 5))).toBe("Zm9v");
    expect(encodeBase64Url(whole.subarray(2, 5))).toBe("Zm9v");
  });

  it("accepts padded input, as the appendix asks decoders to", () => {
    expect(decodeBase64("Zg==")).toEqual(utf8.encode("f"));
    expect(decodeBase64("Zm8=")).toEqual(utf8.encode("fo"));
    expect(decodeBase64Url("Zm9vYg==")).toEqual(utf8.encode("foob"));
    expect(decodeBase64Url("Zm9vYmE=")).toEqual(utf8.encode("fooba"));
  });

  it("round-trips random byte arrays of length 0..100 in both alphabets, equal to Node's Buffer output", () => {
    for (let n = 0; n <= 100; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      const std = encodeBase64(bytes);
      const url = encodeBase64Url(bytes);
      expect(std).toBe(Buffer.from(bytes).toString("base64").replace(/=+$/, ""));
      expect(url).toBe(Buffer.from(bytes).toString("base64url"));
      expect(decodeBase64(std)).toEqual(bytes);
      expect(decodeBase64Url(url)).toEqual(bytes);
      // Padded forms decode to the same bytes.
      expect(decodeBase64(Buffer.from(bytes).toString("base64"))).toEqual(bytes);
    }
  });

  it("decodes with a result that is a plain Uint8Array", () => {
    expect(decodeBase64("Zm9v")).toBeInstanceOf(Uint8Array);
  });

  describe("rejects bad input with Base64Error", () => {
    it.each([
      ["Zm9v!", "a character outside the alphabet"],
      ["Zm 9v", "a space"],
      ["Zm9v\n", "a newline"],
      ["Zm9vé", "a non-ASCII character"],
      ["Zm9v😀", "an astral character"],
      ["Zm-9", "the URL-safe '-' in standard base64"],
      ["Zm_9", "the URL-safe '_' in standard base64"],
      ["Zm=9v", "padding in the middle"],
    ])("standard: %j (%s)", (input) => {
      expectBase64Error(() => decodeBase64(input));
    });

    it.each([
      ["Zm+9", "the standard '+' in URL-safe base64"],
      ["Zm/9", "the standard '/' in URL-safe base64"],
      ["Zm9v!", "a character outside the alphabet"],
    ])("URL-safe: %j (%s)", (input) => {
      expectBase64Error(() => decodeBase64Url(input));
    });

    it.each([
      ["Z", "one character"],
      ["Zm9vY", "4n+1 characters"],
      ["Zm9vYmFyZ", "4n+1 characters"],
    ])("bad length %j (%s)", (input) => {
      const err = expectBase64Error(() => decodeBase64(input));
      expect(err.message).toMatch(/length/);
      expectBase64Error(() => decodeBase64Url(input));
    });

    it.each([
      ["Zg===", "three '='"],
      ["Zm9v====", "four '='"],
      ["Z===", "three '=' after one character"],
    ])("too much padding %j (%s)", (input) => {
      const err = expectBase64Error(() => decodeBase64(input));
      expect(err.message).toMatch(/padding/);
    });

    it.each([
      ["Zg=", "padded to 3 characters"],
      ["Zm9vYg=", "padded to 7 characters"],
      ["Zm9v=", "padding after a complete group"],
      ["Zm8==", "two '=' where one belongs"],
    ])("padding that does not complete a group %j (%s)", (input) => {
      expectBase64Error(() => decodeBase64(input));
    });

    it("a value that is not a string", () => {
      expectBase64Error(() => decodeBase64(42 as unknown as string));
      expectBase64Error(() => decodeBase64Url(null as unknown as string));
    });
  });
});

describe("unpadded base64 without Node's Buffer (the browser path)", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it("encodes like Buffer does, for random lengths 0..100 in both alphabets", async () => {
    vi.resetModules();
    vi.stubGlobal("Buffer", undefined);
    const portable = await import("./base64.js");
    vi.unstubAllGlobals();
    for (let n = 0; n <= 100; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      expect(portable.encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64").replace(/=+$/, ""));
      expect(portable.encodeBase64Url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
      expect(portable.decodeBase64(portable.encodeBase64(bytes))).toEqual(bytes);
    }
  });
});
