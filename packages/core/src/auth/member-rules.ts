import { isValidUserId } from "../identifiers/index.js";
import { domainOf } from "./domain.js";
import { own } from "../power-levels/json-access.js";
import type { RuleContext } from "./rule-context.js";
import { signedBlockMatchesAnyKey, thirdPartyInvitePublicKeys } from "./third-party-invite.js";
import { ALLOWED, rejected, type AuthVerdict } from "./verdict.js";

// Rule "If type is `m.room.member`" (5 in rooms 1–5, 4 in 6–11, 5 in 12).

export function checkMemberEvent(ctx: RuleContext): AuthVerdict {
  const { event, rules, version } = ctx;
  const target = event.stateKey;
  const membership = own(event.content, "membership");
  if (target === undefined) return rejected(rules.member.fields, "m.room.member event has no state_key");
  if (membership === undefined) return rejected(rules.member.fields, "m.room.member content has no membership");

  if (version.restrictedJoins && Object.hasOwn(event.content, "join_authorised_via_users_server")) {
    const verdict = checkAuthoriserSignature(ctx);
    if (!verdict.allowed) return verdict;
  }

  switch (membership) {
    case "join":
      return checkJoin(ctx, target);
    case "invite":
      return checkInvite(ctx, target);
    case "leave":
      return checkLeave(ctx, target);
    case "ban":
      return checkBan(ctx, target);
    case "knock":
      if (version.knocking) return checkKnock(ctx, target);
      break;
  }
  return rejected(rules.member.unknown, `unknown membership ${JSON.stringify(membership)}`);
}

function checkAuthoriserSignature(ctx: RuleContext): AuthVerdict {
  const { event, rules } = ctx;
  const authoriser = own(event.content, "join_authorised_via_users_server");
  const rule = `${rules.member.authoriserSignature}.1`;
  if (!isValidUserId(authoriser, { historical: true })) {
    return rejected(rule, `join_authorised_via_users_server is ${JSON.stringify(authoriser)}, not a user ID`);
  }
  const server = domainOf(authoriser) ?? "";
  let signed = false;
  try {
    signed = ctx.isSignedBy(event, server);
  } catch {
    signed = false;
  }
  return signed ? ALLOWED : rejected(rule, `the event is not signed by ${server}, the server of the authorising user ${authoriser}`);
}

function checkJoin(ctx: RuleContext, target: string): AuthVerdict {
  const { event, rules, version, create } = ctx;
  const r = rules.join;
  const creator = version.implicitRoomCreator ? create.sender : own(create.content, "creator");
  if (event.prevEventIds.length === 1 && event.prevEventIds[0] === create.eventId && target === creator) {
    return ALLOWED; // the creator's own first join, straight after the create event
  }
  if (event.sender !== target) return rejected(r.notSelf, `${event.sender} cannot join on behalf of ${target}`);
  const current = ctx.membershipOf(target);
  if (current === "ban") return rejected(r.banned, `${target} is banned`);
  // A room without an m.room.join_rules event is treated as invite-only. The
  // rules name no default, but the deployed servers (Synapse, Dendrite,
  // Conduit) all read it so, and servers must agree for rooms to converge.
  const joinRule = ctx.joinRule ?? "invite";
  const invitedOrJoined = current === "invite" || current === "join";
  if (joinRule === "invite" || (version.knocking && joinRule === "knock")) {
    if (invitedOrJoined) return ALLOWED;
  } else if (version.restrictedJoins && (joinRule === "restricted" || (version.knockRestricted && joinRule === "knock_restricted"))) {
    if (invitedOrJoined) return ALLOWED;
    const authoriser = own(event.content, "join_authorised_via_users_server");
    const rule = `${r.restricted}.2`;
    if (typeof authoriser !== "string") return rejected(rule, `join rule ${joinRule} and no join_authorised_via_users_server`);
    if (ctx.membershipOf(authoriser) !== "join") return rejected(rule, `the authorising user ${authoriser} is not joined`);
    if (ctx.levelOf(authoriser) < ctx.levels.invite) {
      return rejected(rule, `the authorising user ${authoriser} has level ${ctx.levelOf(authoriser)}, below the invite level ${ctx.levels.invite}`);
    }
    return ALLOWED;
  } else if (joinRule === "public") {
    return ALLOWED;
  }
  return rejected(r.otherwise, `join rule ${JSON.stringify(joinRule)} does not let ${target} (${current ?? "not a member"}) join`);
}

