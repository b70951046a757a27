import type { JsonValue } from "../json/canonical-json.js";
import type { PushAction } from "./types.js";

// client-server "Actions" and "Historical Actions".

/**
 * `dont_notify` and `coalesce` from older versions of the spec, which
 * clients and servers "MUST ignore … for instance, by stripping them".
 */
export const HISTORICAL_ACTIONS: ReadonlySet<string> = new Set(["dont_notify", "coalesce"]);

export function isHistoricalAction(action: unknown): boolean {
  return typeof action === "string" && HISTORICAL_ACTIONS.has(action);
}

/** The actions without the historical ones (a `["dont_notify"]` rule equals an empty one). */
export function stripHistoricalActions(actions: readonly PushAction[]): PushAction[] {
  return actions.filter((action) => !isHistoricalAction(action));
}

/** What a list of actions means for a notification. */
export interface ActionOutcome {
  /** `"notify"` is among the actions. */
  readonly notify: boolean;
  /**
   * The `highlight` tweak: true when given without a value, its value when
   * that is a boolean, false when no highlight tweak is given.
   */
  readonly highlight: boolean;
  /** The `sound` tweak's value when it is a string (`default`: the default sound). */
  readonly sound: string | undefined;
  /**
   * Every `set_tweak` as the push gateway's `tweaks` dictionary (a later
   * tweak of the same name wins); `highlight` without a value is `true`.
   */
  readonly tweaks: Readonly<Record<string, JsonValue>>;
}

/** Reads actions (from any source: it never throws on odd entries, it skips them). */
export function actionOutcome(actions: readonly unknown[]): ActionOutcome {
  let notify = false;
  const tweaks: Record<string, JsonValue> = {};
  for (const action of actions) {
    if (action === "notify") {
      notify = true;
      continue;
    }
    if (typeof action !== "object" || action === null || Array.isArray(action)) continue;
    const tweak = (action as { set_tweak?: unknown }).set_tweak;
    if (typeof tweak !== "string") continue;
    const value = (action as { value?: JsonValue }).value;
    // "If a highlight tweak is given with no value, its value is defined to be true."
    const effective = value === undefined && tweak === "highlight" ? true : value;
    if (effective !== undefined) Object.defineProperty(tweaks, tweak, { value: effective, enumerable: true, writable: true, configurable: true });
  }
  const highlight = Object.hasOwn(tweaks, "highlight") && tweaks.highlight === true;
  const sound = Object.hasOwn(tweaks, "sound") && typeof tweaks.sound === "string" ? tweaks.sound : undefined;
  return { notify, highlight, sound, tweaks };
}
