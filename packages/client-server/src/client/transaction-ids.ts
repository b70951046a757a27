/**
 * Transaction IDs for PUT endpoints ("Transaction identifiers"): unique per
 * device and endpoint, so the server can recognise a retransmission. The
 * spec recommends a timestamp with a monotonically increasing counter; the
 * random prefix keeps two clients started in the same millisecond apart.
 */
export function createTransactionIdGenerator(now: () => number = Date.now): () => string {
  const prefix = Math.floor(Math.random() * 0x1_0000_0000).toString(36);
  let counter = 0;
  return () => `m${now()}.${prefix}.${counter++}`;
}
