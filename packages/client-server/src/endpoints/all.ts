import type { AnyEndpoint } from "@myelin/http";
import * as endpoints from "./index.js";

/**
 * Every client-server endpoint, for code that works on all of them: a
 * server listing what it implements, the coverage test, documentation.
 */
export const clientServerEndpoints: readonly AnyEndpoint[] = Object.freeze(Object.values(endpoints));
