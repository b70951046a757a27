import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { AddressPolicy } from "./ip-ranges.js";

// Fetching a URL that a user gave us, without letting them aim the server at
// addresses it must not reach. The host is resolved here, every address is
// checked by the policy, and the connection goes to the checked address
// (the socket's own lookup is replaced), so a DNS answer that changes
// between the check and the connect ("DNS rebinding") cannot slip past.
// Each redirect is a new URL and goes through the same check.

export type UrlFetchFailure = "bad_url" | "blocked" | "unreachable" | "timeout" | "too_large" | "http_status";

export class UrlFetchError extends Error {
  constructor(
    readonly reason: UrlFetchFailure,
    message: string,
  ) {
    super(message);
    this.name = "UrlFetchError";
  }
}

export interface SafeFetchOptions {
  policy: AddressPolicy;
  /** Largest body read; more is a `too_large` failure. */
  maxBytes: number;
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
  userAgent: string;
  accept: string;
  /** Name resolution (tests replace it); the default is the system resolver. */
  resolveHost?: (hostname: string) => Promise<{ address: string; family: number }[]>;
}

export interface FetchedResource {
  /** After redirects. */
  url: string;
  contentType: string | undefined;
  body: Buffer;
}

const defaultResolveHost = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

export async function fetchPublicUrl(url: string, options: SafeFetchOptions): Promise<FetchedResource> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  try {
    let current = parseFetchableUrl(url);
    for (let redirects = 0; ; redirects++) {
      const address = await checkedAddress(current, options);
      const response = await send(current, address, options, abort.signal);
      const location = response.headers.location;
      if (response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
        response.destroy();
        if (redirects >= options.maxRedirects) throw new UrlFetchError("unreachable", `more than ${options.maxRedirects} redirects`);
        current = parseFetchableUrl(location, current);
        continue;
      }
      if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode >= 300) {
        response.destroy();
        throw new UrlFetchError("http_status", `the server answered ${response.statusCode ?? "nothing"}`);
      }
      const body = await readLimited(response, options.maxBytes);
      return { url: current.href, contentType: response.headers["content-type"], body };
    }
  } catch (error) {
    if (abort.signal.aborted) throw new UrlFetchError("timeout", `no complete answer within ${options.timeoutMs} ms`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Only http(s) URLs, resolved against `base` for redirects. */
export function parseFetchableUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new UrlFetchError("bad_url", "not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UrlFetchError("bad_url", "only http and https URLs can be previewed");
  if (url.hostname === "") throw new UrlFetchError("bad_url", "the URL has no host");
  return url;
}

function hostOf(url: URL): string {
  // URL keeps the brackets of an IPv6 literal.
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

async function checkedAddress(url: URL, options: SafeFetchOptions): Promise<{ address: string; family: 4 | 6 }> {
  const host = hostOf(url);
  let candidates: { address: string; family: number }[];
  if (isIP(host) !== 0) {
    candidates = [{ address: host, family: isIP(host) }];
  } else {
    try {
      candidates = await (options.resolveHost ?? defaultResolveHost)(host);
    } catch {
      throw new UrlFetchError("unreachable", `cannot resolve ${host}`);
    }
  }
  // Refuse the host if any of its addresses is off limits: a name that
  // mixes public and private answers is not one we want to talk to.
  if (candidates.length === 0) throw new UrlFetchError("unreachable", `cannot resolve ${host}`);
  if (candidates.some((candidate) => !options.policy.isAllowed(candidate.address))) {
    throw new UrlFetchError("blocked", `${host} resolves to an address this server does not fetch from`);
  }
  const chosen = candidates[0];
  if (!chosen) throw new UrlFetchError("unreachable", `cannot resolve ${host}`);
  return { address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

function send(url: URL, target: { address: string; family: 4 | 6 }, options: SafeFetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  // The socket connects to the address checked above, whatever the name resolves to now.
  const pinnedLookup = ((_hostname: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
  const host = hostOf(url);
  const requestOptions: RequestOptions & { servername?: string } = {
    host,
    port: url.port === "" ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: "GET",
    headers: { "User-Agent": options.userAgent, Accept: options.accept, "Accept-Encoding": "identity" },
    lookup: pinnedLookup,
    signal,
    agent: false,
    ...(url.protocol === "https:" && isIP(host) === 0 && { servername: host }),
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(requestOptions, resolve);
    request.on("error", (error) => reject(signal.aborted ? error : new UrlFetchError("unreachable", `cannot fetch: ${error.message}`)));
    request.end();
  });
}

async function readLimited(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new UrlFetchError("too_large", `the resource is larger than ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response) {
      const bytes = chunk as Buffer;
      total += bytes.byteLength;
      if (total > maxBytes) {
        response.destroy();
        throw new UrlFetchError("too_large", `the resource is larger than ${maxBytes} bytes`);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof UrlFetchError) throw error;
    throw new UrlFetchError("unreachable", "the connection failed while reading");
  }
  return Buffer.concat(chunks);
}
