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
  /** Per compiled parameter: the index of the caller's parameter, or a constant the builder put there. */
  slots: ({ param: number } | { constant: unknown })[];
}

/**
 * `build` must use every parameter only as a bound value (never in an IN
 * list whose length varies, nor to choose what the query looks like).
 */
export function preparedQuery<P extends readonly unknown[], R>(build: (db: Kysely<Database>, ...params: P) => Compilable<R>) {
  const templates = new Map<unknown, Template>();
  return async (db: Kysely<Database>, ...params: P): Promise<QueryResult<R>> => {
    // Compiled SQL differs per dialect (`?` or `$1`); the adapter's class tells them apart.
    const dialectKey = db.getExecutor().adapter.constructor;
    let template = templates.get(dialectKey);
    if (!template) {
      const markers = params.map((_, index) => `${MARKER}${index}`) as unknown as P;
      const compiled = build(db, ...markers).compile();
      template = {
        sql: compiled.sql,
        slots: compiled.parameters.map((value) =>
          typeof value === "string" && value.startsWith(MARKER) ? { param: Number(value.slice(MARKER.length)) } : { constant: value },
        ),
      };
      templates.set(dialectKey, template);
    }
    const parameters = template.slots.map((slot) => ("param" in slot ? params[slot.param] : slot.constant));
    return db.executeQuery<R>(CompiledQuery.raw(template.sql, parameters));
  };
}
