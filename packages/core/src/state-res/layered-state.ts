import type { StateKey } from "../events/pdu.js";

/** What the iterative auth checks read of the state they start from. */
export interface StateLookup {
  get(key: StateKey): string | undefined;
}

/**
 * A state as changes over a base that is never copied, so each pass of the
 * iterative auth checks costs what its events cost, not the size of the
 * room's state.
 */
export class LayeredState implements StateLookup {
  constructor(
    readonly base: StateLookup,
    readonly changes: ReadonlyMap<StateKey, string>,
  ) {}

  get(key: StateKey): string | undefined {
    return this.changes.get(key) ?? this.base.get(key);
  }
}
