/**
 * A successful response whose body is not what the endpoint's schema says:
 * not JSON at all, or JSON of the wrong shape. Raised by the client on what
 * it receives and by the server binding on what a handler returned (a bug in
 * the handler, answered as 500).
 */
export class ResponseValidationError extends Error {
  override readonly name = "ResponseValidationError";
  readonly operationId: string;
  readonly httpStatus: number;

  constructor(operationId: string, httpStatus: number, detail: string, options?: { cause?: unknown }) {
    super(`${operationId}: invalid response (HTTP ${httpStatus}): ${detail}`, options);
    this.operationId = operationId;
    this.httpStatus = httpStatus;
  }
}
