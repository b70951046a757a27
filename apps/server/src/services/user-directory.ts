import { MatrixError } from "@myelin/http";
import type { Storage } from "../storage/storage.js";

// Spec: client-server "User Directory" (POST /user_directory/search).

/** users.yaml: "The maximum number of results to return. Defaults to 10." */
const DEFAULT_LIMIT = 10;
/** Our own cap, so one request cannot list the whole server. */
const MAX_LIMIT = 100;

export type UserDirectoryResponse = {
  results: { user_id: string; display_name?: string; avatar_url?: string }[];
  limited: boolean;
};

export class UserDirectoryService {
  constructor(private readonly storage: Storage) {}

  async search(requesterId: string, searchTerm: string, limit: number | undefined): Promise<UserDirectoryResponse> {
    if (limit !== undefined && limit < 0) throw MatrixError.invalidParam("limit must not be negative");
    const wanted = Math.min(limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const term = searchTerm.trim();
    if (term === "" || wanted === 0) return { results: [], limited: false };
    // One more than asked tells whether the list was cut.
    const rows = await this.storage.userVisibility.searchUserDirectory({ requesterId, term, limit: wanted + 1 });
    return {
      results: rows.slice(0, wanted).map((row) => ({
        user_id: row.userId,
        ...(row.displayname !== null && { display_name: row.displayname }),
        ...(row.avatarUrl !== null && row.avatarUrl !== "" && { avatar_url: row.avatarUrl }),
      })),
      limited: rows.length > wanted,
    };
  }
}
