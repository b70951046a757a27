import { createHash } from "node:crypto";
import { syncFilter, type SyncFilter } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";
import type { Storage } from "../storage/storage.js";

// Spec: client-server "Filtering" and filter.yaml (POST/GET /user/{userId}/filter).

/**
 * Check what the schema cannot say: every `limit` is an integer greater than
 * 0 (event_filter.yaml). The binding has already refused wrong shapes with
 * M_BAD_JSON; a bad value is M_INVALID_PARAM.
 */
export function checkFilterValues(filter: SyncFilter): void {
  const limits = [filter.presence?.limit, filter.account_data?.limit, filter.room?.timeline?.limit, filter.room?.state?.limit]
    .concat([filter.room?.ephemeral?.limit, filter.room?.account_data?.limit]);
  for (const limit of limits) {
    if (limit !== undefined && limit < 1) throw MatrixError.invalidParam("A filter's limit must be an integer greater than 0");
  }
}

/**
 * A filter ID is a hash of the filter's JSON: uploading the same filter twice
 * (clients do, at every start) gives the same ID and stores one row, with no
 * counter to race on. Hex never starts with "{", which the spec reserves for
 * inline filters.
 */
function filterIdOf(filterJson: string): string {
  return createHash("sha256").update(filterJson).digest("hex").slice(0, 24);
}

export class FilterService {
  constructor(private readonly storage: Storage) {}

  async create(userId: string, filter: SyncFilter): Promise<string> {
    checkFilterValues(filter);
    const json = JSON.stringify(filter);
    const filterId = filterIdOf(json);
    await this.storage.filters.saveFilter(userId, filterId, json);
    return filterId;
  }

  /** The stored filter, or undefined when the user has none with that ID. */
  async get(userId: string, filterId: string): Promise<SyncFilter | undefined> {
    const json = await this.storage.filters.getFilter(userId, filterId);
    return json === undefined ? undefined : (JSON.parse(json) as SyncFilter);
  }

  /**
   * The filter named by /sync's `filter` parameter: inline JSON when it starts
   * with "{" (sync.yaml), else a stored filter ID. Anything unusable is
   * M_INVALID_PARAM: the parameter, not a body, is wrong.
   */
  async resolveSyncParameter(userId: string, parameter: string | undefined): Promise<SyncFilter> {
    if (parameter === undefined || parameter === "") return {};
    if (parameter.startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(parameter);
      } catch {
        throw MatrixError.invalidParam("The filter parameter is not valid JSON");
      }
      const result = syncFilter.safeParse(parsed);
      if (!result.success) throw MatrixError.invalidParam(`The filter parameter is not a valid filter: ${result.error.issues[0]?.message ?? "invalid"}`);
      checkFilterValues(result.data);
      return result.data;
    }
    const stored = await this.get(userId, parameter);
    if (stored === undefined) throw MatrixError.invalidParam(`No filter with ID ${parameter}`);
    return stored;
  }
}
