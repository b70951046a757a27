import { z } from "zod";
import { pathParamNames } from "./path.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/**
 * Whether an endpoint needs an access token: `required` answers 401 without
 * one, `optional` authenticates when a token is given (guest-accessible and
 * appservice-optional endpoints), `none` never looks at it.
 */
export type AuthRequirement = "required" | "optional" | "none";

/** The spec version that introduced an endpoint: `r0` for the pre-1.1 era, else `v1.N`. */
export type SpecVersion = "r0" | `v1.${number}`;

/** Schema of path parameters or of the query string: an object of named values. */
export type ParamsSchema = z.ZodObject;

/**
 * Escape hatch for endpoints whose request body is not JSON (media upload).
 * The client sends `{ data, contentType }` as-is; the server hands the
 * handler the bytes and the Content-Type it received.
 */
export interface RawBody {
  readonly kind: "raw-body";
}

/**
 * Escape hatch for endpoints whose successful response is not JSON (media
 * download, thumbnails, SSO redirects). The client returns the `Response`;
 * the server handler returns one.
 */
export interface RawResponse {
  readonly kind: "raw-response";
}

export type BodySchema = z.ZodType | RawBody;
export type ResponseSchema = z.ZodType | RawResponse;

export function rawBody(): RawBody {
  return { kind: "raw-body" };
}

export function rawResponse(): RawResponse {
  return { kind: "raw-response" };
}

export function isRawBody(body: BodySchema | undefined): body is RawBody {
  return body !== undefined && "kind" in body && body.kind === "raw-body";
}

export function isRawResponse(response: ResponseSchema): response is RawResponse {
  return "kind" in response && response.kind === "raw-response";
}

/** What `endpoint()` takes. Omitted `pathParams`/`query` mean "none"; an omitted `body` means the request has no body. */
export interface EndpointConfig<
  M extends HttpMethod,
  P extends ParamsSchema,
  Q extends ParamsSchema,
  B extends BodySchema | undefined,
  R extends ResponseSchema,
  Au extends AuthRequirement,
> {
  method: M;
  /** The current path, with the spec's `{param}` placeholders. */
  path: string;
  auth: Au;
  rateLimited: boolean;
  since: SpecVersion;
  deprecated?: boolean;
  /** Older paths served for the same operation (the `r0` prefix of pre-1.1 endpoints). */
  legacyPaths?: readonly string[];
  operationId: string;
  /** Link to the endpoint's section of the specification. */
  specSection: string;
  pathParams?: P;
  query?: Q;
  body?: B;
  response: R;
}

/** One operation of a Matrix API, as data. Both the client and the server binding are derived from it. */
export interface Endpoint<
  M extends HttpMethod = HttpMethod,
  P extends ParamsSchema = ParamsSchema,
  Q extends ParamsSchema = ParamsSchema,
  B extends BodySchema | undefined = BodySchema | undefined,
  R extends ResponseSchema = ResponseSchema,
  Au extends AuthRequirement = AuthRequirement,
> {
  readonly method: M;
  readonly path: string;
  readonly auth: Au;
  readonly rateLimited: boolean;
  readonly since: SpecVersion;
  readonly deprecated: boolean;
  readonly legacyPaths: readonly string[];
  readonly operationId: string;
  readonly specSection: string;
  readonly pathParams: P;
  readonly query: Q;
  readonly body: B;
  readonly response: R;
}

/** Any endpoint, whatever its schemas. */
export type AnyEndpoint = Endpoint;

type EmptyParams = z.ZodObject<Record<never, never>, z.core.$strip>;

/**
 * Define an endpoint. Checks at definition time that the path placeholders
 * and the `pathParams` schema name the same parameters (in every legacy
 * path too), so a typo fails when the module loads rather than per request.
 */
export function endpoint<
  M extends HttpMethod,
  R extends ResponseSchema,
  Au extends AuthRequirement,
  P extends ParamsSchema = EmptyParams,
  Q extends ParamsSchema = EmptyParams,
  B extends BodySchema | undefined = undefined,
>(config: EndpointConfig<M, P, Q, B, R, Au>): Endpoint<M, P, Q, B, R, Au> {
  const pathParams = config.pathParams ?? (z.object({}) as P);
  const query = config.query ?? (z.object({}) as Q);
  const declared = Object.keys(pathParams.shape).sort();
  for (const path of [config.path, ...(config.legacyPaths ?? [])]) {
    const inPath = pathParamNames(path).sort();
    if (inPath.join("\0") !== declared.join("\0")) {
      throw new Error(
        `endpoint ${config.operationId}: path ${path} has parameters [${inPath.join(", ")}] but pathParams declares [${declared.join(", ")}]`,
      );
    }
  }
  return Object.freeze({
    method: config.method,
    path: config.path,
    auth: config.auth,
    rateLimited: config.rateLimited,
    since: config.since,
    deprecated: config.deprecated ?? false,
    legacyPaths: Object.freeze([...(config.legacyPaths ?? [])]),
    operationId: config.operationId,
    specSection: config.specSection,
    pathParams,
    query,
    body: config.body as B,
    response: config.response,
  });
}
