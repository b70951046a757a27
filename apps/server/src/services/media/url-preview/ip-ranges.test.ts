// The URL previewer's address filter (issue 3, "URL previews fetch only
// public addresses"); the ranges are IANA's special-purpose registries.
import { describe, expect, it } from "vitest";
import { AddressPolicy, ipv4MappedAddress, isCidrRange } from "./ip-ranges.js";

const policy = new AddressPolicy();

describe("address policy: blocked IPv4 ranges", () => {
  it.each([
    ["0.0.0.0", "this network"],
    ["0.255.255.255", "this network (end)"],
    ["10.0.0.1", "private 10/8"],
    ["10.255.255.255", "private 10/8 (end)"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.254", "carrier-grade NAT (end)"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback (end)"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["172.16.0.1", "private 172.16/12"],
    ["172.31.255.255", "private 172.16/12 (end)"],
    ["192.0.0.8", "IETF protocol assignments"],
    ["192.0.2.1", "TEST-NET-1"],
    ["192.88.99.1", "6to4 relay"],
    ["192.168.1.1", "private 192.168/16"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking (end)"],
    ["198.51.100.7", "TEST-NET-2"],
    ["203.0.113.9", "TEST-NET-3"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast (SSDP)"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
  ])("refuses %s (%s)", (address) => {
    expect(policy.isAllowed(address)).toBe(false);
  });
});

describe("address policy: blocked IPv6 ranges", () => {
  it.each([
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["::7f00:1", "IPv4-compatible loopback"],
    ["64:ff9b::a00:1", "NAT64 of 10.0.0.1"],
    ["64:ff9b:1::1", "local-use NAT64"],
    ["100::1", "discard-only"],
    ["2001::1", "Teredo"],
    ["2001:db8::1", "documentation"],
    ["2002:7f00:1::1", "6to4 of 127.0.0.1"],
    ["fc00::1", "unique local fc00::/7"],
    ["fd12:3456:789a::1", "unique local fd00::/8"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local with a zone"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
  ])("refuses %s (%s)", (address) => {
    expect(policy.isAllowed(address)).toBe(false);
  });

  it.each([
    ["::ffff:127.0.0.1", "dotted"],
    ["::ffff:7f00:1", "hex"],
    ["0:0:0:0:0:ffff:7f00:0001", "expanded"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:a9fe:a9fe", "169.254.169.254"],
  ])("checks IPv4-mapped %s (%s) as the IPv4 address it carries", (address) => {
    expect(policy.isAllowed(address)).toBe(false);
  });

  it("reads the IPv4 address out of mapped forms", () => {
    expect(ipv4MappedAddress("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(ipv4MappedAddress("::FFFF:192.168.0.1")).toBe("192.168.0.1");
    expect(ipv4MappedAddress("2001:4860::1")).toBeUndefined();
  });
});

describe("address policy: public and allowed addresses", () => {
  it.each(["1.1.1.1", "8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8"])(
    "allows public %s",
    (address) => {
      expect(policy.isAllowed(address)).toBe(true);
    },
  );

  it("refuses what is not an IP address", () => {
    expect(policy.isAllowed("localhost")).toBe(false);
    expect(policy.isAllowed("")).toBe(false);
    expect(policy.isAllowed("1.2.3")).toBe(false);
  });

  it("lets configured ranges through, and only those", () => {
    const intranet = new AddressPolicy(["127.0.0.0/8", "fd00::/8", "192.168.5.5"]);
    expect(intranet.isAllowed("127.0.0.1")).toBe(true);
    expect(intranet.isAllowed("::ffff:127.0.0.1")).toBe(true);
    expect(intranet.isAllowed("fd00::5")).toBe(true);
    expect(intranet.isAllowed("192.168.5.5")).toBe(true);
    expect(intranet.isAllowed("192.168.5.6")).toBe(false);
    expect(intranet.isAllowed("::1")).toBe(false);
    expect(intranet.isAllowed("10.0.0.1")).toBe(false);
  });

  it("validates configured ranges", () => {
    expect(isCidrRange("10.0.0.0/8")).toBe(true);
    expect(isCidrRange("::1")).toBe(true);
    expect(isCidrRange("fd00::/129")).toBe(false);
    expect(isCidrRange("10.0.0.0/33")).toBe(false);
    expect(isCidrRange("example.org")).toBe(false);
    expect(isCidrRange("10.0.0.0/8/8")).toBe(false);
    expect(() => new AddressPolicy(["nonsense"])).toThrow();
  });
});
