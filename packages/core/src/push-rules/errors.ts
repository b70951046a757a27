import { MatrixCoreError } from "../errors.js";

/**
 * A push rule, ruleset, condition or action that is not shaped as the spec
 * defines it (code `INVALID_PUSH_RULE`; over the client-server API,
 * `M_INVALID_PARAM` or `M_BAD_JSON`). `path` names the offending part, e.g.
 * `override[2].conditions[0].pattern`; the zod error is the `cause`.
 */
export class PushRuleFormatError extends MatrixCoreError {
  constructor(
    reason: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super("INVALID_PUSH_RULE", reason, options);
  }
}
