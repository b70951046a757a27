import { beforeAll, describe, expect, it } from "vitest";
import type { Ed25519SigningKey } from "../crypto/ed25519.js";
import { createNodeEd25519 } from "../crypto/node-ed25519.js";
import { sha256 } from "../crypto/sha256.js";
import { EventFormatError, SignatureError } from "../errors.js";
import { getRoomVersion, type RoomVersion } from "../rooms/room-versions.js";
import type { Pdu } from "./pdu.js";
import { signEvent } from "./sign-event.js";
import { requiredSigningServers, verifyEventSignatures, type KeyLookup, type KeyValidity } from "./verify-event.js";

// Server-Server API "Validating hashes and signatures on received events",
// appendix "Checking for a Signature", room 8+ auth rule 4.2
// (join_authorised_via_users_server), fragment v5-signing-requirements.

const backend = createNodeEd25519();
const SERVERS = ["origin.example", "resident.example", "other.example"] as const;
const keys = new Map<string, Ed25519SigningKey>();

beforeAll(async () => {
  for (const server of SERVERS) keys.set(server, await backend.signingKeyFromSeed(sha256(new TextEncoder().encode("verify-event test " + server))));
});

const lookupAll: KeyLookup = (server, keyId) => Promise.resolve(keyId === "ed25519:k" ? keys.get(server)?.publicKey : undefined);

async function signBy(pdu: Record<string, unknown>, version: RoomVersion, ...servers: string[]): Promise<Pdu> {
  let signed = pdu;
  for (const server of servers) signed = await signEvent(signed, { entity: server, keyId: "ed25519:k", key: keys.get(server)! }, version);
  return signed as Pdu;
}

function baseEvent(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "m.room.message",
    room_id: "!room:origin.example",
    sender: "@alice:origin.example",
    origin_server_ts: 1_650_000_000_000,
    content: { body: "hi" },
    depth: 4,
    prev_events: ["$p"],
    auth_events: ["$a"],
    hashes: {},
    signatures: {},
    ...extra,
  };
}

const v10 = getRoomVersion("10");

