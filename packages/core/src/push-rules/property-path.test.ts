// Appendix "Dot-separated property paths": names joined by dots; `\.` is a
// literal dot, `\\` a literal backslash, any other `\x` stays as it is.
import { describe, expect, it } from "vitest";
import { parsePropertyPath, propertyAt } from "./property-path.js";

describe("parsePropertyPath", () => {
  it("splits on dots", () => {
    expect(parsePropertyPath("content.body")).toEqual(["content", "body"]);
    expect(parsePropertyPath("type")).toEqual(["type"]);
  });

  it("the appendix's examples: content.m\\.relates_to and content.m\\\\foo", () => {
    expect(parsePropertyPath("content.m\\.relates_to")).toEqual(["content", "m.relates_to"]);
    expect(parsePropertyPath("content.m\\\\foo")).toEqual(["content", "m\\foo"]);
    expect(parsePropertyPath("content.m\\.mentions.user_ids")).toEqual(["content", "m.mentions", "user_ids"]);
  });

  it("other escape sequences are left as-is (\\x is a backslash then x); a trailing backslash is literal", () => {
    expect(parsePropertyPath("content.a\\xb")).toEqual(["content", "a\\xb"]);
    expect(parsePropertyPath("content.a\\")).toEqual(["content", "a\\"]);
    expect(parsePropertyPath("a\\\\.b")).toEqual(["a\\", "b"]);
    expect(parsePropertyPath("a\\\\\\.b")).toEqual(["a\\.b"]);
  });

  it("empty names are names too", () => {
    expect(parsePropertyPath("")).toEqual([""]);
    expect(parsePropertyPath("a..b")).toEqual(["a", "", "b"]);
  });
});

describe("propertyAt", () => {
  const event = {
    type: "m.room.message",
    content: { body: "hi", "m.relates_to": { rel_type: "m.replace" }, m: { relates_to: { rel_type: "wrong" } }, "m\\foo": 1, list: [{ a: 1 }] },
  };

  it("reads nested properties, escaped dots naming one property", () => {
    expect(propertyAt(event, "type")).toBe("m.room.message");
    expect(propertyAt(event, "content.m\\.relates_to.rel_type")).toBe("m.replace");
    expect(propertyAt(event, "content.m.relates_to.rel_type")).toBe("wrong");
    expect(propertyAt(event, "content.m\\\\foo")).toBe(1);
  });

  it("absent steps, non-objects and arrays give undefined", () => {
    expect(propertyAt(event, "content.missing")).toBeUndefined();
    expect(propertyAt(event, "content.body.length")).toBeUndefined();
    expect(propertyAt(event, "content.list.0.a")).toBeUndefined();
    expect(propertyAt(null, "a")).toBeUndefined();
    expect(propertyAt("text", "length")).toBeUndefined();
  });

  it("inherited properties are not event properties", () => {
    expect(propertyAt(event, "constructor")).toBeUndefined();
    expect(propertyAt(event, "content.__proto__")).toBeUndefined();
    expect(propertyAt(event, "content.toString")).toBeUndefined();
  });
});
