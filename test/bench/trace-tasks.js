// @ts-check
// Reads a Chromium trace of one measurement window: the page's main-thread tasks between the probe's
// `bench:window-begin` and `bench:window-end` marks, each classified by what ran inside it. Pure.
//
// Classes of a task (first match wins):
//   frame  — a rendering update: requestAnimationFrame callbacks (the widget's vtk.js draw, the naive
//            client has none) and/or style, layout, paint of the page;
//   probe  — only the bench probe's own JavaScript ran (its lag timer, its observers);
//   client — any other JavaScript or garbage collection: message handlers, Lit, scene updates;
//   other  — browser-internal work with no JavaScript (IPC, networking glue).
// A preview's task is the task holding its `bench:preview` mark, i.e. the task that handled the
// message that carried it (a task holding k marks counts 1/k of its time for each).
// The client's own work in a task: all of a `client` task; in a `frame` task, its animation-frame
// callbacks other than the probe's (the widget's vtk.js draw; the naive client draws in its message
// handler, so its frames hold only the page's style, layout and paint, which are not counted as its own).

const FRAME_EVENTS = new Set(['FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit']);
const JS_EVENTS = new Set(['FunctionCall', 'EventDispatch', 'TimerFire', 'v8.compile', 'EvaluateScript', 'v8.evaluateModule', 'FireIdleCallback', 'RunMicrotasks']);
const GC_EVENTS = new Set(['MinorGC', 'MajorGC', 'V8.GC_MC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase']);

/**
 * @typedef {{ name: string, cat?: string, ph: string, ts: number, dur?: number, tdur?: number, pid: number, tid: number, args?: any }} TraceEvent
 * @typedef {'frame' | 'probe' | 'client' | 'other'} TaskClass
 * @typedef {{ start: number, ms: number, kind: TaskClass, previews: number, ownMs: number, cpuMs: number, ownCpuMs: number }} Task
 *   `cpuMs`, `ownCpuMs`: the same on the main thread's own clock (the trace's `tdur`), i.e. without the time
 *   the thread was descheduled or blocked; equal to the wall figures when the trace has no thread clock
 * @typedef {{
 *   windowMs: number, tasks: number, busyMs: Record<TaskClass, number>, previewTaskMs: number[],
 *   frameMs: number[], largestTaskMs: number, largestTaskKind: TaskClass | null, largestClientTaskMs: number,
 *   allBusyMs: number, ownBusyMs: number, ownMsPerFrame: number[], ownLongTasks: number[],
 *   ownCpuBusyMs: number, ownCpuMsPerFrame: number[], ownCpuLongTasks: number[],
 * }} WindowTasks  ownMsPerFrame: the client's own work from one frame's end to the next's;
 *   ownLongTasks: durations of tasks over 50 ms of which the client's own work is at least half;
 *   the `Cpu` figures: the same by thread time (a long task: over 50 ms of the main thread's CPU)
 */

/**
 * @param {TraceEvent[]} events
 * @param {{ probeScript?: string }} [options]
 * @returns {WindowTasks | null} null when the trace holds no window marks
 */
