// @ts-check
// What the bench runs: the scenarios (what the mock streams) and the plan (which client runs each
// scenario, how often, and how long its windows are). A full run aimed at 20 minutes on 2 cores and
// took ≈ 27 (each client run costs 10–40 s besides its windows: page, first preview, warm-up, heap
// readings, collecting the trace — run.js logs where each run's time goes): the widget streams 60 s with
// rendering on in its first pass (the backlog detector needs that long) and then 5 s hidden; its second
// pass and the two baselines stream 20 s (g: 30 s), rendering on only. The reconnect (f) and burst (i)
// scenarios judge the widget's own goals and run the widget alone.
// `--quick` is one pass of 20 s windows, rendering on only.

/**
 * @typedef {Record<string, string | number>} JobSpec mock job options (demo/mock-stream/job-options.js)
 * @typedef {'widget' | 'no-worker' | 'naive'} ClientKind
 * @typedef {{ label: string, rendering: boolean, ms: number }} WindowSpec
 * @typedef {{ id: string, kind: 'stream', title: string, jobs: JobSpec[], warmMs: number,
 *   last?: JobSpec, widgetOnly?: boolean, alone?: boolean, widget?: Record<string, unknown> }} StreamScenario  `last`: the job's last preview is on this grid/dtype (g: CryoMamba's
 *   final preview); `widgetOnly`: a wire form the naive client does not read (msgpack); `alone`: the widget
 *   only (l: the baselines would draw millions of faces); `widget`: properties set on the
 *   widget (and its no-worker baseline) before it streams, a variant of another scenario
 * @typedef {{ id: string, kind: 'flood', title: string, jobs: JobSpec[], floodJob: number, watchedJob: number,
 *   warmMs: number, floodRate: number }} FloodScenario
 * @typedef {{ id: string, kind: 'reconnect', title: string, jobs: JobSpec[], warmMs: number, downMs: number[], settleMs: number, alone?: boolean }} ReconnectScenario
 * @typedef {{ id: string, kind: 'burst', title: string, job: JobSpec, count: number, spanMs: number, alone?: boolean }} BurstScenario
 *   `alone`: the widget runs it without the baselines (its figures are the widget's goals, not ratios)
 * @typedef {StreamScenario | FloodScenario | ReconnectScenario | BurstScenario} Scenario
 * @typedef {{ client: ClientKind, pass: number, onMs: number, pausedMs: number }} RunSpec
 *   one client's run of a scenario: `onMs` of rendering on (the headline), then `pausedMs` of display:none (0 = none)
 */

const cube = (/** @type {number} */ n) => `${n},${n},${n}`;

/** Buckets of drawn latency for the backlog detector. */
export const BUCKET_MS = 10_000;
/** A scenario "backs up" when its last bucket's drawn-latency p50 exceeds this × its first bucket's. */
export const BACKLOG_FACTOR = 1.5;

