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

const FRAME_EVENTS = new Set(['FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit']);
const JS_EVENTS = new Set(['FunctionCall', 'EventDispatch', 'TimerFire', 'v8.compile', 'EvaluateScript', 'v8.evaluateModule', 'FireIdleCallback', 'RunMicrotasks']);
const GC_EVENTS = new Set(['MinorGC', 'MajorGC', 'V8.GC_MC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase']);

/**
 * @typedef {{ name: string, cat?: string, ph: string, ts: number, dur?: number, pid: number, tid: number, args?: any }} TraceEvent
 * @typedef {'frame' | 'probe' | 'client' | 'other'} TaskClass
 * @typedef {{ start: number, ms: number, kind: TaskClass, previews: number }} Task
 * @typedef {{
 *   windowMs: number, tasks: number, busyMs: Record<TaskClass, number>, previewTaskMs: number[],
 *   frameMs: number[], largestTaskMs: number, largestTaskKind: TaskClass | null, largestClientTaskMs: number,
 * }} WindowTasks
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

  /** @type {Array<{ task: TraceEvent, names: Set<string>, scripts: Set<string>, marks: number }>} */
  const slots = runTasks.map((task) => ({ task, names: new Set(), scripts: new Set(), marks: 0 }));
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
  }

  /** @type {Task[]} */
  const tasks = slots.map(({ task, names, scripts, marks }) => ({
    start: task.ts,
    ms: /** @type {number} */ (task.dur) / 1000,
    kind: classify(names, scripts, probeScript),
    previews: marks,
  }));

  /** @type {Record<TaskClass, number>} */
  const busyMs = { frame: 0, probe: 0, client: 0, other: 0 };
  /** @type {number[]} */
  const previewTaskMs = [];
  /** @type {number[]} */
  const frameMs = [];
  let largest = /** @type {Task | null} */ (null);
  let largestClientTaskMs = 0;
  for (const task of tasks) {
    busyMs[task.kind] += task.ms;
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
  };
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
