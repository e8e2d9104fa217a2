// @ts-check
// The goals of this wave (issue 13 "Never block while visible" and issue 14 "Latency that never backs
// up"), each checked against one run's figures: met, not met, or not measured, with the figure it was
// judged on. A goal is met only when every widget pass meets it. The bench never fails on them. Pure.
import { round } from './stats.js';

/**
 * @typedef {{ id: string, issue: number, target: string, met: boolean | null, figure: string, basis: string }} TargetCheck
 * @typedef {Record<string, any>} Results the `scenarios` object of latest.json
 * @typedef {Record<string, any>} Window
 */

/** The streaming scenarios judged with rendering on. */
const STREAMS = ['a', 'b', 'c', 'd', 'g', 'h', 'j'];
/** The widget's passes in a scenario's results. */
const PASSES = ['widget', 'widget-2'];

/**
 * Drawn latency p50 before this wave, rendering on (issue 12's table, built bundle, element visible):
 * those were `job-preview` latencies, stamped before drawing, so drawn latency at or under them is
 * no worse. Scenarios without a figure there are judged from the next full run on.
 * @type {Record<string, number>}
 */
export const PREVIOUS_DRAWN_P50_MS = { a: 21, b: 172, c: 2868 };

/** @param {number | null | undefined} v */
export function fmt(v) {
  const r = round(v);
  return r === null ? '–' : String(r);
}

