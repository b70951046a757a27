import type { z } from "zod";
import type { Context, Env, Hono, Schema } from "hono";
import { isRawBody, isRawResponse, type AnyEndpoint, type RawResponse } from "../endpoint/endpoint.js";
import { describeIssues } from "../endpoint/issues.js";
import { toHonoPath, trailingParamName } from "../endpoint/path.js";
import { decodeQuery } from "../endpoint/query.js";
import type { RawBodyReceived, ResponseBodyOf, ServerRequestOf } from "../endpoint/types.js";
import { MatrixError } from "../errors/matrix-error.js";
import { nodeRequestOf, readNodeBodyLimited, type NodeRequestBody } from "./node-body.js";
import { ResponseValidationError } from "../errors/response-validation-error.js";
import { extractAccessToken } from "./access-token.js";
import { parseJsonBody, readBodyLimited } from "./body.js";
import { withCors } from "./cors.js";
import {
  DEFAULT_MAX_JSON_BODY_BYTES,
  DEFAULT_MAX_RAW_BODY_BYTES,
  defaultValidateResponses,
  type BindingOptions,
} from "./options.js";
import { registerBoundPath, registerVariant, variantCount } from "./registry.js";
import { errorResponse, internalErrorResponse, jsonResponse, StatusResponse } from "./responses.js";

/** What `context.auth` holds: always set for `required`, never for `none`. */
export type AuthOf<E extends AnyEndpoint, A> = E["auth"] extends "required"
  ? A
  : E["auth"] extends "none"
    ? undefined
    : A | undefined;

export interface HandlerContext<E extends AnyEndpoint, A> {
  auth: AuthOf<E, A>;
  accessToken: string | undefined;
  /** The Web-standard request, for headers and anything the schemas do not cover. */
  request: Request;
  /** Hono's context, for `env`, `executionCtx` and middleware variables. */
  hono: Context;
  endpoint: E;
}

/**
 * What a handler returns: the response body (200), `withStatus(code, body)`,
 * or a `Response` (raw endpoints must; JSON endpoints may, to answer
 * something the schema cannot describe such as the first 401 of
 * user-interactive authentication).
 */
export type HandlerResult<E extends AnyEndpoint> = E["response"] extends RawResponse
  ? Response
  : ResponseBodyOf<E> | StatusResponse<ResponseBodyOf<E>> | Response;

export type Handler<E extends AnyEndpoint, A> = (
  request: ServerRequestOf<E>,
  context: HandlerContext<E, A>,
) => HandlerResult<E> | Promise<HandlerResult<E>>;

/**
 * Serve `endpoint` on `app` (its current path and its legacy paths). The
 * request is authenticated, its path parameters, query and body are
 * validated with the endpoint's schemas, and only then does `handler` run;
 * every failure is answered with the spec's error.
 */
