import {
  defaultPushRules,
  isServerDefaultRuleId,
  mergeWithDefaults,
  parsePushActions,
  parsePushRule,
  parsePushRulesContent,
  PUSH_RULE_KINDS,
  PushRuleFormatError,
  type PushAction,
  type PushRule,
  type PushRuleKind,
  type PushRuleset,
} from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { Storage } from "../../storage/storage.js";
import { KeyedSerialQueue } from "../events/keyed-queue.js";

// Spec: client-server "Push Rules", "Predefined Rules", "Push Rules: API"
// (pushrules.yaml) and "Push Rules: Events": a user's rules are their
// `m.push_rules` global account data, whose content is the current ruleset
// (server-default rules included, with the user's enabled/actions changes),
// so a change reaches clients through /sync's account_data.

const PUSH_RULES_TYPE = "m.push_rules";
/** Rulesets kept in memory for evaluation (every event evaluates each joined local member's). */
const MAX_CACHED_RULESETS = 10_000;

export interface PushRuleBody {
  actions: readonly unknown[];
  conditions?: readonly unknown[] | undefined;
  pattern?: string | undefined;
}

type MutableRuleset = { [K in PushRuleKind]: PushRule[] };

function notFound(): MatrixError {
  return MatrixError.notFound("The push rule was not found.");
}

/** A PushRuleFormatError as the API's 400. */
function formatError(error: unknown): never {
  if (error instanceof PushRuleFormatError) throw MatrixError.invalidParam(error.message);
  throw error;
}

function copyRuleset(ruleset: PushRuleset): MutableRuleset {
  const out = {} as MutableRuleset;
  for (const kind of PUSH_RULE_KINDS) out[kind] = [...(ruleset[kind] ?? [])];
  return out;
}

/** The user's rules and default-rule changes, merged with the current defaults (core's mergeWithDefaults). */
function effectiveRuleset(userId: string, stored: Record<string, unknown> | undefined): PushRuleset {
  let global: PushRuleset | undefined;
  if (stored !== undefined) {
    try {
      global = parsePushRulesContent(stored).global;
    } catch {
      // Only this service writes m.push_rules (the account-data API refuses it), so this is a damaged row: fall back to the defaults.
      global = undefined;
    }
  }
  return mergeWithDefaults(global, defaultPushRules(userId));
}

export class PushRuleService {
  private readonly cache = new Map<string, PushRuleset>();
  /** Changes to one user's rules are read-modify-write: one at a time per user. */
  private readonly writes = new KeyedSerialQueue();

  constructor(
    private readonly storage: Storage,
    private readonly wakeUser: (userId: string) => void,
  ) {}

  /** The effective rulesets of the users, in one query for those not cached. */
  async rulesets(userIds: readonly string[]): Promise<Map<string, PushRuleset>> {
    const out = new Map<string, PushRuleset>();
    const missing: string[] = [];
    for (const userId of userIds) {
      const cached = this.cache.get(userId);
      if (cached) out.set(userId, cached);
      else missing.push(userId);
    }
    if (missing.length > 0) {
      const stored = await this.storage.push.storedPushRules(missing);
      for (const userId of missing) {
        const ruleset = effectiveRuleset(userId, stored.get(userId));
        this.remember(userId, ruleset);
        out.set(userId, ruleset);
      }
    }
    return out;
  }

  async ruleset(userId: string): Promise<PushRuleset> {
    return (await this.rulesets([userId])).get(userId) ?? effectiveRuleset(userId, undefined);
  }

  async getRule(userId: string, kind: PushRuleKind, ruleId: string): Promise<PushRule> {
    const rule = (await this.ruleset(userId))[kind]?.find((candidate) => candidate.rule_id === ruleId);
    if (!rule) throw notFound();
    return rule;
  }

