// @ts-check
// Scenario (i): a burst of previews much faster than anyone can decode them (40 × 128³ in 0.5 s), on a
// client that is connected and idle. Measured: how many the client decoded, and when the last one was
// drawn — after the burst's end, and after its own send time.
import { createJob, sleep } from './client-run.js';
import { ringFor } from './rings.js';
import { round, summarize } from './stats.js';

/**
 * @typedef {import('./client-run.js').BenchContext} BenchContext
 * @typedef {import('./scenarios.js').BurstScenario} BurstScenario
 * @typedef {import('./scenarios.js').RunSpec} RunSpec
 */

/** Time for the page to load, mount and connect before the burst starts. */
const BURST_QUEUE_MS = 10_000;
const DRAWN_TIMEOUT_MS = 60_000;

/**
 * @param {BenchContext} ctx @param {import('puppeteer-core').Page} page @param {BurstScenario} scenario
 * @param {RunSpec} run @param {string[]} jobIds filled with the job's id (the caller cancels it)
 */
export async function measureBurst(ctx, page, scenario, run, jobIds) {
  const hz = (scenario.count * 1000) / scenario.spanMs;
  // After the burst the job's sockets go silent (a `stall` at the next tick): no terminal message right
  // behind the last preview, so what is measured is the burst alone.
  const options = { queueMs: BURST_QUEUE_MS, previews: scenario.count + 1, fault: 'stall', faultAt: scenario.count + 1, hz, seed: 1000, ...scenario.job };
  const ring = await ringFor(options, undefined, ctx.log);
  const jobId = await createJob(ctx.mock, { job_id: `bench-${scenario.id}-${run.client}-${Date.now().toString(36)}`, ...options });
  jobIds.push(jobId);
  ctx.mock.replay(jobId, ring);
  const snapshot = /** @type {{ created_at: string }} */ (await (await fetch(`${ctx.mock.httpUrl}/jobs/${jobId}`)).json());
  // The mock ticks on absolute times from its job's creation: preview k is due at start + k / hz.
  const startedAt = Date.parse(snapshot.created_at) + BURST_QUEUE_MS;
  const burstStart = startedAt + 1000 / hz;
  const burstEnd = startedAt + scenario.count * (1000 / hz);

  await page.evaluate((kind, server, jobs) => /** @type {any} */ (window).bench.mount(kind, { server, jobs }), run.client, ctx.mock.wsUrl, jobIds);
  await page.waitForFunction((id) => /** @type {any} */ (window).bench.states().some((/** @type {any} */ s) => s.jobId === id && s.state === 'open'), { timeout: 30_000, polling: 50 }, jobId);
  const openedBeforeBurst = Date.now() < burstStart;
  await page.evaluate(() => /** @type {any} */ (window).bench.beginWindow('burst, rendering on'));
  const deadline = burstEnd + DRAWN_TIMEOUT_MS;
  /** @type {{ previewId: number | string | undefined, drawnAt: number | null, sentAt: number | null } | null} */
  let last = null;
  while (Date.now() < deadline) {
    last = await page.evaluate((id) => /** @type {any} */ (window).bench.lastPreview(id), jobId);
    if (last && last.previewId === scenario.count && last.drawnAt !== null) break;
    await sleep(100);
  }
  await sleep(500);
  const probe = await page.evaluate(() => /** @type {any} */ (window).bench.endWindow());
  const lastDrawn = last && last.previewId === scenario.count ? last.drawnAt : null;
  /** @type {Array<{ decodeMs: number | null }>} */
  const previews = probe.previews;
  const decode = summarize(previews.map((p) => p.decodeMs));
  return {
    jobs: jobIds,
    burst: {
      count: scenario.count,
      spanMs: scenario.spanMs,
      openedBeforeBurst,
      decoded: previews.length,
      lastShownId: last?.previewId ?? null,
      lastDrawn: lastDrawn !== null,
      lastDrawnAfterBurstMs: lastDrawn === null ? null : round(lastDrawn - burstEnd),
      burstStartToLastDrawnMs: lastDrawn === null ? null : round(lastDrawn - burstStart),
      lastDrawnLatencyMs: lastDrawn === null || last?.sentAt == null ? null : round(lastDrawn - last.sentAt),
      decodeMsP50: round(decode.p50),
      longTasks: probe.longTasks.length,
      longestTaskMs: round(Math.max(0, ...probe.longTasks.map((/** @type {{ duration: number }} */ t) => t.duration))),
    },
    windows: [],
  };
}