export function route<E extends AnyEndpoint, A = unknown, HE extends Env = Env, S extends Schema = Schema, BP extends string = string>(
  app: Hono<HE, S, BP>,
  endpoint: E,
  handler: Handler<E, A>,
  options: BindingOptions<A> = {},
): void {
  if (endpoint.auth === "required" && !options.authenticate) {
    throw new Error(`route ${endpoint.operationId}: the endpoint requires authentication but no authenticate hook was given`);
  }
  const honoApp = app as unknown as Hono;
  const paths: string[] = [];
  const emptyTrailingParam = trailingParamThatMayBeEmpty(endpoint);
  for (const template of [endpoint.path, ...endpoint.legacyPaths]) {
    const forms = [template];
    if (emptyTrailingParam !== undefined) {
      // "When an empty string, the trailing slash on this endpoint is optional."
      const base = template.slice(0, template.lastIndexOf("/"));
      forms.push(base, `${base}/`);
    }
    for (const form of forms) {
      paths.push(toHonoPath(form));
      registerBoundPath(app, form, endpoint.method);
    }
  }

  const variantIndex = registerVariant(app, endpoint.method, endpoint.path);
  const validateResponses = options.validateResponses ?? defaultValidateResponses();
  honoApp.on(endpoint.method, paths, async (c, next) => {
    try {
      return await serve(endpoint, handler, options, validateResponses, c, emptyTrailingParam);
    } catch (error) {
      if (error instanceof InvalidRequest) {
        const earlier = variantFailures.get(c.req.raw) ?? [];
        const failures = [...earlier, { operationId: endpoint.operationId, error: error.error }];
        // Another operation on this method and path may accept the request.
        if (variantIndex + 1 < variantCount(app, endpoint.method, endpoint.path)) {
          variantFailures.set(c.req.raw, failures);
          await next();
          return c.res;
        }
        return errorResponse(combineFailures(failures));
      }
      if (error instanceof MatrixError) {
        const response = errorResponse(error);
        // A refused upload may still be arriving: the connection cannot be
        // reused for another request, so say that it closes.
        if (error.errcode === "M_TOO_LARGE") response.headers.set("Connection", "close");
        return response;
      }
      options.onUnexpectedError?.(error, c.req.raw);
      return internalErrorResponse();
    }
  });
}

async function serve<E extends AnyEndpoint, A>(
  endpoint: E,
  handler: Handler<E, A>,
  options: BindingOptions<A>,
  validateResponses: boolean,
  c: Context,
  emptyTrailingParam: string | undefined,
): Promise<Response> {
  const request = c.req.raw;
  const { auth, accessToken } = await authenticate(endpoint, options, request);

  const rawParams: Record<string, string> = { ...c.req.param() };
  if (emptyTrailingParam !== undefined) rawParams[emptyTrailingParam] ??= "";
  const path = endpoint.pathParams.safeParse(rawParams);
  if (!path.success) {
    throw new InvalidRequest(MatrixError.invalidParam(`Invalid path parameter: ${describeIssues(path.error.issues, "path")}`));
  }
  const query = parseQuery(endpoint, new URL(request.url).searchParams);
  const body = await parseBody(endpoint, options, request, nodeRequestOf(c));

  if (endpoint.rateLimited && options.rateLimit) await options.rateLimit({ endpoint, request, auth });

  const result = await handler(
    { path: path.data, query, body } as ServerRequestOf<E>,
    { auth: auth as AuthOf<E, A>, accessToken, request, hono: c, endpoint },
  );
  return toResponse(endpoint, result, validateResponses);
}

async function authenticate<A>(
  endpoint: AnyEndpoint,
  options: BindingOptions<A>,
  request: Request,
): Promise<{ auth: A | undefined; accessToken: string | undefined }> {
  if (endpoint.auth === "none" || !options.authenticate) return { auth: undefined, accessToken: undefined };
  const accessToken = extractAccessToken(request, options.allowAccessTokenQuery ?? true);
  if (accessToken === undefined) {
    if (endpoint.auth === "required") throw MatrixError.missingToken();
    return { auth: undefined, accessToken };
  }
  let pending = authentications.get(request);
  if (!pending) {
    pending = Promise.resolve(options.authenticate(accessToken, { request, endpoint }));
    authentications.set(request, pending);
  }
  const auth = (await pending) as A | null | undefined;
  if (auth === null || auth === undefined) throw MatrixError.unknownToken();
  return { auth, accessToken };
}

function parseQuery(endpoint: AnyEndpoint, params: URLSearchParams): unknown {
  const decoded = decodeQuery(endpoint.query, params);
  const parsed = endpoint.query.safeParse(decoded);
  if (parsed.success) return parsed.data;
  // A required parameter that was not sent fails as "invalid_type" or
  // "invalid_value" (enums) at its own key; either way it is missing.
  const missing = parsed.error.issues.find((issue) => issue.path.length === 1 && !Object.hasOwn(decoded, String(issue.path[0])));
  if (missing) throw new InvalidRequest(MatrixError.missingParam(`Missing query parameter: ${String(missing.path[0])}`));
  throw new InvalidRequest(MatrixError.invalidParam(`Invalid query parameter: ${describeIssues(parsed.error.issues, "query")}`));
}