/** @param {Results} s @returns {TargetCheck[]} */
export function checkTargets(s) {
  /** @param {string} id @param {string} key @param {string} [label] @returns {Window | undefined} */
  const win = (id, key, label = 'rendering on') => s[id]?.[key]?.windows?.find((/** @type {Window} */ w) => w.label === label);
  /** Each widget pass's window of a scenario. @param {string} id @param {string} [label] */
  const passes = (id, label) => PASSES.map((key) => ({ key, w: win(id, key, label) })).filter((x) => x.w);
  /** met when every value meets; null when there is none. @param {Array<boolean | null>} values */
  const all = (values) => (values.length === 0 || values.some((v) => v === null) ? null : values.every(Boolean));
  const pass = (/** @type {string} */ key) => (key === 'widget' ? '' : ' (pass 2)');
  /** @type {TargetCheck[]} */
  const checks = [];

  {
    const seen = ['b', 'c'].flatMap((id) => passes(id).map(({ key, w }) => ({ id, key, n: w?.ownLongTasks ?? null, longest: w?.largestTaskMs, cpu: w?.ownCpuLongTasks })));
    checks.push({
      id: 'no-widget-long-tasks', issue: 13,
      target: '0 long tasks per minute attributable to the widget at 4 × 128³ @ 2 Hz and 1 × 256³ @ 2 Hz, rendering on',
      met: all(seen.map((x) => (x.n === null ? null : x.n === 0))),
      figure: seen.map((x) => `(${x.id})${pass(x.key)}: ${x.n ?? '–'} (the page's largest task ${fmt(x.longest)} ms; by thread CPU ${x.cpu ?? '–'})`).join('; ') || 'not run',
      basis: 'trace: tasks > 50 ms whose time is at least half the widget\'s own work (its message handling, Lit, scene updates, its animation-frame draws)',
    });
  }
  {
    const seen = STREAMS.flatMap((id) => passes(id).map(({ key, w }) => ({ id, key, p99: w?.ownMsPerFrame?.p99 ?? null, cpu: w?.ownCpuMsPerFrame?.p99 })));
    const worst = seen.reduce((m, x) => ((x.p99 ?? -1) > (m?.p99 ?? -1) ? x : m), /** @type {any} */ (null));
    checks.push({
      id: 'widget-work-per-frame', issue: 13,
      target: 'widget main-thread work per frame p99 ≤ 8 ms, rendering on',
      met: all(seen.map((x) => (x.p99 === null ? null : x.p99 <= 8))),
      figure: worst ? `worst ${fmt(worst.p99)} ms p99 in (${worst.id})${pass(worst.key)} (by thread CPU ${fmt(worst.cpu)}); ${seen.map((x) => `${x.id} ${fmt(x.p99)}`).join(', ')}` : 'not run',
      basis: 'trace: the widget\'s own work between the end of one animation frame and the end of the next',
    });
  }
  {
    const seen = STREAMS.flatMap((id) => passes(id).map(({ key, w }) => ({ id, key, p99: w?.frameGapMs?.p99 ?? null, max: w?.frameGapMs?.max })));
    checks.push({
      id: 'frame-gap', issue: 13,
      target: 'frame gap p99 ≤ 34 ms while streaming, rendering on',
      met: all(seen.map((x) => (x.p99 === null ? null : x.p99 <= 34))),
      figure: seen.map((x) => `(${x.id})${pass(x.key)} ${fmt(x.p99)} (max ${fmt(x.max)})`).join('; ') || 'not run',
      basis: 'time between consecutive requestAnimationFrame callbacks of the page, ms',
    });
  }
  {
    const seen = passes('l').map(({ key, w }) => ({ key, n: w?.ownLongTasks ?? null, longest: w?.largestTaskMs, cpu: w?.ownCpuLongTasks, heap: s.l?.[key]?.heapEnd?.pageHeapBytes }));
    checks.push({
      id: 'worst-surfaces', issue: 13,
      target: 'random 0/1 noise at 128³ and 256³, a checkerboard and 3000 scattered labels stream with no long task from the widget and bounded memory',
      met: all(seen.map((x) => (x.n === null ? null : x.n === 0))),
      figure: seen.map((x) => `${x.n ?? '–'} long tasks of the widget's (the page's largest task ${fmt(x.longest)} ms; by thread CPU ${x.cpu ?? '–'}), page heap after GC ${x.heap == null ? '–' : fmt(x.heap / 2 ** 20)} MiB${pass(x.key)}`).join('; ') || 'not run',
      basis: 'scenario l, rendering on: trace tasks > 50 ms at least half the widget\'s own work; heap read after a forced GC at the end of the run',
    });
  }
  {
    const seen = ['c', 'd'].flatMap((id) => passes(id).map(({ key, w }) => ({ id, key, p99: w?.appliedMs?.p99 ?? null, max: w?.appliedMs?.max })));
    checks.push({
      id: 'preview-complete', issue: 13,
      target: 'a 256³ preview complete on screen within 250 ms of arriving at the scene (its job-preview), rendering on',
      met: all(seen.map((x) => (x.p99 === null ? null : x.p99 <= 250))),
      figure: seen.map((x) => `(${x.id})${pass(x.key)} ${fmt(x.p99)} ms p99 (max ${fmt(x.max)})`).join('; ') || 'not run',
      basis: 'scenarios c and d: from the preview\'s job-preview (decoded, handed to the scene) to the frame that drew the last of it (job-drawn), p99',
    });
  }
  {
    const seen = Object.entries(PREVIOUS_DRAWN_P50_MS).flatMap(([id, before]) => passes(id).map(({ key, w }) => ({ id, key, before, p50: w?.drawnLatencyMs?.p50 ?? null })));
    checks.push({
      id: 'drawn-latency-no-worse', issue: 13,
      target: 'drawn latency no worse than before at any scenario',
      met: all(seen.map((x) => (x.p50 === null ? null : x.p50 <= x.before))),
      figure: seen.map((x) => `(${x.id})${pass(x.key)} ${fmt(x.p50)} ms p50 vs ${x.before} before`).join('; ') || 'not run',
      basis: `drawn latency p50 against issue 12's figures (${Object.entries(PREVIOUS_DRAWN_P50_MS).map(([k, v]) => `${k} ${v} ms`).join(', ')}); other scenarios have no earlier rendering-on figure`,
    });
  }
  for (const [id, limit, what] of /** @type {const} */ ([['b', 150, '4 × 128³ @ 2 Hz'], ['c', 400, '1 × 256³ @ 2 Hz base64 JSON'], ['d', 250, '256³ binary+gzip']])) {
    const seen = passes(id).map(({ key, w }) => ({ key, p50: w?.drawnLatencyMs?.p50 ?? null, p99: w?.drawnLatencyMs?.p99 }));
    checks.push({
      id: `drawn-p50-${id}`, issue: 14,
      target: `drawn latency p50 ≤ ${limit} ms at ${what}`,
      met: all(seen.map((x) => (x.p50 === null ? null : x.p50 <= limit))),
      figure: seen.map((x) => `${fmt(x.p50)} ms p50, ${fmt(x.p99)} p99${pass(x.key)}`).join('; ') || 'not run',
      basis: `scenario ${id}, rendering on: server send → the frame that drew the preview whole (the widget's job-drawn)`,
    });
  }
  {
    // A run backs up when its jobs together do, or one of them alone (its backlog hides among the others').
    const seen = [...STREAMS, 'l'].flatMap((id) =>
      passes(id).map(({ key, w }) => {
        const alone = !w?.backlog?.backsUp && w?.jobBacklog?.backsUp;
        return { id, key, b: alone ? w.jobBacklog : w?.backlog, job: alone ? ` job ${w.jobBacklog.jobId}` : '' };
      }),
    );
    const flagged = seen.filter((x) => x.b?.backsUp);
    checks.push({
      id: 'no-backlog', issue: 14,
      target: 'no scenario flagged "backs up" (last 10 s bucket p50 ≤ 1.5× first)',
      met: all(seen.map((x) => x.b?.backsUp ?? null).map((v) => (v === null ? null : !v))),
      figure: seen.length ? `${flagged.length} of ${seen.length} runs back up${flagged.length ? `: ${flagged.map((x) => `(${x.id})${pass(x.key)}${x.job} ${fmt(x.b.firstP50)} → ${fmt(x.b.lastP50)} ms`).join('; ')}` : ''}` : 'not run',
      basis: 'drawn latency p50 per 10 s of the rendering-on window, last bucket ÷ first (windows of at least 20 s), over the scenario\'s jobs and for each job apart',
    });
  }
  {
    const seen = PASSES.map((key) => ({ key, control: win('e', key, 'no flood, rendering on'), flood: win('e', key, 'flood, rendering on') })).filter((x) => x.control && x.flood);
    const added = seen.map((x) => ({ key: x.key, d: diff(x.flood?.drawnLatencyMs?.p50, x.control?.drawnLatencyMs?.p50) }));
    checks.push({
      id: 'flood', issue: 14,
      target: 'a 10 000 msg/s progress flood on one job adds ≤ 17 ms p50 to the other job\'s drawn latency',
      met: all(added.map((x) => (x.d === null ? null : x.d <= 17))),
      figure: added.map((x) => `+${fmt(x.d)} ms p50${pass(x.key)}`).join('; ') || 'not run',
      basis: 'scenario e, rendering on: drawn latency p50 of the streaming job, flood window − no-flood window',
    });
  }
  {
    const seen = passes('c').map(({ key, w }) => ({ key, mbps: w?.decodeWireMBps?.p50 ?? null, from: w?.messageBytesFrom }));
    checks.push({
      id: 'decode-throughput', issue: 14,
      target: 'worker decode ≥ 300 MB/s of base64 JSON at 256³',
      met: all(seen.map((x) => (x.mbps === null ? null : x.mbps >= 300))),
      figure: seen.map((x) => `${fmt(x.mbps)} MB/s p50 (bytes from the ${x.from === 'event' ? 'event\'s messageBytes' : 'mock\'s mean message size'})${pass(x.key)}`).join('; ') || 'not run',
      basis: 'scenario c, rendering on: message bytes / job-preview decodeMs (the whole worker pipeline)',
    });
  }
  {
    const seen = PASSES.map((key) => ({ key, b: s.i?.[key]?.burst })).filter((x) => x.b);
    checks.push({
      id: 'burst', issue: 14,
      target: 'a burst of 40 × 128³ in 0.5 s: the last drawn within two decode times after the burst, with ≤ 3 decodes',
      met: all(seen.map((x) => (x.b.lastDrawnAfterBurstMs === null || x.b.decodeMsP50 === null ? null : x.b.lastDrawnAfterBurstMs <= 2 * x.b.decodeMsP50 && x.b.decoded <= 3))),
      figure: seen.map((x) => `last drawn ${fmt(x.b.lastDrawnAfterBurstMs)} ms after the burst (decode ${fmt(x.b.decodeMsP50)} ms p50), ${x.b.decoded} decoded${pass(x.key)}`).join('; ') || 'not run',
      basis: 'scenario i: job-preview events of the job, and the frame after the last one (preview 40)',
    });
  }
  return checks;
}

/** @param {number | null | undefined} a @param {number | null | undefined} b */
function diff(a, b) {
  return typeof a === 'number' && typeof b === 'number' ? round(a - b) : null;
}
