import {
  deletePushRule,
  getNotifications,
  getPushers,
  getPushRule,
  getPushRuleActions,
  getPushRules,
  getPushRulesGlobal,
  isPushRuleEnabled,
  postPusher,
  setPushRule,
  setPushRuleActions,
  setPushRuleEnabled,
  type PushRule as WirePushRule,
  type PushRuleset as WirePushRuleset,
} from "@myelin/client-server";
import type { PushRule, PushRuleset } from "@myelin/core";
import type { RouteContext } from "../context.js";

// core's push-rule types are readonly views of the same JSON the endpoint schemas type as mutable records.
const wireRuleset = (ruleset: PushRuleset) => ruleset as unknown as WirePushRuleset;
const wireRule = (rule: PushRule) => rule as unknown as WirePushRule;
const wireActions = (actions: readonly unknown[]) => [...actions] as WirePushRule["actions"];

// Spec: client-server "Push Rules: API" (pushrules.yaml), "Listing
// Notifications" (notifications.yaml) and pushers (pusher.yaml).
export function pushRoutes({ serve, services }: RouteContext): void {
  const { pushRules, notifications, pushers } = services.push;

  serve(getPushRules, async (_request, { auth }) => ({ global: wireRuleset(await pushRules.ruleset(auth.userId)) }));

  serve(getPushRulesGlobal, async (_request, { auth }) => wireRuleset(await pushRules.ruleset(auth.userId)));

  serve(getPushRule, async ({ path }, { auth }) => wireRule(await pushRules.getRule(auth.userId, path.kind, path.ruleId)));

  serve(setPushRule, async ({ path, query, body }, { auth }) => {
    await pushRules.putRule(auth.userId, path.kind, path.ruleId, body, query);
    return {};
  });

  serve(deletePushRule, async ({ path }, { auth }) => {
    await pushRules.deleteRule(auth.userId, path.kind, path.ruleId);
    return {};
  });

  serve(isPushRuleEnabled, async ({ path }, { auth }) => ({ enabled: (await pushRules.getRule(auth.userId, path.kind, path.ruleId)).enabled }));

  serve(setPushRuleEnabled, async ({ path, body }, { auth }) => {
    await pushRules.setEnabled(auth.userId, path.kind, path.ruleId, body.enabled);
    return {};
  });

  serve(getPushRuleActions, async ({ path }, { auth }) => ({ actions: wireActions((await pushRules.getRule(auth.userId, path.kind, path.ruleId)).actions) }));

  serve(setPushRuleActions, async ({ path, body }, { auth }) => {
    await pushRules.setActions(auth.userId, path.kind, path.ruleId, body.actions);
    return {};
  });

  serve(getNotifications, async ({ query }, { auth }) => {
    const page = await notifications.list(auth, query);
    return { ...page, notifications: page.notifications.map((notification) => ({ ...notification, actions: wireActions(notification.actions) })) };
  });

  serve(getPushers, async (_request, { auth }) => ({ pushers: await pushers.list(auth.userId) }));

  serve(postPusher, async ({ body }, { auth }) => {
    await pushers.set(auth.userId, body);
    return {};
  });
}
