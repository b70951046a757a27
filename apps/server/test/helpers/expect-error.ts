import { MatrixError } from "@myelin/client-server";
import { expect } from "vitest";

/** Await a call that must fail with a Matrix error; returns it for further checks. */
export async function expectMatrixError(promise: Promise<unknown>, errcode: string | undefined, httpStatus: number): Promise<MatrixError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MatrixError);
  const matrixError = error as MatrixError;
  expect(matrixError.httpStatus).toBe(httpStatus);
  if (errcode !== undefined) expect(matrixError.errcode).toBe(errcode);
  return matrixError;
}
