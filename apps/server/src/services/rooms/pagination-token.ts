import { MatrixError } from "@myelin/http";
import type { TopologicalPosition } from "../../storage/storage.js";

// Pagination tokens of /messages and /context. A token is a position
// *between* events in the room's topological order (depth, then stream
// ordering): `t<depth>_<stream>` is just after the event at that position,
// so paginating backwards from it returns that event first and forwards
// returns what follows it. "Just before (d, s)" is `t<d>_<s-1>`: the
// positions are integer pairs compared in order. Sync tokens (`s<N>` or
// `s<N>_...`, N the event stream ordering) are accepted as `from`/`to` too:
// they stand for "after every event up to stream ordering N".

export type PaginationToken = { kind: "topological"; position: TopologicalPosition } | { kind: "stream"; streamOrdering: number };

export function afterEvent(event: TopologicalPosition): string {
  return `t${event.depth}_${event.streamOrdering}`;
}

export function beforeEvent(event: TopologicalPosition): string {
  return `t${event.depth}_${event.streamOrdering - 1}`;
}

export function streamToken(streamOrdering: number): string {
  return `s${streamOrdering}`;
}

export function parsePaginationToken(token: string): PaginationToken {
  const topological = /^t(\d{1,16})_(-?\d{1,16})$/.exec(token);
  if (topological) return { kind: "topological", position: { depth: Number(topological[1]), streamOrdering: Number(topological[2]) } };
  const stream = /^s(\d{1,16})(?:_[0-9_]*)?$/.exec(token);
  if (stream) return { kind: "stream", streamOrdering: Number(stream[1]) };
  throw MatrixError.invalidParam("Invalid pagination token");
}
