// When a job's waiting preview may start its decode (worker side, pure). Normally once the job's
// previews pause for 10 ms (at most 100 ms): the socket drains into the slot first. In a burst — big
// previews arriving faster than any stream (3 within 200 ms), as Chromium delivers a burst of 40 × 2.8 MB
// over ≈ 2 s, each arriving while the previous decode runs — the decode waits for a 100 ms pause (at
// most 1 s), so the burst is decoded a few times instead of once per decode time. Never held longer
// than the normal settle: a final preview, a job whose terminal message waits (its last preview must
// come first), a stream of ≤ 5 previews a second (a 2 Hz stream never looks like a burst), small previews.

export interface Settle {
  quietMs: number;
  maxWaitMs: number;
}

export const DECODE_SETTLE: Settle = { quietMs: 10, maxWaitMs: 100 };
export const BURST_SETTLE: Settle = { quietMs: 100, maxWaitMs: 1000 };

/** A burst: this many big previews of a job arriving within `withinMs`; a preview is big from `minBytes` (message bytes). */
export const BURST = { arrivals: 3, withinMs: 200, minBytes: 16 * 1024 };

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
  return span <= BURST.withinMs ? BURST_SETTLE : DECODE_SETTLE;
}
