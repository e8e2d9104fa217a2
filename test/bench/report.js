// @ts-check
// The bench's output: one markdown table per scenario (widget vs naive baseline, and their ratio), the
// targets, the README snippet, and the JSON file. Tables are markdown so the console and the README
// show the same text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ratio } from './stats.js';
import { fmt } from './targets.js';

/** @typedef {Record<string, any>} Run @typedef {string[]} Row */

/** @param {any} s a summary { p50, p99 } */
const pp = (s) => (s && s.n !== 0 ? `${fmt(s.p50)} / ${fmt(s.p99)}` : '–');
/** @param {number | null | undefined} bytes */
const mb = (bytes) => (typeof bytes === 'number' ? (bytes / 2 ** 20).toFixed(1) : '–');
/** naive ÷ widget, as "12×"; blank when either is missing. @param {any} n @param {any} w */
const times = (n, w) => {
  const r = ratio(n, w);
  return r === null ? '' : `${r >= 100 ? Math.round(r) : r.toFixed(1)}×`;
};

/**
 * @param {string} metric
 * @param {(run: Run) => any} pick the value of one client's run (a window figure or a summary)
 * @param {Run | undefined} widget @param {Run | undefined} naive
 * @param {{ summary?: boolean, ratioOf?: (v: any) => any }} [how]
 * @returns {Row}
 */
function row(metric, pick, widget, naive, { summary = false, ratioOf } = {}) {
  const value = (/** @type {Run | undefined} */ run) => {
    if (!run) return undefined;
    try {
      return pick(run);
    } catch {
      return undefined;
    }
  };
  const w = value(widget);
  const n = value(naive);
  const show = (/** @type {any} */ v) => (summary ? pp(v) : typeof v === 'number' ? fmt(v) : v ?? '–');
  const of = ratioOf ?? ((/** @type {any} */ v) => (summary ? v?.p50 : v));
  return [metric, show(w), show(n), times(of(n), of(w))];
}

/** @param {Run} run @param {string} label */
const win = (run, label) => run.windows?.find((/** @type {any} */ w) => w.label === label);

