import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** `../shared/matrix-spec/data/` beside the repository. */
export const SPEC_DATA_DIR = fileURLToPath(new URL("../../../../../shared/matrix-spec/data/", import.meta.url));
export const EVENT_EXAMPLES_DIR = join(SPEC_DATA_DIR, "event-schemas/examples/");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The spec's examples are JSON (in `.yaml` files too) that pull shared
 * parts in with `"$ref": "<file>"` (the referenced object, then the keys
 * written beside `$ref` on top of it) or `"allOf": [...]` (the parts merged
 * in order).
 */
function resolveRefs(value: Json, dir: string): Json {
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, dir));
  if (value === null || typeof value !== "object") return value;
  const { $ref: ref, allOf, ...rest } = value;
  let own = Object.fromEntries(Object.entries(rest).map(([key, item]) => [key, resolveRefs(item, dir)]));
  if (Array.isArray(allOf)) {
    for (const part of allOf) own = { ...own, ...(resolveRefs(part, dir) as Record<string, Json>) };
  }
  if (typeof ref !== "string") return own;
  const path = join(dir, ref);
  const base = resolveRefs(JSON.parse(readFileSync(path, "utf8")) as Json, dirname(path));
  return { ...(base as Record<string, Json>), ...own };
}

export interface EventExample {
  /** File name, e.g. `m.room.member$third_party_invite.yaml`. */
  file: string;
  event: { type: string; content: Record<string, unknown>; [key: string]: unknown };
}

/** Every example whose file is `<type>.yaml` or `<type>$<variant>.yaml`. */
export function loadEventExamples(type: string): EventExample[] {
  return readdirSync(EVENT_EXAMPLES_DIR)
    .filter((file) => file === `${type}.yaml` || file.startsWith(`${type}$`))
    .sort()
    .map((file) => ({
      file,
      event: resolveRefs(JSON.parse(readFileSync(join(EVENT_EXAMPLES_DIR, file), "utf8")) as Json, EVENT_EXAMPLES_DIR) as EventExample["event"],
    }));
}

/** An example of the API definitions, e.g. `api/server-server/examples/pdu_v1.json`. */
export function loadSpecExample(pathInData: string): Record<string, unknown> {
  const path = join(SPEC_DATA_DIR, pathInData);
  return resolveRefs(JSON.parse(readFileSync(path, "utf8")) as Json, dirname(path)) as Record<string, unknown>;
}
