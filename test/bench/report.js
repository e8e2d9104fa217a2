// @ts-check
// The bench's console report: one markdown table per scenario — the widget (both passes, so the noise
// shows), the widget in `no-worker` mode and the naive baseline, with ratios against both baselines —
// then the targets. Markdown, so the console and the README show the same text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ratio } from './stats.js';
import { fmt } from './targets.js';

/** @typedef {Record<string, any>} Run @typedef {string[]} Row */

/** Columns: the widget's passes, then the baselines. */
export const BASELINES = ['no-worker', 'naive'];

/** @param {any} s a summary @param {Array<'p50' | 'p95' | 'p99' | 'max'>} keys */
export const pcts = (s, keys = ['p50', 'p99']) => (s && s.n !== 0 ? keys.map((k) => fmt(s[k])).join(' / ') : '–');
/** @param {number | null | undefined} bytes */
const mib = (bytes) => (typeof bytes === 'number' ? (bytes / 2 ** 20).toFixed(1) : '–');
/** baseline ÷ widget, as "12×". @param {any} b @param {any} w */
export const times = (b, w) => {
  const r = ratio(b, w);
  return r === null ? '' : `${r >= 100 ? Math.round(r) : r.toFixed(1)}×`;
};

/** @param {Run | undefined} run @param {string} label */
export const win = (run, label) => run?.windows?.find((/** @type {any} */ w) => w.label === label);

/**
 * One metric's row: widget (pass 1 · pass 2), each baseline, and baseline ÷ widget (pass 1).
 * @param {string} metric @param {any} scenario an entry of results.scenarios
 * @param {(run: Run) => any} show the text of one run's figure
 * @param {((run: Run) => number | null | undefined) | null} [value] the number ratios divide (none: no ratio)
 * @returns {Row}
 */
function row(metric, scenario, show, value = null) {
  const ok = (/** @type {string} */ key) => (scenario[key] && !scenario[key].error ? scenario[key] : undefined);
  const safe = (/** @type {(run: Run) => any} */ f, /** @type {Run | undefined} */ run) => {
    if (!run) return undefined;
    try {
      return f(run);
    } catch {
      return undefined;
    }
  };
  const text = (/** @type {string} */ key) => {
    const v = safe(show, ok(key));
    return v === undefined || v === null ? '–' : typeof v === 'number' ? fmt(v) : String(v);
  };
  const widget = ok('widget-2') ? `${text('widget')} · ${text('widget-2')}` : text('widget');
  const ratios = BASELINES.map((key) => (value ? times(safe(value, ok(key)), safe(value, ok('widget'))) : ''));
  return [metric, widget, ...BASELINES.map(text), ...ratios];
}

