// Awaiting a promise that must reject with one of the typed core errors
// (src/errors.ts), so that a test can go on to check its `code`.
import { expect } from "vitest";
import { MatrixCoreError } from "../../src/errors.js";

/** The MatrixCoreError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<MatrixCoreError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(MatrixCoreError);
    return err as MatrixCoreError;
  }
  throw new Error("expected a rejection, the promise resolved");
}
