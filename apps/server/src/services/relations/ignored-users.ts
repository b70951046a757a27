import type { Storage } from "../../storage/storage.js";

/** The users in the viewer's `m.ignored_user_list` account data ("Ignoring Users"). */
export async function ignoredUsersOf(storage: Storage, userId: string): Promise<string[]> {
  const content = await storage.accountData.get(userId, null, "m.ignored_user_list");
  const ignored = content?.ignored_users;
  return typeof ignored === "object" && ignored !== null && !Array.isArray(ignored) ? Object.keys(ignored) : [];
}