/** @param {any} scenario an entry of results.scenarios @returns {Row[]} */
export function scenarioRows(scenario) {
  const r = (/** @type {string} */ metric, /** @type {(run: Run) => any} */ show, /** @type {((run: Run) => any) | null} */ value = null) => row(metric, scenario, show, value);
  if (scenario.kind === 'stream') {
    const on = (/** @type {Run} */ run) => win(run, 'rendering on');
    const off = (/** @type {Run} */ run) => win(run, 'rendering paused');
    const rows = [
      r('previews shown / sent', (x) => `${on(x).previewsShown} / ${on(x).previewsSent}`),
      r('main-thread busy ms/s, all tasks', (x) => on(x).busyMsPerSecond, (x) => on(x).busyMsPerSecond),
      r('main-thread busy ms/s, the client\'s own work', (x) => on(x).ownBusyMsPerSecond, (x) => on(x).ownBusyMsPerSecond),
      r('client\'s own work per frame ms p50 / p99', (x) => pcts(on(x).ownMsPerFrame), (x) => on(x).ownMsPerFrame.p99),
      r('long tasks / min (longest ms)', (x) => `${fmt(on(x).longTasksPerMinute)} (${fmt(on(x).largestTaskMs)})`, (x) => on(x).longTasksPerMinute),
      r('long tasks of the client\'s own work', (x) => on(x).ownLongTasks),
      r('the same by main-thread CPU: own work per frame ms p50 / p99; long tasks', (x) => `${pcts(on(x).ownCpuMsPerFrame)}; ${fmt(on(x).ownCpuLongTasks)}`, (x) => on(x).ownCpuMsPerFrame?.p99),
      r('frame gap ms p50 / p95 / p99 / max', (x) => pcts(on(x).frameGapMs, ['p50', 'p95', 'p99', 'max']), (x) => on(x).frameGapMs.p99),
      r('static redraw floor: frame gap ms p50 / p99 (same layers, no streaming)', (x) => pcts(x.redrawFloor)),
      r('drawn latency ms p50 / p99', (x) => pcts(on(x).drawnLatencyMs), (x) => on(x).drawnLatencyMs.p50),
      r('drawn latency p50 per 10 s (ms)', (x) => `${on(x).backlog.buckets.map((/** @type {any} */ b) => fmt(b.p50)).join(' → ')}${on(x).backlog.backsUp ? ' **backs up**' : ''}`),
      r('the job whose drawn latency grows most: p50 per 10 s (ms)', (x) => {
        const job = on(x).jobBacklog;
        return job ? `${job.buckets.map((/** @type {any} */ b) => fmt(b.p50)).join(' → ')}${job.backsUp ? ' **backs up**' : ''}` : '–';
      }),
      r('job-preview latencyMs p50 / p99', (x) => pcts(on(x).latencyMs)),
      r('job-preview → drawn ms p50 / p99 / max', (x) => pcts(on(x).appliedMs, ['p50', 'p99', 'max'])),
      r('decode ms p50; MB/s of message p50', (x) => `${fmt(on(x).decodeMs.p50)}; ${fmt(on(x).decodeWireMBps?.p50)}${on(x).messageBytesFrom === 'event' ? '' : ' (mean size)'}`),
      r('rendering paused: busy ms/s all / own; long tasks / min', (x) => `${fmt(off(x).busyMsPerSecond)} / ${fmt(off(x).ownBusyMsPerSecond)}; ${fmt(off(x).longTasksPerMinute)}`, (x) => off(x).ownBusyMsPerSecond),
      r('bench process CPU share (cores: mock + driver), rendering on', (x) => on(x).benchCpuShare),
      r('JS heap after GC MiB, page (start → end); worker', (x) => `${mib(x.heapStart?.pageHeapBytes)} → ${mib(x.heapEnd?.pageHeapBytes)}; ${x.heapEnd?.workerHeapBytes == null ? 'no worker' : mib(x.heapEnd.workerHeapBytes)}`),
    ];
    if (scenario.widget?.finalPreviewId) rows.splice(10, 0, r('final preview drawn latency ms', (x) => on(x).finalDrawnLatencyMs, (x) => on(x).finalDrawnLatencyMs));
    return [...rows, r('other processes\' CPU during the run, cores', (x) => x.otherProcessesCores)];
  }
  if (scenario.kind === 'flood') {
    const ctl = (/** @type {Run} */ run) => win(run, 'no flood, rendering on');
    const on = (/** @type {Run} */ run) => win(run, 'flood, rendering on');
    return [
      r('streaming job drawn latency ms p50 / p99, no flood', (x) => pcts(ctl(x).drawnLatencyMs), (x) => ctl(x).drawnLatencyMs.p50),
      r('streaming job drawn latency ms p50 / p99, flood', (x) => pcts(on(x).drawnLatencyMs), (x) => on(x).drawnLatencyMs.p50),
      r('added drawn latency p50 ms (flood − no flood)', (x) => on(x).drawnLatencyMs.p50 - ctl(x).drawnLatencyMs.p50),
      r('previews shown / sent, flood', (x) => `${on(x).previewsShown} / ${on(x).previewsSent}`),
      r('progress events handled, flood', (x) => on(x).progressEvents),
      r('long tasks / min, flood (longest ms)', (x) => `${fmt(on(x).longTasksPerMinute)} (${fmt(on(x).largestTaskMs)})`, (x) => on(x).longTasksPerMinute),
      r('frame gap ms p50 / p99 / max, flood', (x) => pcts(on(x).frameGapMs, ['p50', 'p99', 'max']), (x) => on(x).frameGapMs.p99),
      r('bench process CPU share (cores: mock + driver), flood', (x) => on(x).benchCpuShare),
      r('other processes\' CPU during the run, cores', (x) => x.otherProcessesCores),
    ];
  }
  if (scenario.kind === 'burst') {
    return [
      r('previews decoded (of 40)', (x) => x.burst.decoded, (x) => x.burst.decoded),
      r('last one drawn, ms after the burst ended', (x) => x.burst.lastDrawnAfterBurstMs, (x) => x.burst.lastDrawnAfterBurstMs),
      r('last one drawn, ms after the burst began', (x) => x.burst.burstStartToLastDrawnMs),
      r('last one\'s drawn latency ms', (x) => x.burst.lastDrawnLatencyMs),
      r('decode ms p50', (x) => x.burst.decodeMsP50),
      r('long tasks (longest ms)', (x) => `${x.burst.longTasks} (${fmt(x.burst.longestTaskMs)})`),
      r('connected before the burst', (x) => (x.burst.openedBeforeBurst ? 'yes' : '**no**')),
      r('other processes\' CPU during the run, cores', (x) => x.otherProcessesCores),
    ];
  }
  const w = (/** @type {Run} */ run) => run.windows[0];
  return [
    r('open again after server up ms p50 / max', (x) => `${fmt(x.reconnect.reopenMs.p50)} / ${fmt(x.reconnect.reopenMs.max)}`, (x) => x.reconnect.reopenMs.p50),
    r('restarts reopened', (x) => `${x.reconnect.restarts.filter((/** @type {any} */ e) => e.reopenMs !== null).length} / ${x.reconnect.restarts.length}`),
    r('connection attempts (mock: refused + accepted)', (x) => x.reconnect.attemptsTotal),
    r('previews shown / sent', (x) => `${w(x).previewsShown} / ${w(x).previewsSent}`),
    r('long tasks / min', (x) => w(x).longTasksPerMinute),
    r('other processes\' CPU during the run, cores', (x) => x.otherProcessesCores),
  ];
}

