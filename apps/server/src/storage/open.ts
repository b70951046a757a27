import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type LogEvent, type SqliteDatabase, type Migration } from "kysely";
import type { DatabaseConfig } from "../config/schema.js";
import { postgresMigrations } from "./migrations/postgres.js";
import { DurableSqliteDialect } from "./sqlite-durability.js";
import { sqliteMigrations } from "./migrations/sqlite.js";
import { storesOver } from "./queries/index.js";
import { StateKeyCache } from "./queries/room-state.js";
import { StoredEventCache } from "./queries/stored-event-cache.js";
import type { Database } from "./schema.js";
import type { Storage } from "./storage.js";

/** Where migrations record what they applied: the schema version of the database. */
const MIGRATION_TABLE = "myelin_schema_migrations";
const MIGRATION_LOCK_TABLE = "myelin_schema_migrations_lock";

export interface OpenStorageOptions {
  /** Told the duration of every query (for metrics). */
  onQuery?: (statement: string, durationMs: number) => void;
}

/** Open the configured database and bring its schema up to date. */
export async function openStorage(config: DatabaseConfig, options: OpenStorageOptions = {}): Promise<Storage> {
  const log = options.onQuery
    ? (event: LogEvent) => options.onQuery?.(statementKind(event.query.sql), event.queryDurationMillis)
    : undefined;
  const db = config.kind === "sqlite" ? openSqlite(config.path, log) : await openPostgres(config.url, config.schema, log);
  try {
    await migrate(db, config.kind === "sqlite" ? sqliteMigrations : postgresMigrations, config.kind === "postgres" ? (config.schema ?? "public") : undefined);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const caches = { stateKeys: new StateKeyCache(), events: new StoredEventCache() };
  const stores = storesOver(db, caches);
  return {
    backend: config.kind,
    ...stores,
    async transaction(work) {
      const stale: string[] = [];
      const invalidation = {
        forget(eventId: string) {
          caches.events.forget(eventId);
          stale.push(eventId);
        },
      };
      try {
        return await db.transaction().execute((trx) => work(storesOver(trx, undefined, invalidation)));
      } finally {
        for (const eventId of stale) caches.events.forget(eventId);
      }
    },
    close: () => db.destroy(),
  };
}

function openSqlite(path: string, log: ((event: LogEvent) => void) | undefined): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  // WAL lets readers run beside the writer. synchronous=NORMAL: COMMIT writes
  // the WAL without fsyncing it; the driver fsyncs it off the event loop
  // before a write's await returns (sqlite-durability.ts), so a write
  // acknowledged to a client survives SIGKILL and power loss as with FULL.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  // Checkpoints stay at SQLite's default (every 1,000 WAL pages): a small
  // WAL keeps reads fast (each page read looks the WAL up first). The WAL
  // file is cut back after a checkpoint rather than left at its largest.
  database.pragma("journal_size_limit = 67108864");
  const dialectConfig = { database: withStatementCache(database) };
  const dialect = path === ":memory:" ? new SqliteDialect(dialectConfig) : new DurableSqliteDialect(dialectConfig, `${path}-wal`);
  return new Kysely<Database>({ dialect, ...(log && { log }) });
}

/**
 * Distinct SQL texts kept prepared, least recently used dropped first. The
 * fixed queries number a few hundred; queries with IN lists come in every
 * length, and each prepared statement holds SQLite memory, so the rest are
 * not all kept.
 */
const MAX_CACHED_STATEMENTS = 300;

/**
 * Kysely's SQLite driver prepares every query it runs; compiling the same SQL
 * again each time cost as much as running it. Statements are kept by their
 * SQL text (parameters are bound per call, so the text is the whole key).
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText) {
      let statement = statements.get(sqlText);
      // A statement still being iterated cannot run again: hand out a fresh one.
      if (statement?.busy) return database.prepare(sqlText);
      if (statement) statements.delete(sqlText);
      else {
        statement = database.prepare(sqlText);
        if (statements.size >= MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
      }
      statements.set(sqlText, statement);
      return statement;
    },
  };
}

const INT8_OID = 20;

/** `pg` is loaded only here: a SQLite server never pays for it. */
async function openPostgres(url: string, schema: string | undefined, log: ((event: LogEvent) => void) | undefined): Promise<Kysely<Database>> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // BIGINT columns hold millisecond timestamps, well inside 2^53: read them as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
    },
    ...(schema !== undefined && { options: `-c search_path=${quoteIdentifier(schema)}` }),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(log && { log }) });
}

async function migrate(db: Kysely<Database>, migrations: Record<string, Migration>, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    // Named explicitly on PostgreSQL: otherwise Kysely looks for its table in
    // every schema and would find another instance's (tests use one schema each).
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === "Error");
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, {
      cause: error,
    });
  }
}

function statementKind(sqlText: string): string {
  const word = /^\s*(\w+)/.exec(sqlText)?.[1]?.toLowerCase() ?? "other";
  return ["select", "insert", "update", "delete", "with"].includes(word) ? word : "other";
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
