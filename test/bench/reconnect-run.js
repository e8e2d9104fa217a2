// @ts-check
// Scenario (f): the mock goes down and comes back `downMs.length` times while the client watches one
// job. For each restart: from the moment the server accepts sockets again to the client's first `open`
// after it, and the connection attempts the mock saw (refused while down + accepted).
import { summarizeWindow } from './window-summary.js';
import { round, summarize } from './stats.js';

/**
 * @typedef {import('./client-run.js').BenchContext} BenchContext
 * @typedef {import('./scenarios.js').ReconnectScenario} ReconnectScenario
 */

const REOPEN_TIMEOUT_MS = 10_000;
const POLL_MS = 50;

/**
 * @param {BenchContext} ctx @param {import('puppeteer-core').Page} page @param {ReconnectScenario} scenario @param {string[]} jobIds
 */
export async function measureReconnects(ctx, page, scenario, jobIds) {
  const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const jobId = /** @type {string} */ (jobIds[0]);
  const before = ctx.mock.stats();
  await page.evaluate(() => /** @type {any} */ (window).bench.beginWindow('10 restarts, rendering on'));
  /** @type {Array<{ downMs: number, reopenMs: number | null, attempts: number }>} */
  const restarts = [];
  for (const downMs of scenario.downMs) {
    const startCounters = ctx.mock.stats();
    await ctx.mock.goDown();
    await sleep(downMs);
    await ctx.mock.goUp();
    const upAt = Date.now();
    let reopenMs = null;
    while (Date.now() - upAt < REOPEN_TIMEOUT_MS) {
      await sleep(POLL_MS);
      /** @type {Array<{ wall: number, jobId: string, state: string }>} */
      const states = await page.evaluate(() => /** @type {any} */ (window).bench.states());
      const open = states.find((s) => s.jobId === jobId && s.state === 'open' && s.wall >= upAt);
      if (open) {
        reopenMs = open.wall - upAt;
        break;
      }
    }
    const endCounters = ctx.mock.stats();
    const attempts = endCounters.refused - startCounters.refused + (endCounters.connections - startCounters.connections);
    restarts.push({ downMs, reopenMs, attempts });
    ctx.log(`    restart ${restarts.length}: down ${downMs} ms, open again ${reopenMs ?? 'never (timeout)'} ms after up, ${attempts} attempts`);
    await sleep(scenario.settleMs);
  }
  const probe = await page.evaluate(() => /** @type {any} */ (window).bench.endWindow());
  const after = ctx.mock.stats();
  const window = summarizeWindow({ probe, tasks: null, before, after, jobIds, rendering: true });
  const reopen = summarize(restarts.map((r) => r.reopenMs));
  return {
    windows: [window],
    reconnect: {
      restarts,
      reopenedAll: restarts.every((r) => r.reopenMs !== null),
      reopenMs: { n: reopen.n, p50: round(reopen.p50), p99: round(reopen.p99), max: round(reopen.max), mean: round(reopen.mean) },
      attemptsTotal: restarts.reduce((s, r) => s + r.attempts, 0),
      attemptsPerRestart: round(restarts.reduce((s, r) => s + r.attempts, 0) / restarts.length),
    },
  };
}
