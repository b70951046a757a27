import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { UiaStore } from "../storage.js";

function parseStages(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((stage): stage is string => typeof stage === "string") : [];
}

export function uiaQueries(db: Kysely<Database>): UiaStore {
  return {
    async createSession(session) {
      await db
        .insertInto("uia_sessions")
        .values({
          session_id: session.sessionId,
          purpose: session.purpose,
          user_id: session.userId,
          completed_stages: JSON.stringify(session.completedStages),
          created_ts: session.createdTs,
        })
        .execute();
    },

    async getSession(sessionId) {
      const row = await db.selectFrom("uia_sessions").selectAll().where("session_id", "=", sessionId).executeTakeFirst();
      return (
        row && {
          sessionId: row.session_id,
          purpose: row.purpose,
          userId: row.user_id,
          completedStages: parseStages(row.completed_stages),
          createdTs: row.created_ts,
        }
      );
    },

    async setCompletedStages(sessionId, stages) {
      await db.updateTable("uia_sessions").set({ completed_stages: JSON.stringify(stages) }).where("session_id", "=", sessionId).execute();
    },

    async deleteSession(sessionId) {
      await db.deleteFrom("uia_sessions").where("session_id", "=", sessionId).execute();
    },

    async deleteSessionsCreatedBefore(ts) {
      await db.deleteFrom("uia_sessions").where("created_ts", "<", ts).execute();
    },
  };
}
