// @ts-check
// The backlog detector: drawn latency per bucket of stream time, and whether it grows. A client that
// keeps up has flat buckets; one that falls behind shows each bucket later than the one before. Over
// all the jobs of a scenario and for each job apart: one job falling behind while the others keep up
// hides in the pooled buckets. Pure.
import { percentile, round } from './stats.js';

/**
 * @typedef {{ startMs: number, n: number, p50: number | null }} Bucket
 * @typedef {{ buckets: Bucket[], firstP50: number | null, lastP50: number | null, growth: number | null, backsUp: boolean | null }} Backlog
 */

/**
 * @param {Array<{ t: number, drawnLatencyMs: number | null }>} previews `t`: when the preview arrived (ms, any clock)
 * @param {{ start: number, durationMs: number, bucketMs: number, factor: number }} window
 *   a partial last bucket (shorter than half a bucket) is merged into the one before
 * @returns {Backlog}
 */
export function backlog(previews, { start, durationMs, bucketMs, factor }) {
  let count = Math.max(1, Math.floor(durationMs / bucketMs));
  if (durationMs - count * bucketMs >= bucketMs / 2) count += 1;
  /** @type {number[][]} */
  const values = Array.from({ length: count }, () => []);
  for (const p of previews) {
    if (p.drawnLatencyMs === null) continue;
    const index = Math.min(count - 1, Math.max(0, Math.floor((p.t - start) / bucketMs)));
    values[index]?.push(p.drawnLatencyMs);
  }
  const buckets = values.map((v, i) => ({ startMs: i * bucketMs, n: v.length, p50: round(percentile(v.sort((a, b) => a - b), 50)) }));
  const filled = buckets.filter((b) => b.p50 !== null);
  const firstP50 = filled[0]?.p50 ?? null;
  const lastP50 = filled.length > 1 ? filled[filled.length - 1]?.p50 ?? null : null;
  const growth = firstP50 !== null && lastP50 !== null && firstP50 > 0 ? round(lastP50 / firstP50) : null;
  return { buckets, firstP50, lastP50, growth, backsUp: growth === null ? null : growth > factor };
}

/**
 * The backlog of the job whose drawn latency grows most (null when no job has two buckets).
 * @param {Array<{ t: number, jobId: string, drawnLatencyMs: number | null }>} previews
 * @param {{ start: number, durationMs: number, bucketMs: number, factor: number }} window
 * @returns {(Backlog & { jobId: string }) | null}
 */
export function worstJobBacklog(previews, window) {
  /** @type {Map<string, typeof previews>} */
  const byJob = new Map();
  for (const p of previews) {
    const own = byJob.get(p.jobId) ?? [];
    own.push(p);
    byJob.set(p.jobId, own);
  }
  /** @type {(Backlog & { jobId: string }) | null} */
  let worst = null;
  for (const [jobId, own] of byJob) {
    const job = backlog(own, window);
    if (job.growth !== null && (worst?.growth == null || job.growth > worst.growth)) worst = { jobId, ...job };
  }
  return worst;
}
