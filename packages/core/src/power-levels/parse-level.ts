import type { RoomVersion } from "../rooms/room-versions.js";

// "Stringy" levels (rooms 1–9, fragment v1-stringy-power-levels): a base-10
// integer, optionally signed with one `+`/`-`, any number of leading zeroes,
// surrounded by any whitespace.
const STRINGY_INTEGER = /^\s*([+-]?[0-9]+)\s*$/;

/**
 * A power-level value as this room version reads it, or undefined when it is
 * not a power level at all.
 *
 * - Integers are levels in every version.
 * - Strings holding an integer are levels until room 10 made levels
 *   integer-only (`integerPowerLevels`).
 * - Floats are levels, truncated towards zero, in the rooms whose events may
 *   carry floats at all (fragment v1-floaty-power-levels, rooms 1–5: exactly
 *   the versions without strict canonical JSON); NaN and ±Infinity are not.
 */
export function parsePowerLevel(value: unknown, roomVersion: RoomVersion): number | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    if (Number.isInteger(value)) return value + 0; // -0 is 0
    if (roomVersion.strictCanonicalJson) return undefined;
    return Math.trunc(value) + 0;
  }
  if (typeof value === "string" && !roomVersion.integerPowerLevels) {
    const match = STRINGY_INTEGER.exec(value);
    if (!match) return undefined;
    const level = Number(match[1]);
    // A string of hundreds of digits is an integer, but not one any level can be compared with.
    return Number.isFinite(level) ? level + 0 : undefined;
  }
  return undefined;
}

/** A JSON integer, as room 10+ require of every level (their auth rules 9.1–9.3). */
export function isIntegerLevel(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}
