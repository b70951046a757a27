import type { Context } from "hono";
import { concatChunks, readBodyLimited } from "./body.js";

// Under @hono/node-server, `c.req.raw.body` makes the adapter build a full
// web Request and a ReadableStream over the Node.js request: that cost as
// much as routing the request. When the body's length is declared (as for
// nearly every JSON request), reading the Node.js stream directly gives the
// same bytes for a fraction of the work; anything else takes the web path.

/** The Node.js request stream, as @hono/node-server passes it in `c.env.incoming`. */
export interface NodeRequestBody extends AsyncIterable<Uint8Array> {
  readonly readableEnded: boolean;
}

export function nodeRequestOf(c: Context): NodeRequestBody | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (typeof incoming !== "object" || incoming === null) return undefined;
  const candidate = incoming as Partial<NodeRequestBody>;
  return typeof candidate[Symbol.asyncIterator] === "function" && typeof candidate.readableEnded === "boolean" ? (incoming as NodeRequestBody) : undefined;
}

/**
 * The body, at most `limit` bytes. Only a body with a declared
 * Content-Length within the limit is read from the Node.js stream (Node's
 * parser delivers exactly that many bytes); the rest goes through
 * readBodyLimited, which counts and refuses.
 */
export async function readNodeBodyLimited(incoming: NodeRequestBody, request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("Content-Length");
  const length = declared === null || !/^\d+$/.test(declared) ? undefined : Number(declared);
  if (length === undefined || length > limit || incoming.readableEnded) return readBodyLimited(request, limit);
  if (length === 0) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of incoming) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  return concatChunks(chunks, total);
}
