// @myelin/http — Matrix endpoints as data, shared by every API package:
// endpoint definitions, Matrix errors, a typed fetch client and a hono binding.
// Web-standard APIs only (fetch, Request, Response, streams): runs in Node and browsers.
export * from "./endpoint/endpoint.js";
export * from "./endpoint/types.js";
export { buildPath, pathParamNames } from "./endpoint/path.js";
export { decodeQuery, encodeQuery, queryValueKind, type QueryValueKind } from "./endpoint/query.js";
export * from "./errors/error-codes.js";
export * from "./errors/matrix-error.js";
export * from "./errors/response-validation-error.js";
export * from "./client/client.js";
export { retryAfterHeaderMs, sleep } from "./client/retry-after.js";
export * from "./server/route.js";
export * from "./server/fallbacks.js";
export * from "./server/binding.js";
export * from "./server/options.js";
export { CORS_HEADERS } from "./server/cors.js";
export { errorResponse, jsonResponse, StatusResponse, withStatus } from "./server/responses.js";
export { extractAccessToken } from "./server/access-token.js";
