// @ts-check
// Runs one scenario for one client (the widget or the naive baseline) in a fresh page: creates the
// mock jobs, mounts the client, waits until it streams, measures the scenario's windows, reads the heap
// after a forced GC, and always closes the page and cancels the jobs.
import { randomBytes } from 'node:crypto';
import { heapAfterGc, openBenchPage, startTrace, stopTrace } from './browser.js';
import { measureReconnects } from './reconnect-run.js';
import { windowTasks } from './trace-tasks.js';
import { summarizeWindow } from './window-summary.js';

/**
 * @typedef {import('puppeteer-core').Browser} Browser
 * @typedef {import('puppeteer-core').Page} Page
 * @typedef {import('../../demo/mock-stream/server.js').MockStream} MockStream
 * @typedef {import('./scenarios.js').Scenario} Scenario
 * @typedef {import('./scenarios.js').WindowSpec} WindowSpec
 * @typedef {'widget' | 'naive'} ClientKind
 * @typedef {{ browser: Browser, mock: MockStream, log: (line: string) => void,
 *   saveTrace?: (name: string, events: unknown[]) => void }} BenchContext  saveTrace: keeps raw traces (run.js --traces)
 */

/** Time for the page to load, mount and see its first preview; jobs wait this long before starting. */
const QUEUE_MS = 1500;
const SETTLE_MS = 700;
/** Extra previews beyond the run's length, so that a job never completes while measured. */
const SPARE_SECONDS = 40;

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {BenchContext} ctx @param {Scenario} scenario @param {ClientKind} client
 */
export async function runClient(ctx, scenario, client) {
  const name = (/** @type {string} */ label) => `${scenario.id}-${client}-${label.replace(/[^a-z0-9]+/gi, '-')}`;
  const page = await openBenchPage(ctx.browser, `${ctx.mock.httpUrl}/bench/page.html`, ctx.log);
  /** @type {string[]} */
  const jobIds = [];
  try {
    const runSeconds = expectedSeconds(scenario);
    const createdAt = Date.now();
    for (const [index, spec] of scenario.jobs.entries()) {
      const extra = scenario.kind === 'flood' && index === scenario.floodJob ? floodOptions(scenario) : {};
      jobIds.push(await createJob(ctx.mock, {
        job_id: `bench-${scenario.id}-${client}-${index}-${randomBytes(3).toString('hex')}`,
        queueMs: QUEUE_MS,
        previews: Math.ceil(Number(spec.hz) * (runSeconds + SPARE_SECONDS)),
        seed: 1000 + index,
        ...spec,
        ...extra,
      }));
    }
    await page.evaluate((kind, server, jobs) => /** @type {any} */ (window).bench.mount(kind, { server, jobs }), client, ctx.mock.wsUrl, jobIds);
    await page.waitForFunction(
      (jobs) => jobs.every((id) => (/** @type {any} */ (window).bench.previewCounts()[id] ?? 0) >= 1),
      { timeout: 30_000, polling: 100 },
      jobIds,
    );
    await sleep(scenario.warmMs);
    await gcPause(page);
    const heapStart = await heapAfterGc(page);

    if (scenario.kind === 'reconnect') {
      const result = await measureReconnects(ctx, page, scenario, jobIds);
      return { jobs: jobIds, heapStart, heapEnd: await heapAfterGc(page), ...result };
    }
    if (scenario.kind === 'flood') {
      const floodAt = createdAt + QUEUE_MS + (floodTick(scenario) * 1000) / Number(scenario.jobs[scenario.floodJob]?.hz ?? 1);
      const watchJobId = jobIds[scenario.watchedJob];
      // Not traced: tracing costs every task a little, and at 10 000 messages a second (in the widget's
      // worker, on the naive client's main thread) that alone changes the result.
      const traceFlood = false;
      const control = await measureWindow(ctx, name, page, { ...scenario.control, ms: Math.min(scenario.control.ms, floodAt - Date.now() - 2 * SETTLE_MS) }, jobIds, traceFlood, watchJobId);
      await gcPause(page);
      const heapBeforeFlood = await heapAfterGc(page);
      await sleep(Math.max(0, floodAt + 300 - Date.now()));
      const flood = [];
      for (const spec of scenario.flood) flood.push(await measureWindow(ctx, name, page, spec, jobIds, traceFlood, watchJobId));
      const floodEnd = floodAt + floodSeconds(scenario) * 1000;
      await sleep(Math.max(0, floodEnd + 500 - Date.now()));
      await gcPause(page);
      return { jobs: jobIds, heapStart: heapBeforeFlood, heapEnd: await heapAfterGc(page), windows: [control, ...flood] };
    }
    const windows = [];
    for (const spec of scenario.windows) windows.push(await measureWindow(ctx, name, page, spec, jobIds, scenario.trace));
    await gcPause(page);
    return { jobs: jobIds, heapStart, heapEnd: await heapAfterGc(page), windows };
  } finally {
    await page.close().catch(() => {});
    await Promise.all(jobIds.map((id) => fetch(`${ctx.mock.httpUrl}/jobs/${id}`, { method: 'DELETE' }).catch(() => {})));
  }
}

