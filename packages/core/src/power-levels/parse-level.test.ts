// How each room version reads a power-level value: integers everywhere;
// strings holding integers in rooms 1–9 (fragment v1-stringy-power-levels);
// floats truncated in rooms 1–5 (fragment v1-floaty-power-levels); integers
// only from room 10 ("Values in m.room.power_levels events must be integers").
import { describe, expect, it } from "vitest";
import { getRoomVersion } from "../rooms/room-versions.js";
import { isIntegerLevel, parsePowerLevel } from "./parse-level.js";

const v1 = getRoomVersion("1");
const v5 = getRoomVersion("5");
const v6 = getRoomVersion("6");
const v9 = getRoomVersion("9");
const v10 = getRoomVersion("10");
const v12 = getRoomVersion("12");

describe("parsePowerLevel", () => {
  it.each([v1, v6, v10, v12])("integers are levels in room $id", (version) => {
    expect(parsePowerLevel(50, version)).toBe(50);
    expect(parsePowerLevel(-100, version)).toBe(-100);
    expect(parsePowerLevel(2 ** 53 - 1, version)).toBe(2 ** 53 - 1);
    expect(Object.is(parsePowerLevel(-0, version), 0)).toBe(true);
  });

  it.each([
    ["100", 100],
    ["000100", 100],
    ["+100", 100],
    ["-100", -100],
    [" 100 ", 100],
    [" 00100 ", 100],
    [" +100 ", 100],
    [" -100 ", -100],
    ["\t\n42\r\n", 42],
    ["-0", 0],
  ])("stringy: %j is %d in rooms 1–9", (text, level) => {
    expect(parsePowerLevel(text, v1)).toBe(level);
    expect(parsePowerLevel(text, v9)).toBe(level);
  });

  it.each(["", " ", "1.5", "1e3", "0x10", "++1", "+-1", "1 0", "abc", "50abc", "١٠", "Infinity", "1_000"])(
    "stringy: %j is not a level",
    (text) => {
      expect(parsePowerLevel(text, v1)).toBeUndefined();
    },
  );

  it("a string of more digits than a double holds is not a level", () => {
    expect(parsePowerLevel("9".repeat(400), v1)).toBeUndefined();
  });

  it("room 10+ accepts no strings", () => {
    expect(parsePowerLevel("50", v10)).toBeUndefined();
    expect(parsePowerLevel("50", v12)).toBeUndefined();
  });

  it.each([
    [50.57, 50],
    [51146.98, 51146],
    [5.114698e4, 51146],
    [-0.5, 0],
    [-1.5, -1],
    [1e300, 1e300],
  ])("floaty: %d is %d in rooms 1–5", (value, level) => {
    expect(parsePowerLevel(value, v1)).toBe(level);
    expect(parsePowerLevel(value, v5)).toBe(level);
  });

  it("floats are not levels from room 6 (strict canonical JSON has no floats)", () => {
    expect(parsePowerLevel(50.5, v6)).toBeUndefined();
    expect(parsePowerLevel(50.5, v10)).toBeUndefined();
  });

  it.each([NaN, Infinity, -Infinity])("%d is never a level", (value) => {
    expect(parsePowerLevel(value, v1)).toBeUndefined();
    expect(parsePowerLevel(value, v10)).toBeUndefined();
  });

  it.each([null, true, [], {}, [50], { level: 50 }, undefined])("%j is not a level", (value) => {
    expect(parsePowerLevel(value, v1)).toBeUndefined();
  });
});

describe("isIntegerLevel (room 10+ rules 9.1–9.3)", () => {
  it("accepts JSON integers only", () => {
    expect(isIntegerLevel(0)).toBe(true);
    expect(isIntegerLevel(-5)).toBe(true);
    expect(isIntegerLevel(5.5)).toBe(false);
    expect(isIntegerLevel("5")).toBe(false);
    expect(isIntegerLevel(null)).toBe(false);
  });
});
