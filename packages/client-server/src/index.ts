// @myelin/client-server — every endpoint of the Matrix client-server API as
// data, the shared schemas they use, a typed client and the sync loop.
export * from "./endpoints/index.js";
export { clientServerEndpoints } from "./endpoints/all.js";
export * from "./schemas/index.js";
export { createMatrixClient, type MatrixClient, type MatrixClientOptions } from "./client/matrix-client.js";
export { createTransactionIdGenerator } from "./client/transaction-ids.js";
export { syncLoop, type SyncLoopOptions, type SyncResponse } from "./sync/sync-loop.js";
// What a client of this package needs from @myelin/http without installing it separately.
export {
  MatrixError,
  ResponseValidationError,
  isMatrixError,
  type CallOptions,
  type RequestOf,
  type ResponseOf,
} from "@myelin/http";