/**
 * @param {BenchContext} ctx @param {(label: string) => string} name @param {Page} page @param {WindowSpec} spec
 * @param {string[]} jobIds @param {boolean} trace @param {string} [watchJobId]
 */
async function measureWindow(ctx, name, page, spec, jobIds, trace, watchJobId) {
  await page.evaluate((on) => /** @type {any} */ (window).bench.setRendering(on), spec.rendering);
  await sleep(SETTLE_MS);
  if (trace) await startTrace(page);
  let traced = false;
  try {
    const before = ctx.mock.stats();
    await page.evaluate((label) => /** @type {any} */ (window).bench.beginWindow(label), spec.label);
    await sleep(Math.max(1000, spec.ms));
    const probe = await page.evaluate(() => /** @type {any} */ (window).bench.endWindow());
    const after = ctx.mock.stats();
    const events = trace ? await stopTrace(page) : null;
    traced = true;
    if (events && ctx.saveTrace) ctx.saveTrace(name(spec.label), events);
    return summarizeWindow({ probe, tasks: events ? windowTasks(events) : null, before, after, jobIds, rendering: spec.rendering, watchJobId });
  } finally {
    if (trace && !traced) await stopTrace(page).catch(() => {});
  }
}

/** Lets queued work drain before a heap reading, so a reading is not taken mid-preview. @param {Page} page */
async function gcPause(page) {
  await sleep(300);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** @param {MockStream} mock @param {Record<string, unknown>} options */
async function createJob(mock, options) {
  const response = await fetch(`${mock.httpUrl}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
  const body = /** @type {{ job_id?: string, error?: string }} */ (await response.json());
  if (!response.ok || !body.job_id) throw new Error(`POST /jobs failed (${response.status}): ${body.error ?? 'no job id'}`);
  return body.job_id;
}

/** Seconds from job creation to the end of the last window (generously). @param {Scenario} scenario */
function expectedSeconds(scenario) {
  const startup = (QUEUE_MS + 4000 + scenario.warmMs) / 1000;
  if (scenario.kind === 'stream') return startup + scenario.windows.reduce((s, w) => s + w.ms + SETTLE_MS + 1500, 0) / 1000;
  if (scenario.kind === 'flood') return floodTick(scenario) + floodSeconds(scenario) + 5;
  return startup + scenario.downMs.reduce((s, d) => s + d + scenario.settleMs + 3000, 0) / 1000;
}

/** The flood job's preview index at which its flood starts: after startup, warm-up and the control window. @param {import('./scenarios.js').FloodScenario} scenario */
function floodTick(scenario) {
  const hz = Number(scenario.jobs[scenario.floodJob]?.hz ?? 1);
  return Math.ceil(((4000 + scenario.warmMs + scenario.control.ms + 3 * SETTLE_MS + 1000) / 1000) * hz);
}

/** @param {import('./scenarios.js').FloodScenario} scenario */
function floodSeconds(scenario) {
  return Math.ceil(scenario.flood.reduce((s, w) => s + w.ms + SETTLE_MS + 800, 0) / 1000);
}

/** @param {import('./scenarios.js').FloodScenario} scenario */
function floodOptions(scenario) {
  return { fault: 'flood', faultAt: floodTick(scenario), floodRate: scenario.floodRate, floodSeconds: floodSeconds(scenario) };
}
