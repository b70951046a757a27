import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from "kysely";
import type { Database } from "../schema.js";

// The send path runs the same handful of statements for every event, and
// building and compiling each with Kysely's query builder cost more than
// SQLite took to run it. A prepared query is built and compiled once per
// SQL dialect with marker values in place of its parameters; later calls
// bind the new values into the slots where the markers landed.

const MARKER = "\u0000myelin-parameter:";

interface Template {
  sql: string;
  /**
   * Per compiled parameter: the caller's parameter it came from (and, for a
   * row object, its key), or a constant the builder put there.
   */
  slots: ({ param: number; key?: string } | { constant: unknown })[];
}

/** A plain object parameter (a row to insert) gets a marker per key; anything else one marker. */
function markerFor(value: unknown, index: number): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `${MARKER}${index}`;
  return Object.fromEntries(Object.keys(value).map((key) => [key, `${MARKER}${index}:${key}`]));
}

function slotOf(value: unknown): Template["slots"][number] {
  if (typeof value !== "string" || !value.startsWith(MARKER)) return { constant: value };
  const [index, key] = value.slice(MARKER.length).split(/:(.*)/s);
  return key === undefined ? { param: Number(index) } : { param: Number(index), key };
}

/**
 * `build` must use every parameter only as a bound value (never in an IN
 * list whose length varies, nor to choose what the query looks like); an
 * object parameter must have the same keys at every call.
 */
export function preparedQuery<P extends readonly unknown[], R>(build: (db: Kysely<Database>, ...params: P) => Compilable<R>) {
  const templates = new Map<unknown, Template>();
  return async (db: Kysely<Database>, ...params: P): Promise<QueryResult<R>> => {
    // Compiled SQL differs per dialect (`?` or `$1`); the adapter's class tells them apart.
    const dialectKey = db.getExecutor().adapter.constructor;
    let template = templates.get(dialectKey);
    if (!template) {
      const markers = params.map(markerFor) as unknown as P;
      const compiled = build(db, ...markers).compile();
      template = { sql: compiled.sql, slots: compiled.parameters.map(slotOf) };
      templates.set(dialectKey, template);
    }
    const parameters = template.slots.map((slot) => {
      if (!("param" in slot)) return slot.constant;
      const value = params[slot.param];
      return slot.key === undefined ? value : (value as Record<string, unknown>)[slot.key];
    });
    return db.executeQuery<R>(CompiledQuery.raw(template.sql, parameters));
  };
}
