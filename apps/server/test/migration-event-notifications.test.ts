// Migration 0006_event_notifications carries the per-user notification rows
// of 0005 over into one row per event: nothing stored is lost.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, expect, it } from "vitest";
import { sqliteMigrations } from "../src/storage/migrations/sqlite.js";
import { openStorage } from "../src/storage/open.js";
import { recipientOf } from "../src/storage/storage.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("per-user rows of 0005 become one row per event with every recipient, highlight and actions", async () => {
  dir = mkdtempSync(join(tmpdir(), "myelin-migration-"));
  const path = join(dir, "homeserver.db");
  const before = Object.fromEntries(Object.entries(sqliteMigrations).filter(([name]) => name < "0006"));
  const db = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
  const migrated = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(before) },
    migrationTableName: "myelin_schema_migrations",
    migrationLockTableName: "myelin_schema_migrations_lock",
  }).migrateToLatest();
  expect(migrated.error).toBeUndefined();
  const row = (user: string, event: string, ordering: number, highlight: number, actions: unknown[], thread = "main") =>
    ({ user_id: user, room_id: "!r:test", event_id: event, stream_ordering: ordering, thread_id: thread, highlight, actions: JSON.stringify(actions), ts: 1000 + ordering });
  await db
    .insertInto("event_push_actions")
    .values([
      row("@a:test", "$1", 1, 0, ["notify"]),
      row("@b:test", "$1", 1, 1, ["notify", { set_tweak: "highlight" }]),
      row("@a:test", "$2", 2, 0, ["notify"], "$1"),
    ])
    .execute();
  await db.destroy();

  const storage = await openStorage({ kind: "sqlite", path });
  try {
    const rows = await storage.push.notificationsAfter([{ roomId: "!r:test", after: 0 }]);
    expect(rows.map((r) => [r.eventId, r.streamOrdering, r.threadId, r.ts])).toEqual([
      ["$1", 1, "main", 1001],
      ["$2", 2, "$1", 1002],
    ]);
    const actions = JSON.parse(rows[0]!.actions) as unknown[][];
    const a = recipientOf(rows[0]!, "@a:test")!;
    const b = recipientOf(rows[0]!, "@b:test")!;
    expect([a.highlight, actions[a.actionIndex]]).toEqual([false, ["notify"]]);
    expect([b.highlight, actions[b.actionIndex]]).toEqual([true, ["notify", { set_tweak: "highlight" }]]);
    expect(recipientOf(rows[1]!, "@b:test")).toBeUndefined();
    const old = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'event_push_actions'`.execute(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path, { readonly: true }) }) }),
    );
    expect(old.rows[0]?.n).toBe(0);
  } finally {
    await storage.close();
  }
});
