import { z } from "zod";

/**
 * Any JSON object. The spec uses `type: object` without properties for
 * values whose keys are open: event content, account data, filters'
 * custom fields, empty responses (`{}`).
 */
export const jsonObject = z.record(z.string(), z.unknown());

export type JsonObject = z.infer<typeof jsonObject>;
