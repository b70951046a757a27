import { isMatrixError } from "@myelin/client-server";

// User-interactive authentication ("User-Interactive Authentication API"):
// the server answers 401 with the flows it accepts and a session; the client
// completes one flow's stages in order, resubmitting the request each time.

export interface UiaState {
  readonly flows: readonly (readonly string[])[];
  readonly session: string | undefined;
  readonly completed: readonly string[];
  readonly params: Readonly<Record<string, unknown>>;
}

/** The UIA description in a 401 body, or undefined when the error is something else. */
export function parseUiaResponse(error: unknown): UiaState | undefined {
  if (!isMatrixError(error) || error.httpStatus !== 401) return undefined;
  const { flows, session, completed, params } = error.extra;
  if (!Array.isArray(flows)) return undefined;
  const stagesOf = (flow: unknown): string[] => {
    const stages = (flow as { stages?: unknown } | null)?.stages;
    return Array.isArray(stages) ? stages.filter((s): s is string => typeof s === "string") : [];
  };
  return {
    flows: flows.map(stagesOf),
    session: typeof session === "string" ? session : undefined,
    completed: Array.isArray(completed) ? completed.filter((s): s is string => typeof s === "string") : [],
    params: typeof params === "object" && params !== null ? (params as Record<string, unknown>) : {},
  };
}

/** The first flow made only of stages this client can complete, favouring flows that already started. */
export function chooseFlow(state: UiaState, supported: ReadonlySet<string>): readonly string[] | undefined {
  const usable = state.flows.filter((flow) => flow.every((stage) => supported.has(stage)));
  return usable.find((flow) => state.completed.every((done) => flow.includes(done))) ?? usable[0];
}

export function nextStage(flow: readonly string[], completed: readonly string[]): string | undefined {
  return flow.find((stage) => !completed.includes(stage));
}

/** The `auth` object for one stage, or undefined when the caller cannot answer it. */
export type StageResponder = (stage: string, session: string | undefined, params: Readonly<Record<string, unknown>>) => Record<string, unknown> | undefined;

export class UnsupportedAuthError extends Error {
  override readonly name = "UnsupportedAuthError";
  constructor(readonly flows: readonly (readonly string[])[]) {
    super(`The server asks for ${flows.map((f) => f.join(" + ")).join(" or ")}, which this client cannot complete.`);
  }
}

/**
 * Run `attempt` until the server accepts it, answering each UIA stage with
 * `respond`. A stage the server rejects twice in a row ends with its error
 * (a wrong password or token is not worth resubmitting).
 */
export async function withUserInteractiveAuth<T>(
  attempt: (auth: Record<string, unknown> | undefined) => Promise<T>,
  supported: ReadonlySet<string>,
  respond: StageResponder,
): Promise<T> {
  let auth: Record<string, unknown> | undefined;
  let lastStage: string | undefined;
  for (let round = 0; round < 16; round++) {
    try {
      return await attempt(auth);
    } catch (error) {
      const state = parseUiaResponse(error);
      if (state === undefined) throw error;
      const flow = chooseFlow(state, supported);
      if (flow === undefined) throw new UnsupportedAuthError(state.flows);
      const stage = nextStage(flow, state.completed);
      if (stage === undefined || (stage === lastStage && isMatrixError(error) && error.errcode !== "M_UNKNOWN")) throw error;
      const answer = respond(stage, state.session, state.params);
      if (answer === undefined) throw new UnsupportedAuthError(state.flows);
      auth = { ...answer, type: stage, ...(state.session === undefined ? {} : { session: state.session }) };
      lastStage = stage;
    }
  }
  throw new Error("User-interactive authentication did not finish.");
}
