// Invites with `content.third_party_invite` (member rule "invite" 1.1–1.8:
// 5.3.1 in rooms 1–5, 4.3.1 in 6–7, 4.4.1 in 8–11, 5.4.1 in 12), with a real
// ed25519 key standing for the identity server's.
import nacl from "tweetnacl";
import { describe, expect, it } from "vitest";
import { ALICE, AuthRoom, BOB, CHARLIE, DAVE, ERIN, expandRuleCases, runRuleCase, type RuleCase } from "../../test/helpers/auth-room.js";
import { encodeBase64, encodeBase64Url } from "../json/base64.js";
import type { JsonObject } from "../json/canonical-json.js";
import { signingBytes } from "../signing/sign-json.js";
import { signedBlockMatchesAnyKey, thirdPartyInvitePublicKeys, tweetnaclVerifyEd25519 } from "./third-party-invite.js";

const identityServer = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(7));
const otherKey = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(9));
const TOKEN = "tok123";

/** `signed` as an identity server makes it: mxid, token, and its signature over them. */
function signedBlock(fields: JsonObject, secretKey = identityServer.secretKey): JsonObject {
  const signature = nacl.sign.detached(signingBytes(fields), secretKey);
  return { ...fields, signatures: { "id.example.org": { "ed25519:0": encodeBase64(signature) } } };
}

/** The m.room.third_party_invite event bob (or `sender`) sent for the token. */
function addThirdPartyInvite(room: AuthRoom, content: JsonObject = { public_key: encodeBase64(identityServer.publicKey) }, sender = BOB) {
  return room.addEvent({
    type: "m.room.third_party_invite",
    sender,
    stateKey: TOKEN,
    content: { display_name: "d...@example.org", key_validity_url: "https://id.example.org/isvalid", ...content },
  });
}

function inviteWith(room: AuthRoom, thirdPartyInvite: JsonObject | string, sender = BOB, target = DAVE) {
  return room.event({
    type: "m.room.member",
    sender,
    stateKey: target,
    content: { membership: "invite", third_party_invite: thirdPartyInvite },
  });
}

const validInvite = (room: AuthRoom) => inviteWith(room, { display_name: "d...@example.org", signed: signedBlock({ mxid: DAVE, token: TOKEN }) });

const RULE = (n: string) => `1-5:5.3.1.${n} 6-7:4.3.1.${n} 8-11:4.4.1.${n} 12:5.4.1.${n}`;

