import { MatrixError } from "../errors/matrix-error.js";

/**
 * Read the whole request body, refusing more than `limit` bytes with
 * 413 `M_TOO_LARGE`: first by the declared Content-Length, then by counting
 * what actually arrives (chunked uploads declare nothing).
 */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (request.body === null) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return concatChunks(chunks, total);
}

/** The chunks as one array (the chunk itself when there is one). */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limit: number): MatrixError {
  return MatrixError.tooLarge(`Request body exceeds the limit of ${limit} bytes`);
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Parse a JSON request body. The spec requires UTF-8, so invalid UTF-8 is
 * `M_NOT_JSON` like any other text that is not JSON. An empty body stands for
 * the empty object: several clients send nothing to POST endpoints whose body
 * has no required keys, and the schema still rejects it where keys are
 * required.
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw MatrixError.notJson("Request body is not valid UTF-8");
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw MatrixError.notJson("Request body is not valid JSON");
  }
}
