import { BlockList, isIP } from "node:net";

// Which addresses the URL previewer may connect to. It fetches on behalf of
// any user, so without this a user could make the server read its own admin
// ports, cloud metadata (169.254.169.254) or anything on the private network
// and show them the result (server-side request forgery). Every range that is
// not ordinary public unicast is refused; an operator can allow some back
// with `url_preview.ip_range_whitelist`.

/** [address, prefix length] of every IPv4 range that is not public unicast (IANA special-purpose registry). */
const BLOCKED_IPV4: readonly (readonly [string, number])[] = [
  ["0.0.0.0", 8], // "this network"; connecting to 0.0.0.0 reaches the local host
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (shared address space)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata services live here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation (TEST-NET-1)
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation (TEST-NET-2)
  ["203.0.113.0", 24], // documentation (TEST-NET-3)
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the limited broadcast address
];

/** The same for IPv6. IPv4-mapped addresses (::ffff:0:0/96) are checked as the IPv4 address they carry. */
const BLOCKED_IPV6: readonly (readonly [string, number])[] = [
  ["::", 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible range
  ["64:ff9b::", 96], // NAT64: would reach whatever IPv4 address is embedded
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001::", 23], // IETF protocol assignments, including Teredo (2001::/32)
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds an arbitrary IPv4 address
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed by some stacks)
  ["ff00::", 8], // multicast
];

const blocked = new BlockList();
for (const [address, prefix] of BLOCKED_IPV4) blocked.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of BLOCKED_IPV6) blocked.addSubnet(address, prefix, "ipv6");

/** `a.b.c.d` for an IPv4-mapped IPv6 address (`::ffff:a.b.c.d` or `::ffff:XXXX:XXXX`), otherwise undefined. */
export function ipv4MappedAddress(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted?.[1] !== undefined && isIP(dotted[1]) === 4) return dotted[1];
  if (isIP(lower) !== 6) return undefined;
  const groups = expandIpv6(lower);
  if (groups === undefined || groups.slice(0, 5).some((group) => group !== 0) || groups[5] !== 0xffff) return undefined;
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/** The eight 16-bit groups of an IPv6 address (with a trailing dotted IPv4 part allowed). */
function expandIpv6(address: string): number[] | undefined {
  let text = address;
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const bytes = dotted[1].split(".").map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = bytes;
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" || halves[0] === undefined ? [] : halves[0].split(":");
  const tail = halves.length === 2 && halves[1] !== "" && halves[1] !== undefined ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail].map((group) => parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

/** An IP address, or an address with a prefix length (`10.0.0.0/8`, `fd00::/8`). */
export function isCidrRange(text: string): boolean {
  return parseRange(text) !== undefined;
}

function parseRange(text: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | undefined {
  const [address = "", prefixText, ...rest] = text.trim().split("/");
  if (rest.length > 0) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** Decides whether the previewer may connect to an address: public unicast, or inside an allowed range. */
export class AddressPolicy {
  private readonly allowed = new BlockList();

  constructor(allowedRanges: readonly string[] = []) {
    for (const range of allowedRanges) {
      const parsed = parseRange(range);
      if (!parsed) throw new Error(`not an IP range: ${range}`);
      this.allowed.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
  }

  /** False for anything that is not an IP address. */
  isAllowed(address: string): boolean {
    // A zone index (fe80::1%eth0) only ever comes with link-local addresses.
    if (address.includes("%")) return false;
    const mapped = ipv4MappedAddress(address);
    const candidate = mapped ?? address;
    const version = isIP(candidate);
    if (version === 0) return false;
    const family = version === 4 ? "ipv4" : "ipv6";
    if (this.allowed.check(candidate, family)) return true;
    return !blocked.check(candidate, family);
  }
}