  /**
   * PUT /pushrules/global/{kind}/{ruleId}: create or replace a user-defined
   * rule. New rules are enabled and, without before/after, the most
   * important user-defined rule of their kind; a replaced rule keeps its
   * place and enabled state unless before/after moves it. `before` wins
   * over `after`; either must name a user-defined rule of the same kind
   * (400 M_UNKNOWN otherwise, as pushrules.yaml shows).
   */
  async putRule(userId: string, kind: PushRuleKind, ruleId: string, body: PushRuleBody, position: { before?: string | undefined; after?: string | undefined }): Promise<void> {
    if (isServerDefaultRuleId(ruleId)) throw MatrixError.invalidParam("Rule IDs starting with '.' are reserved for server-default rules");
    if (ruleId.includes("/") || ruleId.includes("\\")) throw MatrixError.invalidParam("Rule IDs cannot contain '/' or '\\'");
    if (kind === "room" && !ruleId.startsWith("!")) throw MatrixError.invalidParam("The rule ID of a room rule is the room ID");
    if (kind === "sender" && !ruleId.startsWith("@")) throw MatrixError.invalidParam("The rule ID of a sender rule is the user ID");
    if (kind === "content" && body.pattern === undefined) throw MatrixError.missingParam("Content rules need a pattern");
    const draft: Record<string, unknown> = { rule_id: ruleId, default: false, enabled: true, actions: body.actions };
    if ((kind === "override" || kind === "underride") && body.conditions !== undefined) draft.conditions = body.conditions;
    if (kind === "content") draft.pattern = body.pattern;
    let rule: PushRule;
    try {
      rule = parsePushRule(kind, draft);
    } catch (error) {
      formatError(error);
    }

    await this.change(userId, (ruleset) => {
      const rules = ruleset[kind];
      const anchorId = position.before ?? position.after;
      const existingIndex = rules.findIndex((candidate) => candidate.rule_id === ruleId);
      const existing = existingIndex >= 0 ? rules[existingIndex] : undefined;
      const updated: PushRule = existing ? { ...rule, enabled: existing.enabled } : rule;
      if (anchorId === undefined && existing) {
        rules[existingIndex] = updated;
        return;
      }
      if (existingIndex >= 0) rules.splice(existingIndex, 1);
      if (anchorId !== undefined) {
        const anchorIndex = rules.findIndex((candidate) => candidate.rule_id === anchorId && !candidate.default);
        if (anchorIndex < 0 || anchorId === ruleId) throw MatrixError.unknown(`before/after rule not found: ${anchorId}`);
        rules.splice(position.before !== undefined ? anchorIndex : anchorIndex + 1, 0, updated);
        return;
      }
      // The most important user-defined rule. Re-merging puts the master rule back above it.
      rules.unshift(updated);
    });
  }

  /** DELETE: user-defined rules only; server-default rules cannot be deleted (404, as they are not the user's). */
  async deleteRule(userId: string, kind: PushRuleKind, ruleId: string): Promise<void> {
    await this.change(userId, (ruleset) => {
      const index = ruleset[kind].findIndex((candidate) => candidate.rule_id === ruleId && !candidate.default);
      if (index < 0) throw notFound();
      ruleset[kind].splice(index, 1);
    });
  }

  async setEnabled(userId: string, kind: PushRuleKind, ruleId: string, enabled: boolean): Promise<void> {
    await this.change(userId, (ruleset) => {
      const index = ruleset[kind].findIndex((candidate) => candidate.rule_id === ruleId);
      const rule = ruleset[kind][index];
      if (!rule) throw notFound();
      ruleset[kind][index] = { ...rule, enabled };
    });
  }

  async setActions(userId: string, kind: PushRuleKind, ruleId: string, actions: readonly unknown[]): Promise<void> {
    let parsed: PushAction[];
    try {
      parsed = parsePushActions(actions);
    } catch (error) {
      formatError(error);
    }
    await this.change(userId, (ruleset) => {
      const index = ruleset[kind].findIndex((candidate) => candidate.rule_id === ruleId);
      const rule = ruleset[kind][index];
      if (!rule) throw notFound();
      ruleset[kind][index] = { ...rule, actions: parsed };
    });
  }

  /** Apply `edit` to the user's current ruleset and store the result as their m.push_rules (waking their syncs). */
  private change(userId: string, edit: (ruleset: MutableRuleset) => void): Promise<void> {
    return this.writes.run(userId, async () => {
      const stored = await this.storage.accountData.get(userId, null, PUSH_RULES_TYPE);
      const ruleset = copyRuleset(effectiveRuleset(userId, stored));
      edit(ruleset);
      // Re-merged so the defaults keep their place whatever the edit did.
      const merged = mergeWithDefaults(ruleset, defaultPushRules(userId));
      await this.storage.accountData.put(userId, null, PUSH_RULES_TYPE, { global: merged });
      this.remember(userId, merged);
      this.wakeUser(userId);
    });
  }

  private remember(userId: string, ruleset: PushRuleset): void {
    if (this.cache.size >= MAX_CACHED_RULESETS && !this.cache.has(userId)) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(userId, ruleset);
  }
}
