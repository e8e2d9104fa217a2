// @ts-check
// The bench scenarios of issue #6: what the mock streams, for how long each window measures, and in
// which order. Windows are short (this runs on a 2-core machine in a few minutes); `scale` shortens or
// lengthens every window (run.js --quick uses 0.5).

/**
 * @typedef {Record<string, string | number>} JobSpec mock job options (demo/mock-stream/job-options.js)
 * @typedef {{ label: string, rendering: boolean, ms: number }} WindowSpec
 * @typedef {{ id: string, kind: 'stream', title: string, jobs: JobSpec[], warmMs: number, windows: WindowSpec[], trace: boolean }} StreamScenario
 * @typedef {{ id: string, kind: 'flood', title: string, jobs: JobSpec[], floodJob: number, watchedJob: number,
 *   warmMs: number, control: WindowSpec, flood: WindowSpec[], floodRate: number }} FloodScenario
 * @typedef {{ id: string, kind: 'reconnect', title: string, jobs: JobSpec[], warmMs: number, downMs: number[], settleMs: number }} ReconnectScenario
 * @typedef {StreamScenario | FloodScenario | ReconnectScenario} Scenario
 */

const cube = (/** @type {number} */ n) => `${n},${n},${n}`;

/**
 * @param {number} [scale] multiplies every window length
 * @returns {Scenario[]}
 */
export function scenarios(scale = 1) {
  const ms = (/** @type {number} */ value) => Math.round(value * scale);
  /** @param {number} seconds @returns {WindowSpec[]} */
  const onThenPaused = (seconds) => [
    { label: 'rendering on', rendering: true, ms: ms(seconds * 1000) },
    { label: 'rendering paused', rendering: false, ms: ms(seconds * 1000) },
  ];
  return [
    {
      id: 'a', kind: 'stream', title: '1 job, 64³ uint8 @ 1 Hz (CryoMamba default)',
      jobs: [{ hz: 1, shape: cube(64) }], warmMs: ms(2000), windows: onThenPaused(12), trace: true,
    },
    {
      id: 'b', kind: 'stream', title: '4 jobs, 128³ uint8 @ 2 Hz',
      jobs: [1, 2, 3, 4].map(() => ({ hz: 2, shape: cube(128) })), warmMs: ms(2000), windows: onThenPaused(10), trace: true,
    },
    {
      id: 'c', kind: 'stream', title: '1 job, 256³ uint8 @ 2 Hz, base64 JSON',
      jobs: [{ hz: 2, shape: cube(256) }], warmMs: ms(3000), windows: onThenPaused(10), trace: true,
    },
    {
      id: 'd', kind: 'stream', title: '1 job, 256³ uint8 @ 2 Hz, binary frames + gzip',
      jobs: [{ hz: 2, shape: cube(256), encoding: 'binary', compression: 'gzip' }], warmMs: ms(3000), windows: onThenPaused(10), trace: true,
    },
    {
      id: 'e', kind: 'flood', title: 'progress flood 10 000 msg/s on job 1, job 2 streams 128³ @ 2 Hz',
      jobs: [{ hz: 1, shape: cube(64) }, { hz: 2, shape: cube(128) }], floodJob: 0, watchedJob: 1, floodRate: 10_000,
      warmMs: ms(2000),
      control: { label: 'no flood, rendering on', rendering: true, ms: ms(8000) },
      flood: [
        { label: 'flood, rendering on', rendering: true, ms: ms(8000) },
        { label: 'flood, rendering paused', rendering: false, ms: ms(8000) },
      ],
    },
    {
      id: 'f', kind: 'reconnect', title: 'server restarted 10 times (down 0.4–2 s), 1 job 64³ @ 1 Hz',
      jobs: [{ hz: 1, shape: cube(64) }], warmMs: ms(2000), settleMs: 1000,
      downMs: [400, 800, 1200, 1600, 2000, 400, 800, 1200, 1600, 2000],
    },
  ];
}