/** @param {string[]} header @param {Row[]} rows */
export function markdownTable(header, rows) {
  const line = (/** @type {string[]} */ cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The header of a scenario table. @param {any} scenario */
export function scenarioHeader(scenario) {
  return ['metric', scenario['widget-2'] ? 'widget (pass 1 · pass 2)' : 'widget', 'no-worker', 'naive', 'no-worker ÷ widget', 'naive ÷ widget'];
}

/** @param {any} results latest.json */
export function fullReport(results) {
  const parts = [];
  for (const scenario of Object.values(results.scenarios)) {
    const failed = Object.entries(scenario).filter(([, v]) => v && typeof v === 'object' && v.error).map(([k, v]) => `${k} failed: ${v.error}`);
    parts.push(`### (${scenario.id}) ${scenario.title}${failed.length ? `\n\n${failed.join('; ')}` : ''}\n\n${markdownTable(scenarioHeader(scenario), scenarioRows(scenario))}`);
  }
  parts.push(`### Targets\n\n${targetsTable(results.targets)}`);
  return parts.join('\n\n');
}

/** @param {import('./targets.js').TargetCheck[]} targets */
export function targetsTable(targets) {
  return markdownTable(['goal (issue)', 'met', 'figure', 'measured as'], targets.map((t) => [`${t.target} (#${t.issue})`, t.met === null ? 'not measured' : t.met ? 'yes' : '**no**', t.figure, t.basis]));
}

/** @param {string} path @param {string} text */
export function writeText(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
