import { randomBytes } from "node:crypto";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { sha256 } from "./sha256.js";

describe("sha256", () => {
  it("matches the FIPS 180-2 'abc' and empty-string digests", () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    expect(hex(sha256(new TextEncoder().encode("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("returns 32 bytes equal to the portable (@noble/hashes) digest for random inputs", () => {
    for (let n = 0; n < 300; n += 7) {
      const data = new Uint8Array(randomBytes(n));
      const digest = sha256(data);
      expect(digest).toBeInstanceOf(Uint8Array);
      expect(digest).toHaveLength(32);
      expect(Buffer.from(digest).equals(Buffer.from(nobleSha256(data)))).toBe(true);
    }
  });
});
