// "Server Discovery": a server name goes through .well-known, a URL is used as is.
import { describe, expect, it } from "vitest";
import { discoverHomeserver, parseHomeserverInput } from "./discovery.js";

describe("parseHomeserverInput", () => {
  it("tells URLs from server names and rejects junk", () => {
    expect(parseHomeserverInput("https://matrix.example.org/")).toEqual({ kind: "url", url: "https://matrix.example.org" });
    expect(parseHomeserverInput(" Example.org:8448 ")).toEqual({ kind: "serverName", serverName: "example.org:8448" });
    expect(parseHomeserverInput("[::1]:8008")).toEqual({ kind: "serverName", serverName: "[::1]:8008" });
    expect(parseHomeserverInput("not a server")).toBeUndefined();
    expect(parseHomeserverInput("")).toBeUndefined();
  });
});

describe("discoverHomeserver", () => {
  it("follows m.homeserver.base_url from /.well-known/matrix/client, then checks /versions there", async () => {
    const requested: string[] = [];
    const fakeFetch = (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : input.toString();
      requested.push(url);
      if (url === "https://example.org/.well-known/matrix/client") return Promise.resolve(Response.json({ "m.homeserver": { base_url: "https://matrix.example.org/" } }));
      if (url === "https://matrix.example.org/_matrix/client/versions") return Promise.resolve(Response.json({ versions: ["v1.11"] }));
      return Promise.resolve(new Response("nope", { status: 404 }));
    };
    await expect(discoverHomeserver("example.org", fakeFetch)).resolves.toEqual({ baseUrl: "https://matrix.example.org", versions: ["v1.11"] });
    expect(requested).toEqual(["https://example.org/.well-known/matrix/client", "https://matrix.example.org/_matrix/client/versions"]);
  });
});
