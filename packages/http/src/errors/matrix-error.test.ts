import { describe, expect, it } from "vitest";
import { defaultStatusFor } from "./error-codes.js";
import { MatrixError } from "./matrix-error.js";

describe("MatrixError (Standard error response)", () => {
  it("uses the spec's status for the common codes", () => {
    expect(
      Object.fromEntries(
        [
          "M_FORBIDDEN",
          "M_UNKNOWN_TOKEN",
          "M_MISSING_TOKEN",
          "M_BAD_JSON",
          "M_NOT_JSON",
          "M_NOT_FOUND",
          "M_LIMIT_EXCEEDED",
          "M_UNRECOGNIZED",
          "M_MISSING_PARAM",
          "M_INVALID_PARAM",
          "M_TOO_LARGE",
          "M_UNKNOWN",
          "M_USER_LOCKED",
          "M_USER_SUSPENDED",
        ].map((code) => [code, defaultStatusFor(code)]),
      ),
    ).toEqual({
      M_FORBIDDEN: 403,
      M_UNKNOWN_TOKEN: 401,
      M_MISSING_TOKEN: 401,
      M_BAD_JSON: 400,
      M_NOT_JSON: 400,
      M_NOT_FOUND: 404,
      M_LIMIT_EXCEEDED: 429,
      M_UNRECOGNIZED: 404,
      M_MISSING_PARAM: 400,
      M_INVALID_PARAM: 400,
      M_TOO_LARGE: 413,
      M_UNKNOWN: 400,
      M_USER_LOCKED: 401,
      M_USER_SUSPENDED: 403,
    });
    expect(defaultStatusFor("COM.EXAMPLE_CUSTOM")).toBe(400);
  });

  it("serialises errcode, error and the code's extra keys", () => {
    expect(MatrixError.unknownToken("gone", { softLogout: true }).toJSON()).toEqual({
      errcode: "M_UNKNOWN_TOKEN",
      error: "gone",
      soft_logout: true,
    });
    expect(MatrixError.limitExceeded(2000).toJSON()).toEqual({ errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: 2000 });
    expect(MatrixError.unrecognized(405).httpStatus).toBe(405);
    expect(MatrixError.resourceLimitExceeded("mailto:admin@example.org").toJSON()).toMatchObject({ admin_contact: "mailto:admin@example.org" });
  });

  it("does not let extra keys override errcode and error", () => {
    const error = new MatrixError("M_FORBIDDEN", "no", { extra: { errcode: "M_OTHER", error: "x" } });
    expect(error.toJSON()).toEqual({ errcode: "M_FORBIDDEN", error: "no" });
  });

  it("rebuilds an error from a response body, preferring the body's precise retry_after_ms", () => {
    const error = MatrixError.fromResponse(429, { errcode: "M_LIMIT_EXCEEDED", error: "slow", retry_after_ms: 1500 }, 2000);
    expect(error).toMatchObject({ errcode: "M_LIMIT_EXCEEDED", error: "slow", httpStatus: 429, retryAfterMs: 1500 });
    expect(MatrixError.fromResponse(429, { errcode: "M_LIMIT_EXCEEDED" }, 2000).retryAfterMs).toBe(2000);
    expect(MatrixError.fromResponse(502, undefined)).toMatchObject({ errcode: "M_UNKNOWN", httpStatus: 502, error: "HTTP 502" });
    expect(MatrixError.fromResponse(401, { flows: [] }).extra).toEqual({ flows: [] });
  });
});
