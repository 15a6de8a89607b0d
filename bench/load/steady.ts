// Saturation throughput in steady state. Every connection of a saturation scenario opens at
// once and sends its first request together with the others; a server that interleaves them
// fairly (Node, with a FIFO database pool) answers that first round only after it has done
// most of the round's work, i.e. after about connections × cost per request. With 1000
// connections and a 4 ms route that is 4 s of a 5 s scenario, so counting every response over
// the whole duration reports a fraction of the real throughput, and a slower route 0.
// The first round is reported apart, as its own figure (how long the last of 1000 users waits
// for a first answer when they arrive together).

export type Steady = {
  /** Responses per second after the first round (or over the whole run if it never ended). */
  rps: number;
  /** When the first round ended (the `connections`-th response), ms from the start; undefined if it did not. */
  firstRoundMs?: number;
};

/** Throughput after the first `connections` responses; `doneAt` are completion times, ms from the start. */
export function steadyThroughput(opts: { doneAt: number[]; connections: number; durationMs: number }): Steady {
  const done = [...opts.doneAt].sort((a, b) => a - b);
  const firstRoundMs = done[opts.connections - 1];
  const whole = (done.length * 1000) / opts.durationMs;
  // Less than a second left after the first round is too short a window to mean anything.
  if (firstRoundMs === undefined || opts.durationMs - firstRoundMs < 1000) {
    return { rps: Math.round(whole), firstRoundMs: firstRoundMs === undefined ? undefined : Math.round(firstRoundMs) };
  }
  const after = done.length - opts.connections;
  return { rps: Math.round((after * 1000) / (opts.durationMs - firstRoundMs)), firstRoundMs: Math.round(firstRoundMs) };
}