function checkInvite(ctx: RuleContext, target: string): AuthVerdict {
  const { event, rules } = ctx;
  const r = rules.invite;
  if (Object.hasOwn(event.content, "third_party_invite")) return checkThirdPartyInvite(ctx, target);
  if (ctx.membershipOf(event.sender) !== "join") return rejected(r.senderNotJoined, `${event.sender} is not joined`);
  const current = ctx.membershipOf(target);
  if (current === "join" || current === "ban") return rejected(r.target, `${target} is already ${current === "join" ? "joined" : "banned"}`);
  const level = ctx.levelOf(event.sender);
  if (level >= ctx.levels.invite) return ALLOWED;
  return rejected(r.otherwise, `${event.sender} has level ${level}, below the invite level ${ctx.levels.invite}`);
}

function checkThirdPartyInvite(ctx: RuleContext, target: string): AuthVerdict {
  const { event, rules } = ctx;
  const r = rules.thirdParty;
  if (ctx.membershipOf(target) === "ban") return rejected(r.banned, `${target} is banned`);
  const signed = own(own(event.content, "third_party_invite"), "signed");
  if (typeof signed !== "object" || signed === null || Array.isArray(signed)) {
    return rejected(r.signed, "third_party_invite has no signed object");
  }
  const mxid = own(signed, "mxid");
  const token = own(signed, "token");
  if (typeof mxid !== "string" || typeof token !== "string") return rejected(r.mxidToken, "signed lacks a string mxid and token");
  if (mxid !== target) return rejected(r.mxid, `signed.mxid ${mxid} is not the invited user ${target}`);
  const invite = ctx.state.get("m.room.third_party_invite", token);
  if (invite === undefined) return rejected(r.token, `no m.room.third_party_invite with token ${JSON.stringify(token)}`);
  if (invite.sender !== event.sender) return rejected(r.sender, `${event.sender} did not send the third-party invite (${invite.sender} did)`);
  if (signedBlockMatchesAnyKey(signed, thirdPartyInvitePublicKeys(invite), ctx.verifyEd25519)) return ALLOWED;
  return rejected(r.otherwise, "no signature in signed matches a public key of the third-party invite");
}

function checkLeave(ctx: RuleContext, target: string): AuthVerdict {
  const { event, rules, version } = ctx;
  const r = rules.leave;
  const current = ctx.membershipOf(target);
  if (event.sender === target) {
    if (current === "invite" || current === "join" || (version.knocking && current === "knock")) return ALLOWED;
    return rejected(r.self, `${target} cannot leave with membership ${current ?? "none"}`);
  }
  if (ctx.membershipOf(event.sender) !== "join") return rejected(r.senderNotJoined, `${event.sender} is not joined`);
  const level = ctx.levelOf(event.sender);
  if (current === "ban" && level < ctx.levels.ban) {
    return rejected(r.unban, `${event.sender} has level ${level}, below the ban level ${ctx.levels.ban}, and ${target} is banned`);
  }
  const targetLevel = ctx.levelOf(target);
  if (level >= ctx.levels.kick && targetLevel < level) return ALLOWED;
  return rejected(
    r.otherwise,
    `${event.sender} (level ${level}) cannot kick ${target} (level ${targetLevel}) with kick level ${ctx.levels.kick}`,
  );
}

function checkBan(ctx: RuleContext, target: string): AuthVerdict {
  const { event, rules } = ctx;
  const r = rules.ban;
  if (ctx.membershipOf(event.sender) !== "join") return rejected(r.senderNotJoined, `${event.sender} is not joined`);
  const level = ctx.levelOf(event.sender);
  const targetLevel = ctx.levelOf(target);
  if (level >= ctx.levels.ban && targetLevel < level) return ALLOWED;
  return rejected(r.otherwise, `${event.sender} (level ${level}) cannot ban ${target} (level ${targetLevel}) with ban level ${ctx.levels.ban}`);
}

function checkKnock(ctx: RuleContext, target: string): AuthVerdict {
  const { event, rules, version } = ctx;
  const r = rules.knock;
  const joinRule = ctx.joinRule;
  if (!(joinRule === "knock" || (version.knockRestricted && joinRule === "knock_restricted"))) {
    return rejected(r.joinRule, `join rule ${JSON.stringify(joinRule ?? null)} does not allow knocking`);
  }
  if (event.sender !== target) return rejected(r.notSelf, `${event.sender} cannot knock on behalf of ${target}`);
  const current = ctx.membershipOf(target);
  if (current !== "ban" && current !== "invite" && current !== "join") return ALLOWED;
  return rejected(r.otherwise, `${target} cannot knock with membership ${current}`);
}
