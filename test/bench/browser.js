// @ts-check
// Headless Chromium for the bench (puppeteer-core over the system browser): launch flags, a fresh page
// per client run, forced-GC heap readings of the page and of its workers, and main-thread tracing.
import puppeteer from 'puppeteer-core';
import { chromiumPath } from '../find-chromium.js';

const FLAGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Exact (not bucketed) performance.memory, and no throttling of a page nobody looks at.
  '--enable-precise-memory-info', '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Trace categories: main-thread tasks, what ran in them (timers, events, frames), and user timing marks. */
export const TRACE_CATEGORIES = ['-*', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];

/** @typedef {import('puppeteer-core').Browser} Browser @typedef {import('puppeteer-core').Page} Page */

/** @returns {Promise<Browser>} */
export async function launchBrowser() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chrome/Chromium found: run `node test/find-chromium.js` or set CHROME_PATH');
  return puppeteer.launch({
    executablePath,
    headless: true,
    // No CDP Network domain (puppeteer enables it in every page and worker by default): with it, Chromium
    // copies each WebSocket frame into a DevTools event and a worker received 256³ base64 JSON previews at
    // 1–3 MB/s instead of ≈ 150 MB/s. Users have no DevTools attached; nothing here reads network events.
    networkEnabled: false,
    args: FLAGS,
    defaultViewport: { width: 1000, height: 700 },
    protocolTimeout: 90_000,
  });
}

/**
 * @param {Browser} browser @param {string} url
 * @param {(line: string) => void} log
 */
export async function openBenchPage(browser, url, log) {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => log(`  page error: ${error instanceof Error ? error.message : error}`));
  page.on('console', (message) => {
    // The naive client's refused reconnects are expected in scenario f: not worth a line each.
    if (message.type() === 'error' && !message.text().startsWith('WebSocket connection to')) log(`  console error: ${message.text().slice(0, 300)}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => 'bench' in window);
  return page;
}

/**
 * Forces a full GC (CDP HeapProfiler.collectGarbage) in the page and in each of its workers, then reads
 * the page's `performance.memory.usedJSHeapSize` and each worker's used heap (Runtime.getHeapUsage).
 * @param {Page} page
 * @returns {Promise<{ pageHeapBytes: number | null, workerHeapBytes: number | null }>}
 */
export async function heapAfterGc(page) {
  const session = await page.createCDPSession();
  try {
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.collectGarbage');
  } finally {
    await session.detach().catch(() => {});
  }
  let workerHeapBytes = null;
  for (const worker of page.workers()) {
    try {
      const client = /** @type {{ client?: import('puppeteer-core').CDPSession }} */ (/** @type {unknown} */ (worker)).client;
      if (!client) continue;
      await client.send('HeapProfiler.collectGarbage');
      const usage = await client.send('Runtime.getHeapUsage');
      workerHeapBytes = (workerHeapBytes ?? 0) + usage.usedSize;
    } catch {
      // A worker that went away between listing and asking has no heap left to count.
    }
  }
  const pageHeapBytes = /** @type {number | null} */ (await page.evaluate(() => /** @type {any} */ (window).bench.heapUsed()));
  return { pageHeapBytes, workerHeapBytes };
}

/** @param {Page} page */
export function startTrace(page) {
  return page.tracing.start({ categories: TRACE_CATEGORIES });
}

/** @param {Page} page @returns {Promise<any[]>} the trace events */
export async function stopTrace(page) {
  const data = await page.tracing.stop();
  if (!data) return [];
  const parsed = JSON.parse(Buffer.from(data).toString('utf8'));
  return Array.isArray(parsed) ? parsed : parsed.traceEvents ?? [];
}
