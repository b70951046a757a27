import type { z } from "zod";
import { describeIssues, formatPath } from "../schemas/validate-pdu.js";
import { PushRuleFormatError } from "./errors.js";
import { pushActionsSchema, pushRuleSchemaFor, pushRulesContentSchema, pushRulesetSchema } from "./schemas.js";
import type { PushAction, PushRule, PushRuleKind, PushRuleset, PushRulesContent } from "./types.js";

// The boundary: untrusted JSON in, typed rules out, or a PushRuleFormatError
// naming what is wrong. Evaluation trusts nothing either, but only parsing
// reports problems.

function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { issues } = result.error;
  throw new PushRuleFormatError(`invalid ${what}: ${describeIssues(issues, input)}`, formatPath(issues[0]?.path ?? []), {
    cause: result.error,
  });
}

/** A rule of `kind` (e.g. a stored rule); historical actions are stripped. */
export function parsePushRule(kind: PushRuleKind, input: unknown): PushRule {
  return parseWith(pushRuleSchemaFor(kind), input, `${kind} push rule`);
}

/** A ruleset (`global`, or the body of `GET /pushrules/global/`). */
export function parsePushRuleset(input: unknown): PushRuleset {
  return parseWith(pushRulesetSchema, input, "push ruleset");
}

/** The content of an `m.push_rules` account-data event. */
export function parsePushRulesContent(input: unknown): PushRulesContent {
  return parseWith(pushRulesContentSchema, input, "m.push_rules content");
}

/** An `actions` array (e.g. the body of `PUT …/actions`); historical actions are stripped. */
export function parsePushActions(input: unknown): PushAction[] {
  return [...parseWith(pushActionsSchema, input, "push rule actions")];
}
