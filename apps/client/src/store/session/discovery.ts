import { createMatrixClient, getVersions, getWellknown } from "@myelin/client-server";

export type HomeserverInput = { readonly kind: "url"; readonly url: string } | { readonly kind: "serverName"; readonly serverName: string };

/**
 * What the user typed: a URL (with a scheme) is used as is; anything else is
 * a server name to look up through `/.well-known/matrix/client` ("Server
 * Discovery", client-server API).
 */
export function parseHomeserverInput(input: string): HomeserverInput | undefined {
  const trimmed = input.trim();
  if (trimmed === "") return undefined;
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      return { kind: "url", url: url.origin + url.pathname.replace(/\/+$/, "") };
    } catch {
      return undefined;
    }
  }
  // A server name is a host with an optional port (appendices, "Server name").
  if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(trimmed)) return undefined;
  return { kind: "serverName", serverName: trimmed.toLowerCase() };
}

export interface DiscoveredHomeserver {
  readonly baseUrl: string;
  readonly versions: readonly string[];
}

/**
 * Resolve a homeserver: a server name through its well-known file (falling
 * back to `https://<name>` when it has none), then `GET /versions` to check
 * that a Matrix server answers there.
 */
export async function discoverHomeserver(input: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<DiscoveredHomeserver> {
  const parsed = parseHomeserverInput(input);
  if (parsed === undefined) throw new Error("Enter a server name (example.org) or a URL (https://matrix.example.org).");
  let baseUrl = parsed.kind === "url" ? parsed.url : `https://${parsed.serverName}`;
  if (parsed.kind === "serverName") {
    try {
      const wellKnown = await createMatrixClient({ baseUrl, fetch: fetchImpl }).call(getWellknown);
      baseUrl = wellKnown["m.homeserver"].base_url.replace(/\/+$/, "");
    } catch {
      // The spec lets a client fall back to the server name itself when there is no well-known file.
    }
  }
  const { versions } = await createMatrixClient({ baseUrl, fetch: fetchImpl }).call(getVersions);
  return { baseUrl, versions };
}