/** @param {any} scenario an entry of results.scenarios @returns {Row[]} */
export function scenarioRows(scenario) {
  const { widget, naive } = scenario;
  const okW = widget?.error ? undefined : widget;
  const okN = naive?.error ? undefined : naive;
  const rows = [];
  const heap = (/** @type {Run} */ r) => `${mb(r.heapStart?.pageHeapBytes)} → ${mb(r.heapEnd?.pageHeapBytes)}`;
  const workerHeap = (/** @type {Run} */ r) => (r.heapEnd?.workerHeapBytes == null ? 'no worker' : `${mb(r.heapStart?.workerHeapBytes)} → ${mb(r.heapEnd?.workerHeapBytes)}`);
  if (scenario.kind === 'stream') {
    const on = (/** @type {Run} */ r) => win(r, 'rendering on');
    const off = (/** @type {Run} */ r) => win(r, 'rendering paused');
    rows.push(
      row('previews shown / sent (on)', (r) => `${on(r).previewsShown} / ${on(r).previewsSent}`, okW, okN),
      row('main-thread ms per preview, reported by the client p50 / p99 (paused)', (r) => off(r).reportedMainThreadMs, okW, okN, { summary: true }),
      row('main-thread task per preview ms p50 / p99 (paused, trace)', (r) => off(r).previewTaskMs, okW, okN, { summary: true }),
      row('main-thread task per preview ms p50 / p99 (on, trace)', (r) => on(r).previewTaskMs, okW, okN, { summary: true }),
      row('client main-thread busy ms per preview (paused)', (r) => off(r).clientBusyMsPerPreview, okW, okN),
      row('main-thread busy ms per preview incl. rendering (on)', (r) => on(r).mainThreadBusyMsPerPreview, okW, okN),
      row('client main-thread busy % (paused)', (r) => off(r).clientBusyPct, okW, okN),
      row('largest task ms (on / paused)', (r) => `${fmt(on(r).largestTaskMs)} / ${fmt(off(r).largestTaskMs)}`, okW, okN, { ratioOf: (v) => (typeof v === 'string' ? Number(v.split(' / ')[1]) : undefined) }),
      row('long tasks per minute (on)', (r) => on(r).longTasksPerMinute, okW, okN),
      row('long tasks per minute (paused)', (r) => off(r).longTasksPerMinute, okW, okN),
      row('event-loop lag ms p99 (on)', (r) => on(r).lagMs.p99, okW, okN),
      row('event-loop lag ms p99 (paused)', (r) => off(r).lagMs.p99, okW, okN),
      row('frame (render) task ms p50 / p99 (on)', (r) => on(r).frameMs, okW, okN, { summary: true }),
      row('render busy % (on)', (r) => on(r).frameBusyPct, okW, okN),
      row('latency send → layer ms p50 / p99 (on)', (r) => on(r).latencyMs, okW, okN, { summary: true }),
      row('latency send → layer ms p50 / p99 (paused)', (r) => off(r).latencyMs, okW, okN, { summary: true }),
      row('latency send → drawn ms p50 / p99 (on)', (r) => on(r).drawnLatencyMs, okW, okN, { summary: true }),
      row('  of which the mock generating + encoding the preview, ms', (r) => on(r).mockEncodeMsPerPreview, okW, okN, { ratioOf: () => undefined }),
      row('decode ms p50 / p99 (paused)', (r) => off(r).decodeMs, okW, okN, { summary: true }),
      row('decode MB/s of message p50 (paused)', (r) => off(r).decodeWireMBps?.p50, okW, okN, { ratioOf: (v) => (typeof v === 'number' ? 1 / v : undefined) }),
      row('decode MB/s of voxels (raw uint8) p50 (paused)', (r) => off(r).decodeVoxelMBps?.p50, okW, okN, { ratioOf: (v) => (typeof v === 'number' ? 1 / v : undefined) }),
      row('JS heap after GC, page MiB (start → end)', heap, okW, okN, { ratioOf: () => undefined }),
      row('JS heap after GC, worker MiB (start → end)', workerHeap, okW, okN, { ratioOf: () => undefined }),
    );
  } else if (scenario.kind === 'flood') {
    const ctl = (/** @type {Run} */ r) => win(r, 'no flood, rendering on');
    const on = (/** @type {Run} */ r) => win(r, 'flood, rendering on');
    const off = (/** @type {Run} */ r) => win(r, 'flood, rendering paused');
    rows.push(
      row('streaming job latency ms p50 / p99, no flood', (r) => ctl(r).latencyMs, okW, okN, { summary: true }),
      row('streaming job latency ms p50 / p99, flood (on)', (r) => on(r).latencyMs, okW, okN, { summary: true }),
      row('streaming job latency ms p50 / p99, flood (paused)', (r) => off(r).latencyMs, okW, okN, { summary: true }),
      row('added latency p50 ms, flood (on) − no flood', (r) => on(r).latencyMs.p50 - ctl(r).latencyMs.p50, okW, okN),
      row('previews shown / sent, flood (on)', (r) => `${on(r).previewsShown} / ${on(r).previewsSent}`, okW, okN),
      row('progress events handled, flood (on)', (r) => on(r).progressEvents, okW, okN),
      row('long tasks per minute, flood (on / paused)', (r) => `${fmt(on(r).longTasksPerMinute)} / ${fmt(off(r).longTasksPerMinute)}`, okW, okN, { ratioOf: () => undefined }),
      row('event-loop lag ms p99, flood (on / paused)', (r) => `${fmt(on(r).lagMs.p99)} / ${fmt(off(r).lagMs.p99)}`, okW, okN, { ratioOf: () => undefined }),
      row('JS heap after GC, page MiB (before → after flood)', heap, okW, okN, { ratioOf: () => undefined }),
      row('JS heap after GC, worker MiB (before → after flood)', workerHeap, okW, okN, { ratioOf: () => undefined }),
    );
  } else {
    const w = (/** @type {Run} */ r) => r.windows[0];
    rows.push(
      row('open again after server up ms p50 / max', (r) => `${fmt(r.reconnect.reopenMs.p50)} / ${fmt(r.reconnect.reopenMs.max)}`, okW, okN, { ratioOf: () => undefined }),
      row('restarts reopened', (r) => `${r.reconnect.restarts.filter((/** @type {any} */ x) => x.reopenMs !== null).length} / ${r.reconnect.restarts.length}`, okW, okN),
      row('connection attempts (mock: refused + accepted)', (r) => r.reconnect.attemptsTotal, okW, okN),
      row('previews shown / sent', (r) => `${w(r).previewsShown} / ${w(r).previewsSent}`, okW, okN),
      row('long tasks per minute', (r) => w(r).longTasksPerMinute, okW, okN),
      row('event-loop lag ms p99', (r) => w(r).lagMs.p99, okW, okN),
      row('JS heap after GC, page MiB (start → end)', heap, okW, okN, { ratioOf: () => undefined }),
    );
  }
  rows.push(row('CPU used by other processes during the run, cores', (r) => r.otherProcessesCores, okW, okN, { ratioOf: () => undefined }));
  return rows;
}