/** @returns {Scenario[]} */
export function scenarios() {
  return [
    { id: 'a', kind: 'stream', title: '1 job, 64³ uint8 @ 1 Hz', jobs: [{ hz: 1, shape: cube(64) }], warmMs: 2000 },
    { id: 'b', kind: 'stream', title: '4 jobs, 128³ uint8 @ 2 Hz', jobs: [1, 2, 3, 4].map(() => ({ hz: 2, shape: cube(128) })), warmMs: 2000 },
    { id: 'c', kind: 'stream', title: '1 job, 256³ uint8 @ 2 Hz, base64 JSON', jobs: [{ hz: 2, shape: cube(256) }], warmMs: 3000 },
    {
      id: 'd', kind: 'stream', title: '1 job, 256³ uint8 @ 2 Hz, binary frames + gzip',
      jobs: [{ hz: 2, shape: cube(256), encoding: 'binary', compression: 'gzip' }], warmMs: 3000,
    },
    {
      id: 'e', kind: 'flood', title: 'progress flood 10 000 msg/s on job 1, job 2 streams 128³ @ 2 Hz',
      jobs: [{ hz: 1, shape: cube(64) }, { hz: 2, shape: cube(128) }], floodJob: 0, watchedJob: 1, floodRate: 10_000, warmMs: 2000,
    },
    {
      id: 'f', kind: 'reconnect', title: 'server restarted 6 times (down 0.4–2 s), 1 job 64³ @ 1 Hz',
      jobs: [{ hz: 1, shape: cube(64) }], warmMs: 2000, settleMs: 1000, downMs: [400, 800, 1200, 1600, 2000, 400], alone: true,
    },
    {
      id: 'g', kind: 'stream', title: 'CryoMamba shape: 25×64×64 uint8 every 5 s from 96×240×240, then a 48×120×120 float32 final',
      jobs: [{ hz: 0.2, shape: '25,64,64', original: '96,240,240' }],
      last: { shape: '48,120,120', original: '96,240,240', dtype: 'float32', labels: 1 },
      warmMs: 500,
    },
    { id: 'h', kind: 'stream', title: '8 jobs, 64³ uint8 @ 2 Hz', jobs: Array.from({ length: 8 }, () => ({ hz: 2, shape: cube(64) })), warmMs: 2000 },
    { id: 'i', kind: 'burst', title: 'burst: 40 × 128³ uint8 previews in 0.5 s', job: { shape: cube(128) }, count: 40, spanMs: 500, alone: true },
    {
      id: 'j', kind: 'stream', title: '1 job, 256³ uint8 @ 2 Hz, msgpack + gzip (the family\'s real-time service)',
      jobs: [{ hz: 2, shape: cube(256), encoding: 'msgpack' }], warmMs: 3000, widgetOnly: true,
    },
    {
      // b with the preview history off: b against k is what history costs (main-thread work, worker memory).
      id: 'k', kind: 'stream', title: '4 jobs, 128³ uint8 @ 2 Hz, history off (b has it on: history-bytes 64 MiB)',
      jobs: [1, 2, 3, 4].map(() => ({ hz: 2, shape: cube(128) })), warmMs: 2000, widget: { historyBytes: 0 }, widgetOnly: true,
    },
    {
      // Issue 13's worst surfaces, each preview new: millions of faces before the face budget coarsens them.
      id: 'l', kind: 'stream', title: 'worst surfaces @ 2 Hz: random 0/1 at 128³ and 256³, a 128³ checkerboard, 3000 scattered uint16 labels (32×48×64)',
      jobs: [
        { hz: 2, shape: cube(128), pattern: 'noise', labels: 1 },
        { hz: 2, shape: cube(256), pattern: 'noise', labels: 1 },
        { hz: 2, shape: cube(128), pattern: 'checkerboard', labels: 1 },
        { hz: 2, shape: '32,48,64', pattern: 'scattered', labels: 3000, dtype: 'uint16' },
      ],
      warmMs: 3000, alone: true,
    },
  ];
}

/**
 * The runs of one scenario, in order.
 * @param {Scenario} scenario @param {{ quick: boolean, clients: ClientKind[] }} options
 * @returns {RunSpec[]}
 */
export function runsOf(scenario, { quick, clients }) {
  // g sends one preview every 5 s and ends with its final one: longer windows, no paused window after it.
  const slow = scenario.id === 'g';
  /** @type {RunSpec[]} */
  const runs = [];
  for (const client of clients) {
    if (client === 'naive' && 'widgetOnly' in scenario && scenario.widgetOnly) continue;
    if (client !== 'widget' && 'alone' in scenario && scenario.alone) continue;
    if (quick) {
      runs.push({ client, pass: 1, onMs: 20_000, pausedMs: 0 });
    } else if (client === 'widget') {
      runs.push({ client, pass: 1, onMs: 60_000, pausedMs: slow ? 0 : 5000 });
      runs.push({ client, pass: 2, onMs: slow ? 30_000 : 20_000, pausedMs: 0 });
    } else {
      runs.push({ client, pass: 1, onMs: slow ? 30_000 : 20_000, pausedMs: 0 });
    }
  }
  return runs;
}

/**
 * The g job's last preview index: the final lands ≈ 4 s before the end of its rendering-on window, which
 * starts ≈ warm-up + settle after the first preview (the job's clock: queueMs, then one preview every 1/hz).
 * @param {StreamScenario} scenario @param {number} onMs @param {number} queueMs
 */
export function finalPreviewIndex(scenario, onMs, queueMs) {
  const period = 1000 / Number(scenario.jobs[0]?.hz ?? 1);
  const windowStart = queueMs + period + scenario.warmMs + 1500;
  return Math.max(2, Math.floor((windowStart + onMs - 4000 - queueMs) / period));
}
