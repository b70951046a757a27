import { MatrixError } from "@myelin/client-server";
import { describe, expect, it } from "vitest";
import { connectionStateAfterError, isSessionEndedError } from "./connection.js";

describe("connection state after a failed /sync", () => {
  it("is offline only when the browser has no network and the failure is not a server answer", () => {
    expect(connectionStateAfterError(new TypeError("fetch failed"), false)).toBe("offline");
    expect(connectionStateAfterError(new TypeError("fetch failed"), true)).toBe("reconnecting");
    expect(connectionStateAfterError(MatrixError.fromResponse(502, undefined), false)).toBe("reconnecting");
  });

  it("ends the session on M_UNKNOWN_TOKEN but not on a server error", () => {
    expect(isSessionEndedError(MatrixError.fromResponse(401, { errcode: "M_UNKNOWN_TOKEN", error: "gone" }))).toBe(true);
    expect(isSessionEndedError(MatrixError.fromResponse(500, { errcode: "M_UNKNOWN", error: "boom" }))).toBe(false);
  });
});