export function windowTasks(events, { probeScript = 'page-probe.js' } = {}) {
  const begin = events.find((e) => e.name === 'bench:window-begin');
  const end = events.find((e) => e.name === 'bench:window-end');
  if (!begin || !end) return null;
  const onMain = events
    .filter((e) => e.pid === begin.pid && e.tid === begin.tid && typeof e.ts === 'number')
    .sort((a, b) => a.ts - b.ts);
  const runTasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.ts >= begin.ts && e.ts <= end.ts && typeof e.dur === 'number');

  /** @type {Array<{ task: TraceEvent, names: Set<string>, scripts: Set<string>, marks: number, rafs: TraceEvent[], calls: TraceEvent[] }>} */
  const slots = runTasks.map((task) => ({ task, names: new Set(), scripts: new Set(), marks: 0, rafs: [], calls: [] }));
  // One sweep: runTasks are sorted and do not overlap on one thread.
  let i = 0;
  for (const event of onMain) {
    if (event.name === 'RunTask') continue;
    while (i < slots.length && event.ts >= /** @type {TraceEvent} */ (slots[i]?.task).ts + /** @type {number} */ (slots[i]?.task.dur)) i++;
    const slot = slots[i];
    if (!slot || event.ts < slot.task.ts) continue;
    slot.names.add(event.name);
    const url = event.args?.data?.url;
    if (typeof url === 'string' && url) slot.scripts.add(url);
    if (event.name === 'bench:preview') slot.marks += 1;
    if (event.name === 'FireAnimationFrame' && typeof event.dur === 'number') slot.rafs.push(event);
    if (event.name === 'FunctionCall' && typeof url === 'string') slot.calls.push(event);
  }

  /** @type {Task[]} */
  const tasks = slots.map(({ task, names, scripts, marks, rafs, calls }) => {
    const kind = classify(names, scripts, probeScript);
    const ms = /** @type {number} */ (task.dur) / 1000;
    const cpuMs = typeof task.tdur === 'number' ? task.tdur / 1000 : ms;
    const own = (/** @type {'dur' | 'tdur'} */ clock, /** @type {number} */ whole) => (kind === 'client' ? whole : kind === 'frame' ? ownAnimationFrameMs(rafs, calls, probeScript, clock) : 0);
    return { start: task.ts, ms, kind, previews: marks, ownMs: own('dur', ms), cpuMs, ownCpuMs: own('tdur', cpuMs) };
  });

  /** @type {Record<TaskClass, number>} */
  const busyMs = { frame: 0, probe: 0, client: 0, other: 0 };
  /** @type {number[]} */
  const previewTaskMs = [];
  /** @type {number[]} */
  const frameMs = [];
  let largest = /** @type {Task | null} */ (null);
  let largestClientTaskMs = 0;
  let allBusyMs = 0;
  let ownBusyMs = 0;
  let ownSinceFrame = 0;
  let ownCpuBusyMs = 0;
  let ownCpuSinceFrame = 0;
  /** @type {number[]} */
  const ownMsPerFrame = [];
  /** @type {number[]} */
  const ownLongTasks = [];
  /** @type {number[]} */
  const ownCpuMsPerFrame = [];
  /** @type {number[]} */
  const ownCpuLongTasks = [];
  for (const task of tasks) {
    busyMs[task.kind] += task.ms;
    allBusyMs += task.ms;
    ownBusyMs += task.ownMs;
    ownSinceFrame += task.ownMs;
    ownCpuBusyMs += task.ownCpuMs;
    ownCpuSinceFrame += task.ownCpuMs;
    if (task.kind === 'frame') {
      ownMsPerFrame.push(ownSinceFrame);
      ownSinceFrame = 0;
      ownCpuMsPerFrame.push(ownCpuSinceFrame);
      ownCpuSinceFrame = 0;
    }
    if (task.ms > 50 && task.ownMs >= task.ms / 2) ownLongTasks.push(task.ms);
    if (task.cpuMs > 50 && task.ownCpuMs >= task.cpuMs / 2) ownCpuLongTasks.push(task.cpuMs);
    for (let k = 0; k < task.previews; k++) previewTaskMs.push(task.ms / task.previews);
    if (task.kind === 'frame') frameMs.push(task.ms);
    if (task.kind !== 'probe' && (!largest || task.ms > largest.ms)) largest = task;
    if (task.kind === 'client') largestClientTaskMs = Math.max(largestClientTaskMs, task.ms);
  }
  return {
    windowMs: (end.ts - begin.ts) / 1000,
    tasks: tasks.length,
    busyMs,
    previewTaskMs,
    frameMs,
    largestTaskMs: largest?.ms ?? 0,
    largestTaskKind: largest?.kind ?? null,
    largestClientTaskMs,
    allBusyMs,
    ownBusyMs,
    ownMsPerFrame,
    ownLongTasks,
    ownCpuBusyMs,
    ownCpuMsPerFrame,
    ownCpuLongTasks,
  };
}

/**
 * Time of a frame task's animation-frame callbacks that ran someone else's code than the probe's.
 * @param {TraceEvent[]} rafs @param {TraceEvent[]} calls FunctionCall events of the same task
 * @param {string} probeScript @param {'dur' | 'tdur'} [clock] wall time, or the thread's own
 */
function ownAnimationFrameMs(rafs, calls, probeScript, clock = /** @type {'dur' | 'tdur'} */ ('dur')) {
  let us = 0;
  for (const raf of rafs) {
    const end = raf.ts + /** @type {number} */ (raf.dur);
    const inside = calls.filter((c) => c.ts >= raf.ts && c.ts < end);
    const probeOnly = inside.length > 0 && inside.every((c) => String(c.args?.data?.url).endsWith(probeScript));
    if (!probeOnly) us += /** @type {number} */ (raf[clock] ?? raf.dur);
  }
  return us / 1000;
}

/** @param {Set<string>} names @param {Set<string>} scripts @param {string} probeScript @returns {TaskClass} */
function classify(names, scripts, probeScript) {
  for (const name of names) if (FRAME_EVENTS.has(name)) return 'frame';
  const ranScript = [...names].some((name) => JS_EVENTS.has(name));
  const probeOnly = scripts.size > 0 && [...scripts].every((url) => url.endsWith(probeScript));
  if (ranScript && probeOnly && names.has('bench:preview') === false) return 'probe';
  if (ranScript || [...names].some((name) => GC_EVENTS.has(name))) return 'client';
  return 'other';
}
