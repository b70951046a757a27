// Event hashing throughput on the real room-10 PDUs of the Synapse 1.67
// vectors. Run alone: `node --import tsx bench/hashing.ts` (prints JSON).
import { pathToFileURL } from "node:url";
import { computeContentHash, computeEventId, computeReferenceHash, redactEvent } from "../src/events/index.js";
import type { Pdu } from "../src/events/pdu.js";
import { canonicalJson } from "../src/json/canonical-json.js";
import { getRoomVersion } from "../src/rooms/room-versions.js";
import { loadSynapseVectors } from "../test/vectors/load.js";

/** Runs `step` over `events` round after round for about `budgetMs`; returns events per second. */
function perSecond(events: readonly Pdu[], budgetMs: number, step: (pdu: Pdu) => unknown): number {
  // Warm up so the JIT has compiled the path before it is timed.
  const warmUntil = performance.now() + 100;
  while (performance.now() < warmUntil) for (const pdu of events) step(pdu);
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  let sink: unknown;
  while (elapsed < budgetMs) {
    for (const pdu of events) sink = step(pdu);
    done += events.length;
    elapsed = performance.now() - start;
  }
  if (sink === undefined) throw new Error("benchmark step returned nothing");
  return Math.round((done * 1000) / elapsed);
}

export async function benchHashing(): Promise<Record<string, unknown>> {
  const version = getRoomVersion("10");
  const events = loadSynapseVectors<{ events: { room_version: string; pdu: Pdu }[] }>("events.json")
    .events.filter((record) => record.room_version === "10")
    .map((record) => record.pdu);
  const utf8 = new TextEncoder();
  const canonicalBytes = events.reduce((sum, pdu) => sum + utf8.encode(canonicalJson(pdu)).length, 0) / events.length;

  const fullEventsPerSecond = perSecond(events, 500, (pdu) => {
    // What a server does with each received event: content hash, then the ID (reference hash inside).
    computeContentHash(pdu, version);
    return computeEventId(pdu, version);
  });
  const contentHashesPerSecond = perSecond(events, 250, (pdu) => computeContentHash(pdu, version));
  const referenceHashesPerSecond = perSecond(events, 250, (pdu) => computeReferenceHash(pdu, version));
  const redactionsPerSecond = perSecond(events, 250, (pdu) => redactEvent(pdu, version));

  return Promise.resolve({
    benchmark: "event hashing",
    roomVersion: version.id,
    events: events.length,
    averagePduCanonicalJsonBytes: Math.round(canonicalBytes),
    eventsHashedPerSecond: fullEventsPerSecond,
    contentHashesPerSecond,
    referenceHashesPerSecond,
    redactionsPerSecond,
    node: process.version,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchHashing(), null, 2));
}
