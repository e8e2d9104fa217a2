// @ts-check
// `npm run bench`: builds the bundle if it is stale, starts the mock stream (which also serves the bench
// page), drives headless Chromium through every scenario — the widget twice, then the widget in its
// `no-worker` mode and the naive baseline — prints the tables and writes test/bench/results/latest.json
// and README-section.md.
// Options: --quick (one widget pass, 20 s windows: ≈ 6 min), --only=a,c (scenario ids),
// --clients=widget,no-worker,naive (which clients; with --quick too), --traces (keep each window's raw
// Chromium trace in results/traces/, for chrome://tracing or Perfetto), --wait-quiet (first wait, up
// to 3 min, until other processes leave the CPUs alone), --readme (write the generated part of the
// README's Performance section), --from-latest (run nothing: report, and with --readme write, the
// figures of results/latest.json again, its targets re-checked).
// Exits 1 only when a scenario could not run; the figures themselves never fail the bench.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startBenchServer } from './bench-server.js';
import { launchBrowser } from './browser.js';
import { ensureBuilt } from './build-check.js';
import { cpuSample, otherProcessesCores } from './cpu-share.js';
import { runClient } from './client-run.js';
import { machineInfo } from './machine.js';
import { fullReport, writeText } from './report.js';
import { readmeSection, spliceReadme } from './readme-section.js';
import { clearRings } from './rings.js';
import { runsOf, scenarios } from './scenarios.js';
import { checkTargets } from './targets.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const RESULTS = resolve(HERE, 'results');
const CLIENT_TIMEOUT_MS = 180_000;
const RUN_TIMEOUT_MS = 40 * 60_000;

