// @ts-check
// Summaries of samples for the bench report: percentiles by nearest rank, means, maxima. Pure.

/**
 * @typedef {{ n: number, p50: number | null, p95: number | null, p99: number | null, max: number | null, mean: number | null }} Summary
 */

/**
 * The p-th percentile (0..100) by nearest rank: a value that was actually measured, never interpolated.
 * @param {number[]} sorted ascending
 * @param {number} p
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

/**
 * @param {Iterable<number | null | undefined>} values non-finite values are left out
 * @returns {Summary}
 */
export function summarize(values) {
  const sorted = [...values].filter((v) => typeof v === 'number' && Number.isFinite(v)).map(Number).sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: n ? /** @type {number} */ (sorted[n - 1]) : null,
    mean: n ? sorted.reduce((a, b) => a + b, 0) / n : null,
  };
}

/** @param {Iterable<number>} values */
export function sum(values) {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * a / b, or null when either side is missing or b is 0.
 * @param {number | null | undefined} a @param {number | null | undefined} b
 */
export function ratio(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/** Rounds for the JSON: 2 decimals under 100, 1 under 1000, integers above. @param {number | null | undefined} v */
export function round(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  const a = Math.abs(v);
  const digits = a < 100 ? 2 : a < 1000 ? 1 : 0;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
