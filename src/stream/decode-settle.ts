// When a job's waiting preview may start its decode (worker side, pure). Normally once the job's
// previews pause for 10 ms (at most 100 ms): the socket drains into the slot first. In a burst — big
// previews arriving faster than any stream and much faster than the job decodes them (the last 4 at a
// mean gap of at most 150 ms and under half the job's last decode time), as Chromium delivers a burst of
// 40 × 2.8 MB over ≈ 2 s, each arriving while the previous decode runs — the decode waits for a pause
// of twice the burst's mean gap (at least 100 ms), at most 2 s, so the burst is decoded a few times
// instead of once per decode time. Never held longer than the normal settle: a final preview, a job
// whose terminal message waits (its last preview must come first), previews under 7 a second (a 2 or
// 3 Hz stream never looks like a burst), previews the job decodes faster than they come, small ones.

export interface Settle {
  quietMs: number;
  maxWaitMs: number;
}

export const DECODE_SETTLE: Settle = { quietMs: 10, maxWaitMs: 100 };

/**
 * A burst: the last `arrivals` big previews of a job (from `minBytes` message bytes) at a mean gap of at
 * most `maxGapMs` and under `decodeShare` of the job's last decode time. Its decode waits for a pause of
 * `quietGaps` × its mean gap (at least `minQuietMs`), and `maxWaitMs` at most.
 */
export const BURST = { arrivals: 4, maxGapMs: 150, decodeShare: 0.5, minBytes: 16 * 1024, quietGaps: 2, minQuietMs: 100, maxWaitMs: 2000 };

/** Milliseconds to hold the waiting preview before its decode (0: start now). */
export function settleDelayMs(now: number, lastArrival: number, waitingSince: number, settle: Settle = DECODE_SETTLE): number {
  return Math.max(0, Math.min(settle.quietMs - (now - lastArrival), settle.maxWaitMs - (now - waitingSince)));
}

/** The arrival times of a job's recent big previews, newest last, with `at` added (at most BURST.arrivals kept). */
export function withArrival(arrivals: readonly number[], at: number, messageBytes: number): number[] {
  if (messageBytes < BURST.minBytes) return [];
  return [...arrivals, at].slice(-BURST.arrivals);
}

/**
 * The settle for a job's waiting preview: the burst's only when its big previews came as a burst and
 * nothing asks for haste. `decodeMs`: how long the job's last decode took (parse to decoded), if any.
 */
export function settleFor(arrivals: readonly number[], decodeMs: number | undefined, haste: { final: boolean; terminalWaits: boolean }): Settle {
  if (haste.final || haste.terminalWaits || decodeMs === undefined || arrivals.length < BURST.arrivals) return DECODE_SETTLE;
  const meanGap = ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / (arrivals.length - 1);
  if (meanGap > BURST.maxGapMs || meanGap >= BURST.decodeShare * decodeMs) return DECODE_SETTLE;
  return { quietMs: Math.max(BURST.minQuietMs, BURST.quietGaps * meanGap), maxWaitMs: BURST.maxWaitMs };
}
