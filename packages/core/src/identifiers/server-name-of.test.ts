import { describe, expect, it } from "vitest";
import { InvalidIdentifierError } from "../errors.js";
import { serverNameOf } from "./server-name-of.js";

describe('serverNameOf: the domain of "Common Identifier Format" IDs', () => {
  it("reads the domain after the first colon of user IDs, room IDs, aliases and v1 event IDs", () => {
    expect(serverNameOf("@alice:example.org")).toBe("example.org");
    expect(serverNameOf("!room:example.org:8448")).toBe("example.org:8448");
    expect(serverNameOf("#alias:[::1]")).toBe("[::1]");
    expect(serverNameOf("$a4ecee13e2accdadf56c1025:example.com")).toBe("example.com");
  });

  it("keeps the port and reads IP literals: the domain is everything after the first colon", () => {
    expect(serverNameOf("@alice:example.org:8448")).toBe("example.org:8448");
    expect(serverNameOf("$abc:[2001:db8::1]:8448")).toBe("[2001:db8::1]:8448");
    expect(serverNameOf("!r:1.2.3.4")).toBe("1.2.3.4");
  });

  it("reads historical user IDs, as events' senders may be", () => {
    expect(serverNameOf("@Old User:example.org")).toBe("example.org");
    // "Historical User IDs": servers MUST accept an empty localpart (non-compliant, but valid in events).
    expect(serverNameOf("@:example.org")).toBe("example.org");
  });

  it("returns undefined for the IDs without a domain (v12 room IDs, v3+ event IDs)", () => {
    expect(serverNameOf("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ")).toBeUndefined();
    expect(serverNameOf("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg")).toBeUndefined();
  });

  it("throws InvalidIdentifierError for malformed IDs, unknown sigils and non-strings", () => {
    expect(() => serverNameOf("@alice:exa mple.org")).toThrow(InvalidIdentifierError);
    expect(() => serverNameOf("@alice:exa mple.org")).toThrow(/invalid user ID/);
    expect(() => serverNameOf("%foo:example.org")).toThrow(/does not start with a sigil/);
    expect(() => serverNameOf("")).toThrow(/empty string/);
    expect(() => serverNameOf(3)).toThrow(/got number/);
    expect(() => serverNameOf("$short")).toThrow(/invalid event ID/);
    for (const id of ["alice:example.org", "@alice", "@alice:", "@alice:bad host", "@alice:exa/mple", "$:example.org"]) {
      expect(() => serverNameOf(id), id).toThrow(InvalidIdentifierError);
    }
  });
});
