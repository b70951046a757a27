import { jsonResponse, MatrixError } from "@myelin/http";
import type { Storage } from "../storage/storage.js";
import type { Clock } from "./clock.js";
import { randomSessionId } from "./secrets.js";

/** The `auth` dictionary of a request (spec: "Authentication Data"). */
export type AuthDict = { type?: string | undefined; session?: string | undefined } & Record<string, unknown>;

export interface UiaRequest {
  /** What the session authorises; a session started for one purpose cannot complete another. */
  purpose: string;
  /** The user the flow is for (null while registering). */
  userId: string | null;
  /** Each flow is a list of stage types; completing all stages of any one flow succeeds. */
  flows: readonly (readonly string[])[];
  params?: Record<string, unknown>;
  auth: AuthDict | undefined;
  /** Check one stage's auth dictionary; throw a MatrixError (usually M_FORBIDDEN) when it fails. */
  checkStage: (type: string, auth: AuthDict) => Promise<void>;
}

/** Either the flow is complete, or the 401 response the client must answer. */
export type UiaOutcome = { completed: true } | { completed: false; response: Response };

const SESSION_LIFETIME_MS = 60 * 60 * 1000;

/**
 * User-interactive authentication ("User-Interactive Authentication API").
 * Sessions live in the database. A first request that already carries an
 * `auth` without `session` (older clients send `m.login.dummy` that way) gets
 * a session made for it on the spot, so it can complete in one round trip.
 */
export class UiaService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  async run(request: UiaRequest): Promise<UiaOutcome> {
    const { auth } = request;
    let sessionId = auth?.session;
    let completed: string[] = [];
    if (sessionId !== undefined) {
      const session = await this.storage.uia.getSession(sessionId);
      if (!session || session.purpose !== request.purpose || session.userId !== request.userId || session.createdTs + SESSION_LIFETIME_MS < this.clock()) {
        throw new MatrixError("M_UNKNOWN", "Unknown or expired user-interactive authentication session", { httpStatus: 400 });
      }
      completed = session.completedStages;
    } else {
      sessionId = await this.createSession(request);
    }

    if (auth === undefined || auth.type === undefined) return this.challenge(request, sessionId, completed);

    const allowed = request.flows.some((flow) => flow.includes(auth.type as string));
    if (!allowed) {
      return this.challenge(request, sessionId, completed, new MatrixError("M_UNKNOWN", `Authentication type ${auth.type} is not offered here`, { httpStatus: 401 }));
    }
    try {
      await request.checkStage(auth.type, auth);
    } catch (error) {
      if (error instanceof MatrixError) return this.challenge(request, sessionId, completed, error);
      throw error;
    }
    if (!completed.includes(auth.type)) completed = [...completed, auth.type];

    if (request.flows.some((flow) => flow.every((stage) => completed.includes(stage)))) {
      await this.storage.uia.deleteSession(sessionId);
      return { completed: true };
    }
    await this.storage.uia.setCompletedStages(sessionId, completed);
    return this.challenge(request, sessionId, completed);
  }

  private async createSession(request: UiaRequest): Promise<string> {
    const now = this.clock();
    const sessionId = randomSessionId();
    await this.storage.uia.deleteSessionsCreatedBefore(now - SESSION_LIFETIME_MS);
    await this.storage.uia.createSession({ sessionId, purpose: request.purpose, userId: request.userId, completedStages: [], createdTs: now });
    return sessionId;
  }

  private challenge(request: UiaRequest, session: string, completed: string[], error?: MatrixError): UiaOutcome {
    const body: Record<string, unknown> = {
      flows: request.flows.map((stages) => ({ stages })),
      params: request.params ?? {},
      session,
    };
    if (completed.length > 0) body.completed = completed;
    if (error) Object.assign(body, { errcode: error.errcode, error: error.message });
    return { completed: false, response: jsonResponse(401, body) };
  }
}
