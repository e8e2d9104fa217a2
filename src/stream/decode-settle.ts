// When a job's waiting preview may start its decode (worker side, pure). Normally once the job's
// previews pause for 10 ms (at most 100 ms): the socket drains into the slot first. In a burst — big
// previews arriving faster than any stream (4 within 1 s), as Chromium delivers a burst of 40 × 2.8 MB
// over ≈ 2 s (longer on a busy machine), each arriving while the previous decode runs — the decode waits
// for a pause of twice the burst's mean gap (100–500 ms), at most 2 s, so the burst is decoded a few times
// instead of once per decode time. Never held longer than the normal settle: a final preview, a job whose
// terminal message waits (its last preview must come first), previews under 3 a second (a 2 Hz stream
// never looks like a burst), small previews.

export interface Settle {
  quietMs: number;
  maxWaitMs: number;
}

export const DECODE_SETTLE: Settle = { quietMs: 10, maxWaitMs: 100 };

/**
 * A burst: this many big previews of a job arriving within `withinMs`; a preview is big from `minBytes`
 * (message bytes). Its decode waits for a pause of `quietGaps` × its mean gap, within `quietMs`, and
 * `maxWaitMs` at most.
 */
export const BURST = { arrivals: 4, withinMs: 1000, minBytes: 16 * 1024, quietGaps: 2, quietMs: { min: 100, max: 500 }, maxWaitMs: 2000 };

/** Milliseconds to hold the waiting preview before its decode (0: start now). */
export function settleDelayMs(now: number, lastArrival: number, waitingSince: number, settle: Settle = DECODE_SETTLE): number {
  return Math.max(0, Math.min(settle.quietMs - (now - lastArrival), settle.maxWaitMs - (now - waitingSince)));
}

/** The arrival times of a job's recent big previews, newest last, with `at` added (at most BURST.arrivals kept). */
export function withArrival(arrivals: readonly number[], at: number, messageBytes: number): number[] {
  if (messageBytes < BURST.minBytes) return [];
  return [...arrivals, at].slice(-BURST.arrivals);
}

/** The settle for a job's waiting preview: the burst's only when its big previews came as a burst and nothing asks for haste. */
export function settleFor(arrivals: readonly number[], haste: { final: boolean; terminalWaits: boolean }): Settle {
  if (haste.final || haste.terminalWaits || arrivals.length < BURST.arrivals) return DECODE_SETTLE;
  const span = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
  if (span > BURST.withinMs) return DECODE_SETTLE;
  const meanGap = span / (arrivals.length - 1);
  return { quietMs: Math.min(BURST.quietMs.max, Math.max(BURST.quietMs.min, BURST.quietGaps * meanGap)), maxWaitMs: BURST.maxWaitMs };
}
