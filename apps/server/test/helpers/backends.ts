import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DatabaseConfig } from "../../src/config/schema.js";

export type BackendName = "sqlite" | "postgres";

/**
 * The backends every server test runs on. PostgreSQL runs when
 * MYELIN_TEST_POSTGRES_URL is set; in CI it must be, so there the PostgreSQL
 * tests are listed anyway and fail at set-up instead of silently vanishing.
 */
export const backends: BackendName[] = process.env.MYELIN_TEST_POSTGRES_URL || process.env.CI ? ["sqlite", "postgres"] : ["sqlite"];

export function postgresUrl(): string {
  const url = process.env.MYELIN_TEST_POSTGRES_URL;
  if (!url) throw new Error("MYELIN_TEST_POSTGRES_URL is not set, but CI is: the PostgreSQL tests cannot run");
  return url;
}

/**
 * A PostgreSQL schema of its own for one server instance, so test files can
 * run in parallel against one database. `drop` removes it with everything in it.
 */
export async function createPostgresSchema(): Promise<{ database: DatabaseConfig; drop: () => Promise<void> }> {
  const url = postgresUrl();
  const schema = `myelin_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await client.end();
  }
  return {
    database: { kind: "postgres", url, schema },
    drop: async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await dropper.end();
      }
    },
  };
}
