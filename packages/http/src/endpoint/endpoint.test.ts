import { z } from "zod";
import { describe, expect, it } from "vitest";
import { endpoint, isRawBody, isRawResponse, rawBody, rawResponse } from "./endpoint.js";

const base = { auth: "none", rateLimited: false, since: "r0", operationId: "op", specSection: "https://spec.matrix.org/" } as const;

describe("endpoint()", () => {
  it("fills defaults: no path params, no query, no body, not deprecated", () => {
    const defined = endpoint({ ...base, method: "GET", path: "/_matrix/client/versions", response: z.object({}) });
    expect(Object.keys(defined.pathParams.shape)).toEqual([]);
    expect(Object.keys(defined.query.shape)).toEqual([]);
    expect(defined.body).toBeUndefined();
    expect(defined.deprecated).toBe(false);
    expect(defined.legacyPaths).toEqual([]);
    expect(Object.isFrozen(defined)).toBe(true);
  });

  it("refuses a path whose placeholders differ from pathParams, in legacy paths too", () => {
    expect(() =>
      endpoint({ ...base, method: "GET", path: "/rooms/{roomId}", pathParams: z.object({ room_id: z.string() }), response: z.object({}) }),
    ).toThrow(/roomId/);
    expect(() =>
      endpoint({
        ...base,
        method: "GET",
        path: "/v3/rooms/{roomId}",
        legacyPaths: ["/r0/rooms/{room}"],
        pathParams: z.object({ roomId: z.string() }),
        response: z.object({}),
      }),
    ).toThrow(/r0/);
  });

  it("marks raw bodies and responses", () => {
    expect(isRawBody(rawBody())).toBe(true);
    expect(isRawBody(z.object({}))).toBe(false);
    expect(isRawBody(undefined)).toBe(false);
    expect(isRawResponse(rawResponse())).toBe(true);
    expect(isRawResponse(z.object({}))).toBe(false);
  });
});
