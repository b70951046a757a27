import type { z } from "zod";

/**
 * How a query parameter travels as text. Endpoint schemas describe query
 * parameters with their real types (`limit: z.number().int()`,
 * `full_state: z.boolean()`, `via: z.array(z.string())`); the client writes
 * them as strings and the server reads them back by looking at the schema,
 * so one schema serves both sides.
 */
export type QueryValueKind = "string" | "number" | "boolean" | "json" | { array: QueryValueKind };

interface LooseDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  values?: readonly unknown[];
}

function defOf(schema: z.core.$ZodType): LooseDef {
  const def: LooseDef = schema._zod.def;
  return def;
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional"]);

export function queryValueKind(schema: z.core.$ZodType): QueryValueKind {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return queryValueKind(def.innerType);
  if (def.type === "pipe" && def.in) return queryValueKind(def.in);
  switch (def.type) {
    case "string":
    case "enum":
    case "template_literal":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    case "literal": {
      const first = def.values?.[0];
      return typeof first === "number" ? "number" : typeof first === "boolean" ? "boolean" : "string";
    }
    case "array":
      return { array: def.element ? queryValueKind(def.element) : "string" };
    case "union": {
      const kinds = (def.options ?? []).map((option) => JSON.stringify(queryValueKind(option)));
      const distinct = new Set(kinds);
      return distinct.size === 1 ? (JSON.parse(kinds[0] ?? '"string"') as QueryValueKind) : "json";
    }
    default:
      return "json";
  }
}

/** Write query values as the client sends them; undefined values are left out. */
export function encodeQuery(values: Readonly<Record<string, unknown>> | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (!values) return params;
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(name, encodeQueryValue(item));
    } else {
      params.append(name, encodeQueryValue(value));
    }
  }
  return params;
}

function encodeQueryValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    default:
      return JSON.stringify(value);
  }
}

const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Read the query string the way `schema` expects it, before validation. A
 * value that cannot be converted is passed through as text so the schema
 * rejects it with a precise issue.
 */
export function decodeQuery(schema: z.ZodObject, params: URLSearchParams): Record<string, unknown> {
  // A Map, then fromEntries: a parameter named "__proto__" must stay data.
  const decoded = new Map<string, unknown>();
  const shape: Record<string, z.core.$ZodType> = schema.shape;
  for (const [name, fieldSchema] of Object.entries(shape)) {
    const values = params.getAll(name);
    if (values.length === 0) continue;
    const kind = queryValueKind(fieldSchema);
    decoded.set(name, typeof kind === "object" ? values.map((value) => decodeQueryValue(value, kind.array)) : decodeQueryValue(values[0] ?? "", kind));
  }
  // An object schema with a catchall takes the remaining parameters as its
  // own keys (OpenAPI `style: form, explode: true` objects, e.g. the
  // third-party lookup `fields`). The access token is never one of them.
  const catchall = (schema._zod.def as { catchall?: z.core.$ZodType }).catchall;
  if (catchall && catchall._zod.def.type !== "never") {
    const kind = queryValueKind(catchall);
    params.forEach((value, name) => {
      if (Object.hasOwn(shape, name) || name === "access_token" || decoded.has(name)) return;
      decoded.set(name, decodeQueryValue(value, typeof kind === "object" ? "string" : kind));
    });
  }
  return Object.fromEntries(decoded);
}

function decodeQueryValue(text: string, kind: QueryValueKind): unknown {
  switch (kind) {
    case "string":
      return text;
    case "number":
      return NUMBER_TEXT.test(text) ? Number(text) : text;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text;
    case "json":
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      // Nested arrays do not occur in Matrix query strings; keep the text.
      return text;
  }
}