const args = process.argv.slice(2);
const flag = (/** @type {string} */ name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = args.includes('--quick');
const only = flag('only')?.split(',');
const keepTraces = args.includes('--traces');
const waitQuiet = args.includes('--wait-quiet');
const writeReadme = args.includes('--readme');
const fromLatest = args.includes('--from-latest');
const clients = /** @type {import('./scenarios.js').ClientKind[]} */ (flag('clients')?.split(',') ?? (quick ? ['widget'] : ['widget', 'no-worker', 'naive']));
for (const client of clients) if (!['widget', 'no-worker', 'naive'].includes(client)) throw new Error(`unknown client ${client}`);

const log = (/** @type {string} */ line) => console.log(line);
const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(0)} s`;

/** @type {Array<() => Promise<unknown>>} */
const cleanups = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    log(`\n${signal}: closing the browser and the mock stream`);
    void cleanUp().then(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  log(`the bench ran past ${RUN_TIMEOUT_MS / 60_000} min: giving up`);
  void cleanUp().then(() => process.exit(1));
}, RUN_TIMEOUT_MS);
watchdog.unref();

/**
 * @template T
 * @param {Promise<T>} promise @param {number} ms @param {string} what
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, timeout]).finally(() => clearTimeout(timer)));
}

/** Reports (and, with --readme, writes) the figures of the last run again. */
function reportLatest() {
  const report = JSON.parse(readFileSync(resolve(RESULTS, 'latest.json'), 'utf8'));
  report.targets = checkTargets(report.scenarios);
  const section = readmeSection(report);
  log(fullReport(report));
  if (writeReadme) spliceReadme(resolve(ROOT, 'README.md'), section);
  return 0;
}

async function main() {
  if (fromLatest) return reportLatest();
  const build = ensureBuilt(ROOT, log);
  if (build.warning) log(`warning: ${build.warning}`);

  if (waitQuiet) await untilQuiet();

  const mock = await startBenchServer();
  cleanups.push(() => mock.close());
  let browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const browserVersion = await browser.version();
  const machine = machineInfo(ROOT);
  log(`bench: ${browserVersion}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, mock on ${mock.httpUrl}${quick ? ', quick' : ''}`);

  /** @param {string} name @param {unknown[]} events */
  const saveTrace = (name, events) => {
    const dir = resolve(RESULTS, 'traces');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, `${name}.json.gz`), gzipSync(JSON.stringify({ traceEvents: events })));
  };
  /** @type {Record<string, any>} */
  const results = {};
  let failures = 0;
  for (const scenario of scenarios()) {
    if (only && !only.includes(scenario.id)) continue;
    /** @type {Record<string, any>} */
    const entry = { id: scenario.id, title: scenario.title, kind: scenario.kind };
    for (const run of runsOf(scenario, { quick, clients })) {
      const key = runKey(run);
      log(`[${elapsed()}] (${scenario.id}) ${scenario.title} — ${key}`);
      const cpuStart = cpuSample();
      const runBegan = Date.now();
      /** @type {string[]} */
      const phases = [];
      let phaseBegan = runBegan;
      const mark = (/** @type {string} */ phase) => {
        phases.push(`${phase} ${((Date.now() - phaseBegan) / 1000).toFixed(1)}`);
        phaseBegan = Date.now();
      };
      try {
        const result = await withTimeout(runClient({ browser, mock, log, mark, saveTrace: keepTraces ? saveTrace : undefined }, scenario, run), CLIENT_TIMEOUT_MS, `(${scenario.id}) ${key}`);
        const otherCores = otherProcessesCores(cpuStart, cpuSample());
        // Figures from a machine that something else keeps busy are not this code's figures: say so.
        if (otherCores !== null && otherCores > 0.2) log(`  warning: other processes used ${otherCores} cores during this run`);
        entry[key] = { ...result, run, otherProcessesCores: otherCores };
        // What a run costs besides its measured windows (page, warm-up, heap readings, trace): the bench's overhead.
        mark('close');
        log(`  ${((Date.now() - runBegan) / 1000).toFixed(1)} s: ${phases.join(' · ')} s`);
      } catch (error) {
        failures += 1;
        const message = error instanceof Error ? error.message : String(error);
        log(`  failed: ${message}`);
        entry[key] = { error: message, run };
        // A run that timed out is still going: closing its page ends it (and its trace) before the next.
        for (const page of await browser.pages().catch(() => [])) await page.close().catch(() => {});
        // A crashed browser (a tab out of memory takes it down here) is started again for the next run.
        if (!browser.connected) {
          log('  the browser is gone: starting it again');
          browser = await launchBrowser();
        }
      }
      await mock.reset();
    }
    clearRings();
    results[scenario.id] = entry;
  }

  const report = {
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - began) / 1000),
    machine,
    browser: browserVersion,
    options: { quick, only: only ?? null, clients, build },
    otherProcessesCoresMax: Math.max(0, ...Object.values(results).flatMap((e) => Object.values(e).map((r) => (typeof r === 'object' && r?.otherProcessesCores) || 0))),
    scenarios: results,
    targets: checkTargets(results),
  };
  writeText(resolve(RESULTS, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  const section = readmeSection(report);
  writeText(resolve(RESULTS, 'README-section.md'), section);
  log(`\n${fullReport(report)}\n`);
  if (writeReadme) spliceReadme(resolve(ROOT, 'README.md'), section);
  log(`[${elapsed()}] wrote test/bench/results/latest.json and README-section.md${writeReadme ? ', and the README' : ''}`);
  return failures;
}

/** The key of a run in a scenario's results: `widget`, `widget-2` (its second pass), `no-worker`, `naive`. @param {import('./scenarios.js').RunSpec} run */
function runKey(run) {
  return run.pass === 1 ? run.client : `${run.client}-${run.pass}`;
}

/** Waits until other processes use under 0.2 cores over 5 s (at most 3 min). */
async function untilQuiet() {
  const deadline = Date.now() + 180_000;
  let told = false;
  for (;;) {
    const start = cpuSample();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const others = otherProcessesCores(start, cpuSample());
    if (others === null || others < 0.2) return;
    if (Date.now() > deadline) {
      log(`other processes still use ${others} cores after 3 min: measuring anyway`);
      return;
    }
    if (!told) log(`waiting for a quiet machine: other processes use ${others} cores`);
    told = true;
  }
}

let exitCode = 0;
try {
  exitCode = (await main()) > 0 ? 1 : 0;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}
process.exit(exitCode);
