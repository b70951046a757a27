import { z } from "zod";
import { describe, expect, it } from "vitest";
import { decodeQuery, encodeQuery, queryValueKind } from "./query.js";

describe("query values", () => {
  it("derives each parameter's wire form from its schema", () => {
    expect(queryValueKind(z.string().optional())).toBe("string");
    expect(queryValueKind(z.enum(["b", "f"]))).toBe("string");
    expect(queryValueKind(z.number().int().default(10))).toBe("number");
    expect(queryValueKind(z.boolean().optional())).toBe("boolean");
    expect(queryValueKind(z.array(z.string()))).toEqual({ array: "string" });
    expect(queryValueKind(z.object({ types: z.array(z.string()) }))).toBe("json");
    expect(queryValueKind(z.union([z.literal("a"), z.literal("b")]))).toBe("string");
  });

  it("encodes typed values and decodes them back through the same schema", () => {
    const schema = z.object({
      limit: z.number().int().optional(),
      full_state: z.boolean().optional(),
      via: z.array(z.string()).optional(),
      filter: z.object({ limit: z.number() }).optional(),
      since: z.string().optional(),
    });
    const values = { limit: 20, full_state: true, via: ["a", "b"], filter: { limit: 1 }, since: "s72_0" };
    const params = encodeQuery(values);
    expect(params.toString()).toBe("limit=20&full_state=true&via=a&via=b&filter=%7B%22limit%22%3A1%7D&since=s72_0");
    expect(schema.parse(decodeQuery(schema, params))).toEqual(values);
  });

  it("leaves undecodable text for the schema to reject", () => {
    const schema = z.object({ limit: z.number().optional(), flag: z.boolean().optional() });
    expect(decodeQuery(schema, new URLSearchParams("limit=1e3x&flag=1"))).toEqual({ limit: "1e3x", flag: "1" });
    expect(schema.safeParse(decodeQuery(schema, new URLSearchParams("limit=1e3x"))).success).toBe(false);
  });

  it("ignores parameters the schema does not name and omits undefined values", () => {
    expect(decodeQuery(z.object({ a: z.string() }), new URLSearchParams("a=1&access_token=t"))).toEqual({ a: "1" });
    expect(encodeQuery({ a: undefined, b: null, c: "x" }).toString()).toBe("c=x");
  });

  it("gives the remaining parameters to a catchall (OpenAPI form-exploded objects), never the access token", () => {
    const schema = z.object({ alias: z.string().optional() }).catchall(z.string());
    expect(decodeQuery(schema, new URLSearchParams("alias=a&network=irc&channel=%23m&access_token=t"))).toEqual({
      alias: "a",
      network: "irc",
      channel: "#m",
    });
    expect(decodeQuery(z.object({}), new URLSearchParams("x=1"))).toEqual({});
    const hostile = decodeQuery(z.object({}).catchall(z.string()), new URLSearchParams("__proto__=x&constructor=y"));
    expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype);
    expect(Object.keys(hostile).sort()).toEqual(["__proto__", "constructor"]);
  });
});