/** @param {string[]} header @param {Row[]} rows */
export function markdownTable(header, rows) {
  const line = (/** @type {string[]} */ cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** @param {any} results latest.json */
export function fullReport(results) {
  const parts = [];
  for (const scenario of Object.values(results.scenarios)) {
    const failed = ['widget', 'naive'].filter((c) => scenario[c]?.error).map((c) => `${c} failed: ${scenario[c].error}`);
    parts.push(`### (${scenario.id}) ${scenario.title}${failed.length ? `\n\n${failed.join('; ')}` : ''}\n\n${markdownTable(['metric', 'widget', 'naive', 'naive ÷ widget'], scenarioRows(scenario))}`);
  }
  parts.push(`### Targets\n\n${targetsTable(results.targets)}`);
  return parts.join('\n\n');
}

/** @param {import('./targets.js').TargetCheck[]} targets */
export function targetsTable(targets) {
  return markdownTable(['target', 'met', 'figure', 'measured as'], targets.map((t) => [t.target, t.met === null ? 'not measured' : t.met ? 'yes' : '**no**', t.figure, t.basis]));
}

/** The snippet for the README's Performance section. @param {any} results */
export function readmeSnippet(results) {
  const { machine, browser } = results;
  const pick = (/** @type {any} */ scenario, /** @type {'widget' | 'naive'} */ client, /** @type {string} */ label) =>
    scenario[client]?.windows?.find((/** @type {any} */ w) => w.label === label);
  const rows = [];
  for (const id of ['a', 'b', 'c', 'd']) {
    const s = results.scenarios[id];
    if (!s) continue;
    const wOff = pick(s, 'widget', 'rendering paused');
    const nOff = pick(s, 'naive', 'rendering paused');
    const wOn = pick(s, 'widget', 'rendering on');
    const nOn = pick(s, 'naive', 'rendering on');
    rows.push([
      `(${id}) ${s.title}`,
      `${pp(wOff?.previewTaskMs)} · ${pp(nOff?.previewTaskMs)}`,
      `${fmt(wOff?.longTasksPerMinute)} · ${fmt(nOff?.longTasksPerMinute)}`,
      `${fmt(wOn?.lagMs?.p99)} · ${fmt(nOn?.lagMs?.p99)}`,
      `${pp(wOn?.latencyMs)} · ${pp(nOn?.latencyMs)}`,
      `${fmt(wOff?.decodeWireMBps?.p50)} / ${fmt(wOff?.decodeVoxelMBps?.p50)}`,
    ]);
  }
  const table = markdownTable(
    ['scenario', 'main-thread ms per preview p50 / p99 (widget · naive)', 'long tasks / min, rendering paused (widget · naive)', 'event-loop lag p99 ms, rendering on (widget · naive)', 'latency p50 / p99 ms, rendering on (widget · naive)', 'widget worker decode MB/s p50, of message / of voxels'],
    rows,
  );
  return [
    `Measured with \`npm run bench\` on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${browser} headless with software WebGL (SwiftShader), commit \`${String(machine.commit).slice(0, 10)}\`, ${results.date.slice(0, 10)}; other processes used at most ${results.otherProcessesCoresMax} cores during a run. The naive baseline is \`test/bench/naive-client.js\` (WebSocket, JSON.parse, atob and per-voxel loops on the main thread, 2D slice on a canvas).`,
    '',
    table,
    '',
    targetsTable(results.targets),
    '',
  ].join('\n');
}

/** @param {string} path @param {string} text */
export function writeText(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
