import type { z } from "zod";
import { CanonicalJsonError, EventFormatError, EventSizeError } from "../errors.js";
import type { Pdu } from "../events/pdu.js";
import { canonicalJson } from "../json/canonical-json.js";
import { utf8ByteLength } from "../identifiers/text.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { PDU_MAX_BYTES, pduSchemaFor, sizeLimitedKeyOf } from "./pdu.js";

const MAX_ISSUES_IN_MESSAGE = 10;

/**
 * Step 1 of the server-server "Checks performed on receipt of a PDU": checks
 * that `pdu` is a well-formed event of `roomVersion` — the format of its room
 * version (required keys, types, identifier grammar, reference lists and
 * their limits) and the client-server "Size limits" — and returns it, typed.
 * It is the same object, not a copy: nothing is added, removed or converted.
 *
 * Throws
 * - `EventSizeError` (code `JSON_TOO_LARGE`, i.e. `M_TOO_LARGE`) when the
 *   only failures are size limits: `field` names the first key over its
 *   limit (`type`, `state_key`: 255 bytes; `sender`, `room_id`, `event_id`:
 *   their identifier's 255 bytes), or is undefined when the whole event is
 *   over 65536 bytes of canonical JSON;
 * - `EventFormatError` for everything else, naming every failing key path
 *   (up to 10), e.g. `prev_events[0][1].sha256: is required but missing`;
 *   this includes numbers that the room's canonical JSON cannot carry
 *   (strict from room 6, fragment v6-canonical-json).
 *
 * Signatures and hashes (steps 2 and 3) are `verifyEventSignatures` and
 * `checkContentHash`; content is not checked against the event type's
 * schema (see `contentSchemaFor`).
 */
export function validatePdu(pdu: unknown, roomVersion: RoomVersion): Pdu {
  const prefix = `invalid PDU for room version ${roomVersion.id}`;
  if (pdu === null || typeof pdu !== "object" || Array.isArray(pdu)) {
    throw new EventFormatError(`${prefix}: expected a JSON object, got ${pdu === null ? "null" : Array.isArray(pdu) ? "an array" : typeof pdu}`);
  }
  const result = pduSchemaFor(roomVersion).safeParse(pdu);
  if (!result.success) {
    const { issues } = result.error;
    const message = `${prefix}: ${describeIssues(issues, pdu)}`;
    // A size failure alongside format failures is reported as a format failure.
    const tooLarge = issues.map((issue) => sizeLimitedKeyOf(issue));
    if (tooLarge.every((key) => key !== undefined)) throw new EventSizeError(message, tooLarge[0], { cause: result.error });
    throw new EventFormatError(message, { cause: result.error });
  }

  // The size limit counts the complete event "including any signatures";
  // `unsigned` travels with it, so it counts too.
  let size: number;
  try {
    size = utf8ByteLength(canonicalJson(pdu, { strict: roomVersion.strictCanonicalJson }));
  } catch (err) {
    if (err instanceof CanonicalJsonError) {
      throw new EventFormatError(`${prefix}: ${err.path || "(root)"}: not encodable as canonical JSON: ${err.message}`, { cause: err });
    }
    throw err;
  }
  if (size > PDU_MAX_BYTES) {
    throw new EventSizeError(`${prefix}: the event is ${size} bytes of canonical JSON; it must not exceed ${PDU_MAX_BYTES} bytes`, undefined);
  }
  return pdu as Pdu;
}

/** The issues as `path: message` lines, saying "missing" rather than zod's "received undefined". */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const lines = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue, input)}`);
  if (issues.length > MAX_ISSUES_IN_MESSAGE) lines.push(`and ${issues.length - MAX_ISSUES_IN_MESSAGE} more`);
  return lines.join("; ");
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === "invalid_type" && isMissing(input, issue.path)) return "is required but missing";
  if (issue.code === "invalid_key") return `key is invalid: ${issue.issues.map((inner) => inner.message).join(", ")}`;
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    return issue.errors.map((branch) => branch.map((inner) => inner.message).join(", ")).join(" | ");
  }
  return issue.message;
}

function isMissing(input: unknown, path: readonly PropertyKey[]): boolean {
  let parent: unknown = input;
  for (let i = 0; i < path.length - 1; i++) {
    if (parent === null || typeof parent !== "object") return false;
    parent = (parent as Record<PropertyKey, unknown>)[path[i]!];
  }
  const last = path[path.length - 1];
  return last !== undefined && parent !== null && typeof parent === "object" && !Object.hasOwn(parent, last);
}

/** `prev_events[0][1].sha256`, or `(root)` for the event itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}