describe("verifyEventSignatures", () => {
  it("accepts an event signed by the sender's server and says which key verified", async () => {
    const pdu = await signBy(baseEvent(), v10, "origin.example");
    expect(await verifyEventSignatures(pdu, v10, lookupAll, backend)).toEqual({ ok: true, verified: [{ server: "origin.example", keyId: "ed25519:k" }] });
  });

  it("fails with MISSING_SIGNATURE when the sender's server did not sign", async () => {
    const pdu = await signBy(baseEvent(), v10, "other.example");
    const result = await verifyEventSignatures(pdu, v10, lookupAll, backend);
    expect(result).toMatchObject({ ok: false, server: "origin.example", keyId: undefined, reason: "missing" });
    if (result.ok) throw new Error("unreachable");
    expect(result.error).toBeInstanceOf(SignatureError);
    expect(result.error.code).toBe("MISSING_SIGNATURE");
    // No signatures object at all is the same.
    const { signatures: _s, ...unsignedPdu } = pdu;
    expect(await verifyEventSignatures(unsignedPdu, v10, lookupAll, backend)).toMatchObject({ ok: false, reason: "missing" });
  });

  it("fails when no signing key of the server is known (appendix 'Checking for a Signature', step 3)", async () => {
    const pdu = await signBy(baseEvent(), v10, "origin.example");
    const result = await verifyEventSignatures(pdu, v10, () => Promise.resolve(undefined), backend);
    expect(result).toMatchObject({ ok: false, server: "origin.example", reason: "unknown_key", error: { code: "MISSING_SIGNATURE" } });
  });

  it("fails with INVALID_SIGNATURE naming the key when a protected key was changed", async () => {
    const pdu = await signBy(baseEvent(), v10, "origin.example");
    const result = await verifyEventSignatures({ ...pdu, depth: 5 }, v10, lookupAll, backend);
    expect(result).toMatchObject({ ok: false, server: "origin.example", keyId: "ed25519:k", reason: "invalid", error: { code: "INVALID_SIGNATURE" } });
  });

  it("ignores changes redaction removes (content, unsigned)", async () => {
    const pdu = await signBy(baseEvent(), v10, "origin.example");
    expect(await verifyEventSignatures({ ...pdu, content: { body: "edited" }, unsigned: { age: 1 } }, v10, lookupAll, backend)).toMatchObject({ ok: true });
  });

  it("reports undecodable or non-string signatures as bad_encoding", async () => {
    const pdu = await signBy(baseEvent(), v10, "origin.example");
    for (const bad of ["***", "a", 5, null]) {
      const tampered = { ...pdu, signatures: { "origin.example": { "ed25519:k": bad } } } as unknown as Pdu;
      expect(await verifyEventSignatures(tampered, v10, lookupAll, backend), String(bad)).toMatchObject({
        ok: false,
        reason: "bad_encoding",
        keyId: "ed25519:k",
        error: { code: "INVALID_SIGNATURE" },
      });
    }
  });

  it("rejects a signature of the right length by the wrong key", async () => {
    const pdu = await signBy(baseEvent(), v10, "origin.example");
    const wrongKey: KeyLookup = () => Promise.resolve(keys.get("other.example")!.publicKey);
    expect(await verifyEventSignatures(pdu, v10, wrongKey, backend)).toMatchObject({ ok: false, reason: "invalid" });
    const shortKey: KeyLookup = () => Promise.resolve(new Uint8Array(5));
    expect(await verifyEventSignatures(pdu, v10, shortKey, backend)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("skips unknown keys and non-ed25519 algorithms, but every known key must verify", async () => {
    const pdu = await signBy(baseEvent(), v10, "origin.example");
    const good = pdu.signatures["origin.example"]!["ed25519:k"]!;
    const withExtras = { ...pdu, signatures: { "origin.example": { "ed25519:k": good, "ed25519:unknown": "AAAA", "curve25519:x": "zzz" } } };
    expect(await verifyEventSignatures(withExtras, v10, lookupAll, backend)).toEqual({ ok: true, verified: [{ server: "origin.example", keyId: "ed25519:k" }] });

    const twoKnown: KeyLookup = (server, keyId) => Promise.resolve(keyId.startsWith("ed25519:") ? keys.get(server)?.publicKey : undefined);
    const withBadSecond = { ...pdu, signatures: { "origin.example": { "ed25519:k": good, "ed25519:k2": good.replace(/^./, good[0] === "A" ? "B" : "A") } } };
    expect(await verifyEventSignatures(withBadSecond, v10, twoKnown, backend)).toMatchObject({ ok: false, keyId: "ed25519:k2", reason: "invalid" });

    const onlyOtherAlgorithms = { ...pdu, signatures: { "origin.example": { "curve25519:x": good } } };
    expect(await verifyEventSignatures(onlyOtherAlgorithms, v10, lookupAll, backend)).toMatchObject({ ok: false, reason: "missing" });
  });

  it("passes the event's origin_server_ts to the key lookup from room 5 (fragment v5-signing-requirements)", async () => {
    for (const [id, expected] of [["4", undefined], ["5", 1_650_000_000_000], ["12", 1_650_000_000_000]] as const) {
      const version = getRoomVersion(id);
      const seen: KeyValidity[] = [];
      const lookup: KeyLookup = (server, keyId, validity) => {
        seen.push(validity);
        return lookupAll(server, keyId, validity);
      };
      await verifyEventSignatures(await signBy(baseEvent(), version, "origin.example"), version, lookup, backend);
      expect(seen, `room ${id}`).toEqual([{ validAt: expected }]);
    }
  });

  it("rooms 1–2 also need the signature of the server in event_id", async () => {
    const v1 = getRoomVersion("1");
    const pdu = baseEvent({ event_id: "$abc:resident.example", prev_events: [], auth_events: [] });
    expect(requiredSigningServers(pdu, v1)).toEqual({ servers: ["origin.example", "resident.example"], anyServer: false });
    const onlySender = await signBy(pdu, v1, "origin.example");
    expect(await verifyEventSignatures(onlySender, v1, lookupAll, backend)).toMatchObject({ ok: false, server: "resident.example", reason: "missing" });
    const both = await signBy(pdu, v1, "origin.example", "resident.example");
    expect(await verifyEventSignatures(both, v1, lookupAll, backend)).toMatchObject({ ok: true, verified: [{ server: "origin.example" }, { server: "resident.example" }] });
    // Room 3+ does not look at event IDs.
    expect(requiredSigningServers(baseEvent(), getRoomVersion("3")).servers).toEqual(["origin.example"]);
    await expect(verifyEventSignatures(baseEvent(), v1, lookupAll, backend)).rejects.toThrow(EventFormatError);
  });

  it("restricted joins (room 8+) need the authorising user's server too", async () => {
    const join = baseEvent({
      type: "m.room.member",
      state_key: "@alice:origin.example",
      content: { membership: "join", join_authorised_via_users_server: "@admin:resident.example" },
    });
    expect(requiredSigningServers(join, getRoomVersion("7")).servers).toEqual(["origin.example"]);
    for (const id of ["8", "9", "10", "11", "12"]) {
      expect(requiredSigningServers(join, getRoomVersion(id)).servers, `room ${id}`).toEqual(["origin.example", "resident.example"]);
    }
    const onlyJoiner = await signBy(join, v10, "origin.example");
    expect(await verifyEventSignatures(onlyJoiner, v10, lookupAll, backend)).toMatchObject({ ok: false, server: "resident.example", reason: "missing" });
    const both = await signBy(join, v10, "origin.example", "resident.example");
    expect(await verifyEventSignatures(both, v10, lookupAll, backend)).toMatchObject({ ok: true });
    // An authoriser on the sender's own server is one requirement, not two.
    const local = { ...join, content: { membership: "join", join_authorised_via_users_server: "@admin:origin.example" } };
    expect(requiredSigningServers(local, v10).servers).toEqual(["origin.example"]);
    for (const bad of [5, "admin", "@admin", null]) {
      expect(() => requiredSigningServers({ ...join, content: { membership: "join", join_authorised_via_users_server: bad } }, v10)).toThrow(EventFormatError);
    }
  });

  describe("third-party invites (may be sent by a server other than the sender's)", () => {
    const invite = baseEvent({
      type: "m.room.member",
      state_key: "@bob:other.example",
      content: { membership: "invite", third_party_invite: { display_name: "b...", signed: { mxid: "@bob:other.example", token: "t", signatures: {} } } },
    });

    it("do not need the sender's server", async () => {
      expect(requiredSigningServers(invite, v10)).toEqual({ servers: [], anyServer: true });
      const byOther = await signBy(invite, v10, "other.example");
      expect(await verifyEventSignatures(byOther, v10, lookupAll, backend)).toEqual({ ok: true, verified: [{ server: "other.example", keyId: "ed25519:k" }] });
    });

    it("need at least one valid signature by a known key", async () => {
      expect(await verifyEventSignatures(invite as Pdu, v10, lookupAll, backend)).toMatchObject({ ok: false, server: undefined, reason: "unknown_key" });
      const byOther = await signBy(invite, v10, "other.example");
      expect(await verifyEventSignatures(byOther, v10, () => Promise.resolve(undefined), backend)).toMatchObject({ ok: false, reason: "unknown_key" });
    });

    it("fail on any known-key signature that does not verify", async () => {
      const byTwo = await signBy(invite, v10, "other.example", "resident.example");
      const broken = { ...byTwo, signatures: { ...byTwo.signatures, "resident.example": { "ed25519:k": byTwo.signatures["other.example"]!["ed25519:k"]! } } };
      expect(await verifyEventSignatures(broken, v10, lookupAll, backend)).toMatchObject({ ok: false, server: "resident.example", reason: "invalid" });
    });
  });

  it('reads historical senders (appendix "Historical User IDs": servers MUST accept them in events)', () => {
    for (const sender of ["@Old User:origin.example", "@:origin.example"]) {
      expect(requiredSigningServers(baseEvent({ sender }), v10).servers, sender).toEqual(["origin.example"]);
    }
  });

  it("throws EventFormatError for events whose required servers cannot be known", async () => {
    // The sender must be a user ID: an event ID or a malformed server name does not name its server.
    const badSenders = ["alice", "@alice", "@alice:", "@alice:exa/mple", "$alice:example.org", "!r:example.org"].map((sender) => baseEvent({ sender }));
    for (const pdu of [null, [], baseEvent({ sender: undefined }), ...badSenders, baseEvent({ content: "x" })]) {
      await expect(verifyEventSignatures(pdu as unknown as Pdu, v10, lookupAll, backend), JSON.stringify(pdu)).rejects.toThrow(EventFormatError);
    }
  });
});
