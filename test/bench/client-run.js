// @ts-check
// Runs one scenario for one client (the widget, the widget in `no-worker` mode, or the naive baseline)
// in a fresh page: creates the mock jobs (each replaying frames encoded before the run: a quiet server),
// mounts the client, waits until it streams, measures the run's windows, reads the heap after a forced
// GC, and always closes the page and cancels the jobs.
import { randomBytes } from 'node:crypto';
import { heapAfterGc, openBenchPage, startTrace, stopTrace } from './browser.js';
import { measureBurst } from './burst-run.js';
import { ringFor } from './rings.js';
import { measureReconnects } from './reconnect-run.js';
import { finalPreviewIndex } from './scenarios.js';
import { summarize } from './stats.js';
import { windowTasks } from './trace-tasks.js';
import { summarizeWindow } from './window-summary.js';

/**
 * @typedef {import('puppeteer-core').Browser} Browser
 * @typedef {import('puppeteer-core').Page} Page
 * @typedef {import('../../demo/mock-stream/server.js').MockStream} MockStream
 * @typedef {import('./scenarios.js').Scenario} Scenario
 * @typedef {import('./scenarios.js').RunSpec} RunSpec
 * @typedef {import('./scenarios.js').WindowSpec} WindowSpec
 * @typedef {import('./scenarios.js').JobSpec} JobSpec
 * @typedef {{ browser: Browser, mock: MockStream, log: (line: string) => void,
 *   saveTrace?: (name: string, events: unknown[]) => void, mark?: (phase: string) => void }} BenchContext  saveTrace: keeps raw
 *   traces (run.js --traces); mark: a phase of the run ended (run.js logs where a run's time goes)
 * @typedef {{ windowLabel?: string, finalPreviewId?: number, watchJobId?: string, trace?: boolean }} WindowOptions
 */

/** Time for the page to load, mount and connect; jobs wait this long before their first preview. */
export const QUEUE_MS = 1500;
const SETTLE_MS = 700;
/** Extra previews beyond the run's length, so that a job never completes while measured. */
const SPARE_SECONDS = 40;

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {BenchContext} ctx @param {Scenario} scenario @param {RunSpec} run
 */
