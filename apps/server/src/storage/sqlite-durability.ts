import { open, type FileHandle } from "node:fs/promises";
import { SqliteDialect, SqliteDriver, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type SqliteDialectConfig } from "kysely";

// Durability without blocking the event loop. With synchronous=FULL, SQLite
// fsyncs the WAL inside COMMIT, and better-sqlite3 runs COMMIT on the main
// thread: every commit stopped the whole server for the length of an fsync
// (about a millisecond here, far more on slow disks). Instead the database
// runs with synchronous=NORMAL — COMMIT writes the transaction's WAL frames
// with write(2) but does not fsync them, which already survives SIGKILL —
// and the driver fsyncs the WAL file on libuv's thread pool after every
// writing use of the connection, before it hands the connection on and
// before the caller's await returns. So, as with FULL, no write is
// acknowledged and no reader sees it before it is on disk (power loss
// included), while the event loop keeps serving requests during the fsync.

/** One fsync of the WAL at a time; callers arriving meanwhile share the next one. */
export class WalSync {
  private handle: Promise<FileHandle | undefined> | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the WAL before the call is on disk. */
  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.fsync().finally(() => (this.running = undefined));
      return this.running;
    }
    // An fsync already running may have started before our write: wait for a fresh one.
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return this.sync();
    });
    return this.next;
  }

  async close(): Promise<void> {
    await this.running;
    await this.next;
    await (await this.handle)?.close();
  }

  private async fsync(): Promise<void> {
    // fsync flushes the file, whichever descriptor wrote it: a read-only one of our own is enough.
    this.handle ??= open(this.walPath, "r").catch((error: NodeJS.ErrnoException) => {
      this.handle = undefined;
      if (error.code === "ENOENT") return undefined; // nothing written yet
      throw error;
    });
    const handle = await this.handle;
    await handle?.sync();
  }
}

function writes(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  if (kind === "SelectQueryNode") return false;
  if (kind === "RawNode") return !/^\s*(select|pragma|with)\b/i.test(query.sql);
  return true;
}

/** Kysely's SQLite driver, with a WAL fsync before a connection that wrote is handed back. */
class DurableSqliteDriver extends SqliteDriver implements Driver {
  private wrote = false;
  private inTransaction = false;

  constructor(
    config: SqliteDialectConfig,
    private readonly wal: WalSync,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.wrote = false;
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await connection.executeQuery<R>(query);
        if (!this.inTransaction && writes(query)) this.wrote = true;
        return result;
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await super.beginTransaction(connection);
    this.inTransaction = true;
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.inTransaction = false;
    await super.commitTransaction(connection);
    this.wrote = true;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.inTransaction = false;
    await super.rollbackTransaction(connection);
  }

  override async releaseConnection(): Promise<void> {
    const wrote = this.wrote;
    this.wrote = false;
    try {
      // The connection is held until the write is on disk: no reader sees data a power cut could still take away.
      if (wrote) await this.wal.sync();
    } finally {
      await super.releaseConnection();
    }
  }

  override async destroy(): Promise<void> {
    await this.wal.close();
    await super.destroy();
  }
}

/** SqliteDialect whose writes are durable when their await returns (see above). */
export class DurableSqliteDialect extends SqliteDialect {
  constructor(
    private readonly dialectConfig: SqliteDialectConfig,
    private readonly walPath: string,
  ) {
    super(dialectConfig);
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(this.dialectConfig, new WalSync(this.walPath));
  }
}
