import { EventFormatError, EventSizeError, MatrixCoreError, type AuthVerdict } from "@myelin/core";
import { MatrixError } from "@myelin/http";

/**
 * What a client hears when core refuses to build its event: over a size
 * limit is M_TOO_LARGE (client-server "Size limits"); any other format
 * problem (a float in a room with strict canonical JSON, a bad identifier) is
 * M_BAD_JSON. Anything else is a bug and is rethrown.
 */
export function buildErrorToMatrixError(error: unknown): never {
  if (error instanceof EventSizeError) throw MatrixError.tooLarge(`Event too large: ${error.message}`);
  if (error instanceof EventFormatError || error instanceof MatrixCoreError) throw MatrixError.badJson(error.message);
  throw error;
}

/** A rejection by the authorization rules: 403 M_FORBIDDEN naming the rule and the reason. */
export function authRejection(verdict: Extract<AuthVerdict, { allowed: false }>): MatrixError {
  return MatrixError.forbidden(`Event not allowed by the authorization rules (rule ${verdict.rule}): ${verdict.reason}`);
}