export async function runClient(ctx, scenario, run) {
  const name = (/** @type {string} */ label) => `${scenario.id}-${run.client}-${run.pass}-${label.replace(/[^a-z0-9]+/gi, '-')}`;
  /** @type {Page | null} */
  let page = null;
  const openPage = async () => (page = await openBenchPage(ctx.browser, `${ctx.mock.httpUrl}/bench/page.html`, ctx.log));
  /** @type {string[]} */
  const jobIds = [];
  try {
    if (scenario.kind === 'burst') return await measureBurst(ctx, await openPage(), scenario, run, jobIds);
    const runSeconds = expectedSeconds(scenario, run);
    const finalId = scenario.kind === 'stream' && scenario.last ? finalPreviewIndex(scenario, run.onMs, QUEUE_MS) : undefined;
    /** @type {Array<{ id: string, options: JobSpec }>} */
    const planned = scenario.jobs.map((spec, index) => {
      const extra = scenario.kind === 'flood' && index === scenario.floodJob ? floodOptions(scenario, run) : {};
      const previews = finalId ?? Math.ceil(Number(spec.hz) * (runSeconds + SPARE_SECONDS));
      return {
        id: `bench-${scenario.id}-${run.client}-${index}-${randomBytes(3).toString('hex')}`,
        options: { queueMs: QUEUE_MS, previews, seed: 1000 + index, ...spec, ...extra },
      };
    });
    // Every frame is encoded (in worker threads) before the first job starts (rings are cached across the run's clients).
    const rings = await Promise.all(planned.map(({ options }) => ringFor(options, scenario.kind === 'stream' ? scenario.last : undefined, ctx.log)));
    ctx.mark?.('rings');
    const page = await openPage();
    ctx.mark?.('page');
    const createdAt = Date.now();
    for (const [index, { id, options }] of planned.entries()) {
      jobIds.push(await createJob(ctx.mock, { job_id: id, ...options }));
      const ring = rings[index];
      if (ring && !ctx.mock.replay(id, ring)) throw new Error(`the mock has no job ${id} to replay frames`);
    }
    const properties = scenario.kind === 'stream' ? scenario.widget : undefined;
    await page.evaluate(([kind, server, jobs, properties]) => /** @type {any} */ (window).bench.mount(kind, { server, jobs, properties }), /** @type {const} */ ([run.client, ctx.mock.wsUrl, jobIds, properties]));
    await page.waitForFunction(
      (jobs) => jobs.every((id) => (/** @type {any} */ (window).bench.previewCounts()[id] ?? 0) >= 1),
      { timeout: 60_000, polling: 100 },
      jobIds,
    );
    ctx.mark?.('first preview');
    await sleep(scenario.warmMs);
    await gcPause(page);
    const heapStart = await heapAfterGc(page);
    ctx.mark?.('warm-up, heap');

    if (scenario.kind === 'reconnect') {
      const result = await measureReconnects(ctx, page, scenario, jobIds);
      return { jobs: jobIds, heapStart, heapEnd: await heapAfterGc(page), ...result };
    }
    if (scenario.kind === 'flood') {
      const half = Math.min(10_000, run.onMs / 2);
      const floodAt = createdAt + QUEUE_MS + (floodTick(scenario, run) * 1000) / Number(scenario.jobs[scenario.floodJob]?.hz ?? 1);
      const watchJobId = jobIds[scenario.watchedJob];
      // Not traced: tracing costs every task a little, and at 10 000 messages a second (in the widget's
      // worker, on the naive client's main thread) that alone changes the result.
      const control = await measureWindow(ctx, name, page, { label: 'no flood, rendering on', rendering: true, ms: Math.min(half, floodAt - Date.now() - 2 * SETTLE_MS) }, jobIds, { watchJobId });
      await gcPause(page);
      const heapBeforeFlood = await heapAfterGc(page);
      await sleep(Math.max(0, floodAt + 300 - Date.now()));
      const flood = [await measureWindow(ctx, name, page, { label: 'flood, rendering on', rendering: true, ms: half }, jobIds, { watchJobId })];
      if (run.pausedMs > 0) flood.push(await measureWindow(ctx, name, page, { label: 'flood, rendering paused', rendering: false, ms: run.pausedMs }, jobIds, { watchJobId }));
      const floodEnd = floodAt + floodSeconds(run) * 1000;
      await sleep(Math.max(0, floodEnd + 500 - Date.now()));
      await gcPause(page);
      return { jobs: jobIds, heapStart: heapBeforeFlood, heapEnd: await heapAfterGc(page), windows: [control, ...flood] };
    }
    const windows = [await measureWindow(ctx, name, page, { label: 'rendering on', rendering: true, ms: run.onMs }, jobIds, { trace: true, finalPreviewId: finalId })];
    if (run.pausedMs > 0) windows.push(await measureWindow(ctx, name, page, { label: 'rendering paused', rendering: false, ms: run.pausedMs }, jobIds, { trace: true }));
    await gcPause(page);
    const heapEnd = await heapAfterGc(page);
    ctx.mark?.('heap');
    const redrawFloor = run.client === 'widget' ? await measureRedrawFloor(ctx, page, jobIds) : null;
    return { jobs: jobIds, heapStart, heapEnd, windows, finalPreviewId: finalId ?? null, redrawFloor };
  } finally {
    await /** @type {Page | null} */ (page)?.close().catch(() => {});
    await Promise.all(jobIds.map((id) => fetch(`${ctx.mock.httpUrl}/jobs/${id}`, { method: 'DELETE' }).catch(() => {})));
  }
}

/**
 * Measures one window: the probe's records, the trace (when asked), the mock's counters and the bench
 * process's CPU time (the mock and this puppeteer driver share the process: an upper bound on the mock's).
 * @param {BenchContext} ctx @param {(label: string) => string} name @param {Page} page @param {WindowSpec} spec
 * @param {string[]} jobIds @param {WindowOptions} [options]
 */