const cases: RuleCase[] = [
  {
    name: "a signed block verified by the invite's public_key allows the invite",
    rule: RULE("7"),
    allowed: true,
    build: (room) => {
      addThirdPartyInvite(room);
      return validInvite(room);
    },
  },
  {
    name: "a key in public_keys (URL-safe base64 here) also verifies",
    rule: RULE("7"),
    allowed: true,
    build: (room) => {
      addThirdPartyInvite(room, {
        public_key: encodeBase64(otherKey.publicKey),
        public_keys: [{ public_key: encodeBase64Url(identityServer.publicKey) }],
      });
      return validInvite(room);
    },
  },
  {
    // Rule 1.7 allows before rules 2–4 (sender joined, invite level) are reached.
    name: "the sender's membership is not checked for third-party invites",
    rule: RULE("7"),
    allowed: true,
    room: { powerLevels: { invite: 100 } },
    build: (room) => {
      addThirdPartyInvite(room);
      room.member(BOB, "leave");
      return validInvite(room);
    },
  },
  {
    name: "a banned target cannot be invited through a third-party invite",
    rule: RULE("1"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      room.member(DAVE, "ban", ALICE);
      return validInvite(room);
    },
  },
  {
    name: "third_party_invite without signed is rejected",
    rule: RULE("2"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      return inviteWith(room, { display_name: "d...@example.org" });
    },
  },
  {
    name: "third_party_invite that is not an object is rejected (no exception)",
    rule: RULE("2"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      return inviteWith(room, "signed");
    },
  },
  {
    name: "signed without a token is rejected",
    rule: RULE("3"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      return inviteWith(room, { signed: signedBlock({ mxid: DAVE }) });
    },
  },
  {
    name: "signed.mxid that is not the invited user is rejected",
    rule: RULE("4"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      return inviteWith(room, { signed: signedBlock({ mxid: ERIN, token: TOKEN }) });
    },
  },
  {
    name: "a token with no m.room.third_party_invite in the state is rejected",
    rule: RULE("5"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      return inviteWith(room, { signed: signedBlock({ mxid: DAVE, token: "other" }) });
    },
  },
  {
    name: "an invite sent by someone else than the third-party invite's sender is rejected",
    rule: RULE("6"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      return inviteWith(room, { signed: signedBlock({ mxid: DAVE, token: TOKEN }) }, CHARLIE);
    },
  },
  {
    name: "a block signed by another key is rejected",
    rule: RULE("8"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      return inviteWith(room, { signed: signedBlock({ mxid: DAVE, token: TOKEN }, otherKey.secretKey) });
    },
  },
  {
    name: "a block changed after signing is rejected",
    rule: RULE("8"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room);
      return inviteWith(room, { signed: { ...signedBlock({ mxid: DAVE, token: TOKEN }), extra: "added later" } });
    },
  },
  {
    name: "a third-party invite without usable public keys matches nothing",
    rule: RULE("8"),
    allowed: false,
    build: (room) => {
      addThirdPartyInvite(room, { public_key: "not base64!", public_keys: [{ public_key: 5 }, "x"] });
      return validInvite(room);
    },
  },
];

describe("member invite with third_party_invite", () => {
  it.each(expandRuleCases(cases))("%s", (_name, version, rule, c) => {
    expect(runRuleCase(version, c)).toEqual(c.allowed ? { allowed: true } : { allowed: false, rule, reason: expect.any(String) as string });
  });

  it("verifyEd25519 option replaces tweetnacl (a verifier that says no rejects a valid block)", () => {
    const c = cases[0]!;
    expect(runRuleCase("10", { ...c, options: { verifyEd25519: () => false } })).toMatchObject({ allowed: false, rule: "4.4.1.8" });
    expect(runRuleCase("10", { ...c, options: { verifyEd25519: () => { throw new Error("backend down"); } } })).toMatchObject({ allowed: false, rule: "4.4.1.8" });
  });
});

describe("third-party invite signature helpers", () => {
  it("reads public_key and public_keys[].public_key, skipping entries that are not base64 strings", () => {
    const room = new AuthRoom("10");
    room.createEvent();
    const invite = addThirdPartyInvite(room, {
      public_key: encodeBase64(identityServer.publicKey),
      public_keys: [{ public_key: "%%%" }, { public_key: encodeBase64(otherKey.publicKey) }, null],
    });
    const keys = thirdPartyInvitePublicKeys(invite);
    expect(keys).toEqual([identityServer.publicKey, otherKey.publicKey]);
  });

  it("ignores signatures under key IDs that are not ed25519", () => {
    const block = signedBlock({ mxid: DAVE, token: TOKEN });
    const sig = (block.signatures as Record<string, Record<string, string>>)["id.example.org"]!["ed25519:0"]!;
    const curve = { ...block, signatures: { "id.example.org": { "curve25519:0": sig } } };
    expect(signedBlockMatchesAnyKey(block, [identityServer.publicKey], tweetnaclVerifyEd25519)).toBe(true);
    expect(signedBlockMatchesAnyKey(curve, [identityServer.publicKey], tweetnaclVerifyEd25519)).toBe(false);
  });

  it("the default verifier answers false for wrong-sized keys and signatures instead of throwing", () => {
    expect(tweetnaclVerifyEd25519(new Uint8Array(31), new Uint8Array(0), new Uint8Array(64))).toBe(false);
    expect(tweetnaclVerifyEd25519(identityServer.publicKey, new Uint8Array(0), new Uint8Array(63))).toBe(false);
  });
});
