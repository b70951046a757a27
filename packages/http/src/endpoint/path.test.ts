import { describe, expect, it } from "vitest";
import { buildPath, pathParamNames, templateToRegExp, toHonoPath, trailingParamName } from "./path.js";

describe("path templates", () => {
  const template = "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}";

  it("lists the placeholders", () => {
    expect(pathParamNames(template)).toEqual(["roomId", "eventType", "txnId"]);
    expect(pathParamNames("/_matrix/client/versions")).toEqual([]);
  });

  it("percent-encodes each value into exactly one segment", () => {
    expect(buildPath(template, { roomId: "!a:b.c", eventType: "m.room.message", txnId: "x/y%z" })).toBe(
      "/_matrix/client/v3/rooms/!a%3Ab.c/send/m.room.message/x%2Fy%25z",
    );
  });

  it("rejects missing values and dot segments", () => {
    expect(() => buildPath(template, { roomId: "!a:b" })).toThrow(/eventType/);
    expect(() => buildPath(template, { roomId: ".", eventType: "e", txnId: "t" })).toThrow(/cannot be/);
  });

  it("converts to hono syntax", () => {
    expect(toHonoPath(template)).toBe("/_matrix/client/v3/rooms/:roomId/send/:eventType/:txnId");
  });

  it("finds a final placeholder that fills the whole last segment", () => {
    expect(trailingParamName("/rooms/{roomId}/state/{eventType}/{stateKey}")).toBe("stateKey");
    expect(trailingParamName("/pushrules/")).toBeUndefined();
  });

  it("matches raw request paths for 405 detection, one segment per placeholder", () => {
    const pattern = templateToRegExp(template);
    expect(pattern.test("/_matrix/client/v3/rooms/!a%3Ab/send/m.room.message/1")).toBe(true);
    expect(pattern.test("/_matrix/client/v3/rooms/!a/b/send/m.room.message/1")).toBe(false);
    expect(templateToRegExp("/.well-known/matrix/client").test("/xwell-known/matrix/client")).toBe(false);
  });
});
