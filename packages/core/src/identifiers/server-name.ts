import { type IdentifierCheck, describeCodePoint, fail, ok, parseChecked } from "./text.js";

/**
 * A server name split as the appendix's grammar does (appendix "Server
 * Name"): `hostname [":" port]`. `host` is the hostname exactly as written,
 * brackets included for an IPv6 literal, so `host` + `:port` is the input.
 */
export interface ServerName {
  readonly serverName: string;
  readonly host: string;
  readonly port?: number;
  readonly kind: "dns" | "ipv4" | "ipv6";
}

const MAX_DNS_NAME = 255; // dns-name = 1*255dns-char
const MAX_DNS_LABEL = 63; // RFC 1123 §2.1, which the grammar is based on
const MAX_SERVER_NAME = 255 + 6; // the longest hostname plus ":65535"

/**
 * Parses a server name (appendix "Server Name"). Server names are
 * case-sensitive and upper case is allowed (it is only discouraged), so
 * nothing is lowercased.
 */
export function parseServerName(input: unknown): ServerName {
  return parseChecked("server name", input, checkServerName);
}

export function isValidServerName(input: unknown): input is string {
  return typeof input === "string" && checkServerName(input).ok;
}

/** The parser behind `parseServerName`, reusable inside other identifiers. */
export function checkServerName(s: string): IdentifierCheck<ServerName> {
  if (s.length === 0) return fail("server name is empty");
  if (s.length > MAX_SERVER_NAME) return fail(`server name is ${s.length} characters long; longer than any valid server name`);

  let host: string;
  let portText: string | undefined;
  if (s.startsWith("[")) {
    const close = s.indexOf("]");
    if (close < 0) return fail('IPv6 literal has no closing "]"');
    host = s.slice(0, close + 1);
    const rest = s.slice(close + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) return fail(`unexpected ${JSON.stringify(rest)} after the IPv6 literal (expected ":port" or nothing)`);
      portText = rest.slice(1);
    }
  } else {
    // A DNS name or IPv4 literal never contains ":", so the first one starts the port.
    const colon = s.indexOf(":");
    host = colon < 0 ? s : s.slice(0, colon);
    portText = colon < 0 ? undefined : s.slice(colon + 1);
  }

  let port: number | undefined;
  if (portText !== undefined) {
    const checkedPort = checkPort(portText);
    if (!checkedPort.ok) return checkedPort;
    port = checkedPort.value;
  }

  let kind: ServerName["kind"];
  if (host.startsWith("[")) {
    const reason = checkIpv6(host.slice(1, -1));
    if (reason) return fail(reason);
    kind = "ipv6";
  } else if (/^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/.test(host)) {
    // Four all-digit labels are an IPv4 literal, never a DNS name (RFC 1123 §2.1).
    const reason = checkIpv4(host);
    if (reason) return fail(reason);
    kind = "ipv4";
  } else {
    const reason = checkDnsName(host);
    if (reason) return fail(reason);
    kind = "dns";
  }
  return ok(port === undefined ? { serverName: s, host, kind } : { serverName: s, host, port, kind });
}

function checkPort(text: string): IdentifierCheck<number> {
  if (text === "") return fail('port is empty (nothing after ":")');
  if (!/^[0-9]+$/.test(text)) {
    const bad = [...text].find((c) => c < "0" || c > "9") ?? "";
    return fail(`port ${JSON.stringify(text)} contains ${describeCodePoint(bad.codePointAt(0) ?? 0)}; a port is 1 to 5 decimal digits`);
  }
  if (text.length > 5) return fail(`port ${JSON.stringify(text)} has more than 5 digits`);
  const port = Number(text);
  if (port < 1 || port > 65535) return fail(`port ${port} is outside 1–65535`);
  return ok(port);
}

/** IPv4 literal: four decimal numbers 0–255 of 1 to 3 digits, separated by ".". */
function checkIpv4(host: string): string | undefined {
  const octets = host.split(".");
  for (let i = 0; i < octets.length; i++) {
    const octet = octets[i]!;
    if (octet.length > 3) return `IPv4 literal part ${i + 1} (${JSON.stringify(octet)}) has more than 3 digits`;
    if (Number(octet) > 255) return `IPv4 literal part ${i + 1} (${octet}) is greater than 255`;
  }
  return undefined;
}

/**
 * IPv6 literal in the text forms of RFC 3513 §2.2: eight groups of 1–4 hex
 * digits, one optional "::" standing for one or more zero groups, and an
 * optional dotted-quad IPv4 address as the last 32 bits.
 */
function checkIpv6(address: string): string | undefined {
  const where = `IPv6 literal [${address}]`;
  if (address.length < 2 || address.length > 45) return `${where} must be 2 to 45 characters long`;
  for (const c of address) {
    if (!/[0-9A-Fa-f:.]/.test(c)) return `${where} contains ${describeCodePoint(c.codePointAt(0)!)}; only hex digits, ":" and "." are allowed`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return `${where} uses "::" more than once`;
  const compressed = halves.length === 2;
  const groups: string[] = [];
  for (const half of halves) {
    if (half === "") continue;
    groups.push(...half.split(":"));
  }
  let groupCount = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (group.includes(".")) {
      // Only the last 32 bits may be dotted: nothing, not even "::", may follow.
      if (i !== groups.length - 1 || address.endsWith("::")) return `${where} has an embedded IPv4 address that is not at the end`;
      if (!/^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(group)) return `${where} has a malformed embedded IPv4 address ${JSON.stringify(group)}`;
      const reason = checkIpv4(group);
      if (reason) return `${where}: embedded ${reason}`;
      groupCount += 2;
    } else {
      if (group === "") return `${where} has an empty group (a lone ":" at the start or end, or ":::")`;
      if (group.length > 4) return `${where} has a group ${JSON.stringify(group)} longer than 4 hex digits`;
      groupCount += 1;
    }
  }
  if (compressed && groupCount > 7) return `${where} has ${groupCount} groups besides "::"; at most 7 are possible`;
  if (!compressed && groupCount !== 8) return `${where} has ${groupCount} groups; 8 are needed without "::"`;
  return undefined;
}

/**
 * DNS name: 1–255 characters of letters, digits, "-" and "."; as the
 * appendix says, a series of labels separated by "." of alphanumerics or
 * hyphens, so no empty labels (no leading, trailing or double dots). Labels
 * are at most 63 characters, the DNS limit, or the name could never resolve.
 */
function checkDnsName(host: string): string | undefined {
  if (host === "") return "hostname is empty";
  if (host.length > MAX_DNS_NAME) return `DNS name is ${host.length} characters long; at most ${MAX_DNS_NAME} are allowed`;
  for (let i = 0; i < host.length; i++) {
    const c = host[i]!;
    if (!/[0-9A-Za-z.-]/.test(c)) {
      return `DNS name contains ${describeCodePoint(host.codePointAt(i)!)} at index ${i}; only letters, digits, "-" and "." are allowed`;
    }
  }
  const labels = host.split(".");
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label === "") return `DNS name has an empty label at position ${i + 1} (leading, trailing or doubled ".")`;
    if (label.length > MAX_DNS_LABEL) return `DNS label ${JSON.stringify(label.slice(0, 20) + "…")} is ${label.length} characters long; at most ${MAX_DNS_LABEL} are allowed`;
  }
  return undefined;
}