async function parseBody<A>(endpoint: AnyEndpoint, options: BindingOptions<A>, request: Request, nodeRequest: NodeRequestBody | undefined): Promise<unknown> {
  if (endpoint.body === undefined) return undefined;
  if (isRawBody(endpoint.body)) {
    const data = await readBodyOnce(request, options.maxRawBodyBytes ?? DEFAULT_MAX_RAW_BODY_BYTES, nodeRequest);
    const received: RawBodyReceived = { data, contentType: request.headers.get("Content-Type") ?? undefined };
    return received;
  }
  const bytes = await readBodyOnce(request, options.maxJsonBodyBytes ?? DEFAULT_MAX_JSON_BODY_BYTES, nodeRequest);
  const json = parseJsonBody(bytes);
  const schema: z.ZodType = endpoint.body;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidRequest(MatrixError.badJson(`Invalid request body: ${describeIssues(parsed.error.issues, "body")}`));
  }
  return parsed.data;
}

/**
 * A request that does not match this endpoint's schemas. Unlike other
 * errors, it lets the next operation registered on the same method and path
 * try before the error is answered.
 */
class InvalidRequest extends Error {
  constructor(readonly error: MatrixError) {
    super(error.message);
  }
}

/** Why each operation on a shared path refused the request, for the final answer. */
const variantFailures = new WeakMap<Request, { operationId: string; error: MatrixError }[]>();

/** The first operation's error code, with every operation's reason. */
function combineFailures(failures: { operationId: string; error: MatrixError }[]): MatrixError {
  const first = failures[0];
  if (!first) return MatrixError.badJson();
  if (failures.length === 1) return first.error;
  const message = failures.map(({ operationId, error }) => `${operationId}: ${error.message}`).join(" | ");
  return new MatrixError(first.error.errcode, message, { httpStatus: first.error.httpStatus });
}

// A body stream can be read once; variants of one path share what was read,
// and the token is resolved once per request.
const bodies = new WeakMap<Request, Promise<Uint8Array>>();
const authentications = new WeakMap<Request, Promise<unknown>>();

function readBodyOnce(request: Request, limit: number, nodeRequest: NodeRequestBody | undefined): Promise<Uint8Array> {
  let pending = bodies.get(request);
  if (!pending) {
    pending = nodeRequest ? readNodeBodyLimited(nodeRequest, request, limit) : readBodyLimited(request, limit);
    bodies.set(request, pending);
  }
  return pending;
}

function toResponse(endpoint: AnyEndpoint, result: unknown, validate: boolean): Response {
  if (result instanceof Response) return withCors(result);
  if (isRawResponse(endpoint.response)) {
    throw new Error(`handler for ${endpoint.operationId} must return a Response (raw endpoint)`);
  }
  const status = result instanceof StatusResponse ? result.status : 200;
  const body: unknown = result instanceof StatusResponse ? (result as StatusResponse<unknown>).body : result;
  if (validate) {
    const schema: z.ZodType = endpoint.response;
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ResponseValidationError(endpoint.operationId, status, describeIssues(parsed.error.issues, "response"), {
        cause: parsed.error,
      });
    }
  }
  // The handler's own object goes out, not the parsed copy: validation may
  // strip keys the schema does not name, and the response should not lose them.
  return jsonResponse(status, body);
}

function trailingParamThatMayBeEmpty(endpoint: AnyEndpoint): string | undefined {
  const name = trailingParamName(endpoint.path);
  if (name === undefined) return undefined;
  const schema = endpoint.pathParams.shape[name] as z.ZodType | undefined;
  return schema?.safeParse("").success ? name : undefined;
}