export async function measureWindow(ctx, name, page, spec, jobIds, { trace = false, watchJobId, finalPreviewId } = {}) {
  await page.evaluate((on) => /** @type {any} */ (window).bench.setRendering(on), spec.rendering);
  await sleep(SETTLE_MS);
  if (trace) await startTrace(page);
  let traced = false;
  try {
    const before = ctx.mock.stats();
    await page.evaluate((label) => /** @type {any} */ (window).bench.beginWindow(label), spec.label);
    const cpuBefore = process.cpuUsage();
    await sleep(Math.max(1000, spec.ms));
    const cpu = process.cpuUsage(cpuBefore);
    // Previews of the last instants are drawn in the next frame or two: let them be.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const probe = await page.evaluate(() => /** @type {any} */ (window).bench.endWindow());
    const after = ctx.mock.stats();
    ctx.mark?.(spec.label);
    const events = trace ? await stopTrace(page) : null;
    if (trace) ctx.mark?.('trace');
    traced = true;
    if (events && ctx.saveTrace) ctx.saveTrace(name(spec.label), events);
    return summarizeWindow({
      probe, tasks: events ? windowTasks(events) : null, before, after, jobIds, rendering: spec.rendering, watchJobId,
      benchCpuMs: (cpu.user + cpu.system) / 1000, finalPreviewId,
    });
  } finally {
    if (trace && !traced) await stopTrace(page).catch(() => {});
  }
}

/** How long the static redraw floor is measured, ms. */
const FLOOR_MS = 3000;

/**
 * The frame gap's floor: the jobs are cancelled (the layers stay as they were), the queue drains, then
 * the same layers are redrawn every animation frame with no streaming at all. A frame gap goal while
 * streaming cannot be met below this. Frame gap ms summary, or null when the page cannot do it.
 * @param {BenchContext} ctx @param {Page} page @param {string[]} jobIds
 */
async function measureRedrawFloor(ctx, page, jobIds) {
  await Promise.all(jobIds.map((id) => fetch(`${ctx.mock.httpUrl}/jobs/${id}`, { method: 'DELETE' }).catch(() => {})));
  await sleep(1500);
  const gaps = /** @type {number[] | null} */ (await page.evaluate((ms) => /** @type {any} */ (window).bench.redrawFloor(ms), FLOOR_MS));
  ctx.mark?.('redraw floor');
  return gaps && gaps.length > 0 ? summarize(gaps) : null;
}

/** Lets queued work drain before a heap reading, so a reading is not taken mid-preview. @param {Page} page */
export async function gcPause(page) {
  await sleep(300);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** @param {MockStream} mock @param {Record<string, unknown>} options */
export async function createJob(mock, options) {
  const response = await fetch(`${mock.httpUrl}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
  const body = /** @type {{ job_id?: string, error?: string }} */ (await response.json());
  if (!response.ok || !body.job_id) throw new Error(`POST /jobs failed (${response.status}): ${body.error ?? 'no job id'}`);
  return body.job_id;
}

/** Seconds from job creation to the end of the last window (generously). @param {Scenario} scenario @param {RunSpec} run */
function expectedSeconds(scenario, run) {
  const warm = 'warmMs' in scenario ? scenario.warmMs : 0;
  const startup = (QUEUE_MS + 4000 + warm) / 1000;
  if (scenario.kind === 'flood') return floodTick(scenario, run) + floodSeconds(run) + 5;
  if (scenario.kind === 'reconnect') return startup + scenario.downMs.reduce((s, d) => s + d + scenario.settleMs + 3000, 0) / 1000;
  return startup + (run.onMs + run.pausedMs + 2 * (SETTLE_MS + 1500)) / 1000;
}

/**
 * The flood job's preview index at which its flood starts: after startup, warm-up and the control window.
 * @param {import('./scenarios.js').FloodScenario} scenario @param {RunSpec} run
 */
function floodTick(scenario, run) {
  const hz = Number(scenario.jobs[scenario.floodJob]?.hz ?? 1);
  return Math.ceil(((4000 + scenario.warmMs + Math.min(10_000, run.onMs / 2) + 3 * SETTLE_MS + 1000) / 1000) * hz);
}

/** @param {RunSpec} run */
function floodSeconds(run) {
  return Math.ceil((Math.min(10_000, run.onMs / 2) + run.pausedMs + 2 * (SETTLE_MS + 800)) / 1000);
}

/** @param {import('./scenarios.js').FloodScenario} scenario @param {RunSpec} run */
function floodOptions(scenario, run) {
  return { fault: 'flood', faultAt: floodTick(scenario, run), floodRate: scenario.floodRate, floodSeconds: floodSeconds(run) };
}
