import { EventFormatError } from "../errors.js";

/** A JSON object: an object that is neither null nor an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Throws `EventFormatError` unless `pdu` is a JSON object, the least any event is. */
export function assertEventObject(pdu: unknown): asserts pdu is Record<string, unknown> {
  if (!isJsonObject(pdu)) throw new EventFormatError("event is not a JSON object");
}
