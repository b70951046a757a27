/** Milliseconds since the epoch; a seam so services take time from one place. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
