import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `../shared/test-vectors/synapse-1.67/` beside the repository (see its README). */
export const SYNAPSE_VECTORS_DIR = fileURLToPath(new URL("../../../../../shared/test-vectors/synapse-1.67/", import.meta.url));

const cache = new Map<string, unknown>();

/** Parses one of the vector files once per test process. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- vector files are untyped JSON
export function loadSynapseVectors<T = any>(file: "events.json" | "auth.json" | "state_res.json" | "server_keys.json"): T {
  let data = cache.get(file);
  if (data === undefined) {
    data = JSON.parse(readFileSync(SYNAPSE_VECTORS_DIR + file, "utf8"));
    cache.set(file, data);
  }
  return data as T;
}
