// preparedQuery binds each call's values into the slots where the first
// compile put its markers, keeping the builder's own constants in place.
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Database } from "../schema.js";
import { preparedQuery } from "./prepared.js";

let db: Kysely<Database>;
beforeEach(async () => {
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(":memory:") }) });
  await sql`create table user_room_last_sent (user_id text, room_id text, stream_ordering integer, primary key (user_id, room_id))`.execute(db);
});
afterEach(() => db.destroy());

const upsert = preparedQuery((kdb, userId: string, roomId: string, position: number) =>
  kdb
    .insertInto("user_room_last_sent")
    .values({ user_id: userId, room_id: roomId, stream_ordering: position })
    // The same parameter twice.
    .onConflict((conflict) => conflict.columns(["user_id", "room_id"]).doUpdateSet({ stream_ordering: position })),
);
// A constant between two parameters, and parameters used in another order than declared.
const select = preparedQuery((kdb, minimum: number, userId: string) =>
  kdb.selectFrom("user_room_last_sent").select(["room_id", "stream_ordering"]).where("user_id", "=", userId).where("room_id", "!=", "!skip:test").where("stream_ordering", ">=", minimum),
);

it("binds every call's own values, constants stay, repeated parameters repeat", async () => {
  await upsert(db, "@a:test", "!one:test", 1);
  await upsert(db, "@a:test", "!skip:test", 5);
  await upsert(db, "@a:test", "!two:test", 2);
  await upsert(db, "@b:test", "!one:test", 7);
  await upsert(db, "@a:test", "!one:test", 3); // the update branch
  expect((await select(db, 2, "@a:test")).rows).toEqual([
    { room_id: "!one:test", stream_ordering: 3 },
    { room_id: "!two:test", stream_ordering: 2 },
  ]);
  expect((await select(db, 0, "@b:test")).rows).toEqual([{ room_id: "!one:test", stream_ordering: 7 }]);
});

it("a value that looks like another query's marker is just a value", async () => {
  await upsert(db, "\u0000myelin-parameter:0", "!one:test", 1);
  expect((await select(db, 0, "\u0000myelin-parameter:0")).rows).toEqual([{ room_id: "!one:test", stream_ordering: 1 }]);
});

it("a row object parameter binds by key, whatever order later rows list their keys in", async () => {
  const insertRow = preparedQuery((kdb, row: { user_id: string; room_id: string; stream_ordering: number }) => kdb.insertInto("user_room_last_sent").values(row));
  await insertRow(db, { user_id: "@a:test", room_id: "!one:test", stream_ordering: 4 });
  await insertRow(db, { stream_ordering: 9, room_id: "!two:test", user_id: "@a:test" });
  expect((await select(db, 0, "@a:test")).rows).toEqual([
    { room_id: "!one:test", stream_ordering: 4 },
    { room_id: "!two:test", stream_ordering: 9 },
  ]);
});
