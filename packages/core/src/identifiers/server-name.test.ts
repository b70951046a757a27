import { describe, expect, it } from "vitest";
import { isValidServerName, parseServerName } from "./server-name.js";
import { identifierRejection } from "../../test/helpers/identifier-rejection.js";

const reasonFor = (input: unknown): string => identifierRejection("server name", parseServerName, input);

describe('appendix "Server Name"', () => {
  it("accepts the six examples the appendix lists, with the right kind and port", () => {
    expect(parseServerName("matrix.org")).toEqual({ serverName: "matrix.org", host: "matrix.org", kind: "dns" });
    expect(parseServerName("matrix.org:8888")).toEqual({ serverName: "matrix.org:8888", host: "matrix.org", port: 8888, kind: "dns" });
    expect(parseServerName("1.2.3.4")).toEqual({ serverName: "1.2.3.4", host: "1.2.3.4", kind: "ipv4" });
    expect(parseServerName("1.2.3.4:1234")).toEqual({ serverName: "1.2.3.4:1234", host: "1.2.3.4", port: 1234, kind: "ipv4" });
    expect(parseServerName("[1234:5678::abcd]")).toEqual({ serverName: "[1234:5678::abcd]", host: "[1234:5678::abcd]", kind: "ipv6" });
    expect(parseServerName("[1234:5678::abcd]:5678")).toEqual({
      serverName: "[1234:5678::abcd]:5678",
      host: "[1234:5678::abcd]",
      port: 5678,
      kind: "ipv6",
    });
  });

  it("has no port key when there is no port", () => {
    expect("port" in parseServerName("example.org")).toBe(false);
  });

  describe("port = 1*5DIGIT, and a real port is 1–65535", () => {
    it("accepts the bounds", () => {
      expect(parseServerName("example.org:1").port).toBe(1);
      expect(parseServerName("example.org:65535").port).toBe(65535);
      expect(parseServerName("[::1]:65535").port).toBe(65535);
    });
    it("rejects 0 and 65536", () => {
      expect(reasonFor("example.org:0")).toMatch(/port 0 is outside 1–65535/);
      expect(reasonFor("example.org:65536")).toMatch(/port 65536 is outside 1–65535/);
      expect(reasonFor("[::1]:0")).toMatch(/port 0/);
      expect(reasonFor("1.2.3.4:65536")).toMatch(/port 65536/);
    });
    it("rejects more than 5 digits, non-digits and an empty port", () => {
      expect(reasonFor("example.org:008448")).toMatch(/more than 5 digits/);
      expect(reasonFor("example.org:84a8")).toMatch(/port "84a8" contains "a"/);
      expect(reasonFor("example.org:-1")).toMatch(/port "-1" contains "-"/);
      expect(reasonFor("example.org:")).toMatch(/port is empty/);
      expect(reasonFor("example.org:80:80")).toMatch(/port "80:80" contains ":"/);
    });
  });

  describe("IPv4 literals: four decimal numbers 0–255", () => {
    it("accepts 0.0.0.0 and 255.255.255.255", () => {
      expect(parseServerName("0.0.0.0").kind).toBe("ipv4");
      expect(parseServerName("255.255.255.255").kind).toBe("ipv4");
    });
    it("rejects a number above 255 or of more than 3 digits", () => {
      expect(reasonFor("256.1.1.1")).toMatch(/part 1 \(256\) is greater than 255/);
      expect(reasonFor("1.2.3.999:80")).toMatch(/part 4 \(999\) is greater than 255/);
      expect(reasonFor("1.2.3.0004")).toMatch(/more than 3 digits/);
    });
  });

  describe("IPv6 literals (RFC 3513 §2.2) in brackets", () => {
    it.each([
      "[::]",
      "[::1]",
      "[1080:0:0:0:8:800:200C:417A]",
      "[1080::8:800:200C:417A]",
      "[FF01::101]",
      "[0:0:0:0:0:0:13.1.68.3]",
      "[::13.1.68.3]",
      "[::FFFF:129.144.52.38]",
      "[2001:db8::]",
      "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]",
    ])("accepts %s", (s) => {
      expect(parseServerName(s).kind).toBe("ipv6");
    });
    it.each([
      ["[1:2:3:4:5:6:7]", /7 groups; 8 are needed/],
      ["[1:2:3:4:5:6:7:8:9]", /9 groups/],
      ["[1::2::3]", /"::" more than once/],
      ["[12345::]", /longer than 4 hex digits/],
      ["[:1:2:3:4:5:6:7]", /empty group/],
      ["[1:2:3:4:5:6:7:]", /empty group/],
      ["[1:2:3:4::5:6:7:8]", /8 groups besides "::"/],
      ["[::1.2.3.256]", /greater than 255/],
      ["[1.2.3.4::]", /not at the end/],
      ["[fe80::1%eth0]", /contains "%"/],
      ["[g::1]", /contains "g"/],
      ["[]", /2 to 45 characters/],
      ["[::1", /no closing "\]"/],
      ["[::1]x", /unexpected "x" after the IPv6 literal/],
      ["::1", /DNS name contains ":"|port/],
    ])("rejects %s", (s, reason) => {
      expect(reasonFor(s)).toMatch(reason);
    });
  });

  describe("DNS names: 1*255 of letters, digits, '-' and '.', as labels", () => {
    it("accepts letters, digits, hyphens and upper case (case-sensitive, only discouraged)", () => {
      expect(parseServerName("localhost").kind).toBe("dns");
      expect(parseServerName("my-server.example-1.org").kind).toBe("dns");
      expect(parseServerName("MATRIX.ORG").host).toBe("MATRIX.ORG");
      expect(parseServerName("123").kind).toBe("dns");
      expect(parseServerName("1.2.3.4.5").kind).toBe("dns");
    });
    it("accepts 255 characters and rejects 256", () => {
      const label = "a".repeat(63);
      const name255 = [label, label, label, "a".repeat(63)].join(".");
      expect(name255).toHaveLength(255);
      expect(parseServerName(name255).host).toBe(name255);
      expect(reasonFor(name255 + "a")).toMatch(/256 characters long; at most 255/);
    });
    it("rejects labels longer than 63 characters", () => {
      expect(reasonFor("a".repeat(64) + ".org")).toMatch(/64 characters long; at most 63/);
    });
    it("rejects empty labels and characters outside the grammar", () => {
      expect(reasonFor("matrix..org")).toMatch(/empty label at position 2/);
      expect(reasonFor(".matrix.org")).toMatch(/empty label at position 1/);
      expect(reasonFor("matrix.org.")).toMatch(/empty label at position 3/);
      expect(reasonFor("matrix_org")).toMatch(/contains "_" \(U\+005F\) at index 6/);
      expect(reasonFor("mätrix.org")).toMatch(/U\+00E4/);
      expect(reasonFor("matrix org")).toMatch(/U\+0020/);
      expect(reasonFor("matrix.org/x")).toMatch(/"\/"/);
    });
  });

  it("rejects empty parts and non-strings with a typed error", () => {
    expect(reasonFor("")).toMatch(/server name is empty/);
    expect(reasonFor(":8448")).toMatch(/hostname is empty/);
    expect(reasonFor(42)).toMatch(/expected a string, got number/);
    expect(reasonFor(null)).toMatch(/got null/);
    expect(reasonFor({ toString: () => "x" })).toMatch(/got object/);
  });

  it("isValidServerName never throws", () => {
    expect(isValidServerName("example.org:8448")).toBe(true);
    expect(isValidServerName("example.org:0")).toBe(false);
    expect(isValidServerName(undefined)).toBe(false);
    expect(isValidServerName("x".repeat(1_000_000))).toBe(false);
    for (const name of ["example.org", "localhost", "example.org:1", "[::1]", "[::1]:80", "1.2.3.4:8448"]) expect(isValidServerName(name), name).toBe(true);
    for (const name of ["", "a b", "example.org:", "example.org:123456", "[::1", "exa_mple.org"]) expect(isValidServerName(name), name).toBe(false);
  });
});
