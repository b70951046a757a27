import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { Stores } from "../storage.js";
import { accountQueries } from "./accounts.js";
import { deviceQueries } from "./devices.js";
import { tokenQueries } from "./tokens.js";
import { uiaQueries } from "./uia.js";

/** The stores over one Kysely handle: the database itself, or a transaction. */
export function storesOver(db: Kysely<Database>): Stores {
  return { accounts: accountQueries(db), devices: deviceQueries(db), tokens: tokenQueries(db), uia: uiaQueries(db) };
}
