// Shared by the identifier parsers' unit tests (src/identifiers/*.test.ts).
import { expect } from "vitest";
import { InvalidIdentifierError } from "../../src/errors.js";

/**
 * The reason `parse` gives for refusing `input`: asserts that it threw an
 * `InvalidIdentifierError` (code INVALID_IDENTIFIER) of `kind`, and fails
 * the test when `input` was accepted.
 */
export function identifierRejection(kind: string, parse: (input: unknown) => unknown, input: unknown): string {
  try {
    parse(input);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidIdentifierError);
    expect((err as InvalidIdentifierError).code).toBe("INVALID_IDENTIFIER");
    expect((err as InvalidIdentifierError).kind).toBe(kind);
    return (err as Error).message;
  }
  throw new Error(`${JSON.stringify(input)} was accepted`);
}
