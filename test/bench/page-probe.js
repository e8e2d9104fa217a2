// @ts-check
// In-page instrumentation of the bench (main thread of the bench page). Mounts one client (the built
// <preview-overlay>, the same in its `no-worker` mode, or the naive baseline) and records, per window:
// - long tasks (PerformanceObserver 'longtask': tasks over 50 ms, any cause);
// - event-loop lag: a 10 ms setTimeout chain, each sample = how late that timer fired;
// - frame gaps: a requestAnimationFrame loop, each sample = time between two animation frames;
// - every preview shown, with the client's own figures (the widget's job-preview detail), and a
//   `bench:preview` performance mark inside the task that handled it (run.js finds that task in a trace);
// - drawn latency: the widget's own `job-drawn` (see `onDrawn`), the naive client's by `whenDrawn`;
// - connection states with wall-clock times (Date.now(), the clock the mock stream uses too).
// Everything is exposed as `window.bench`; run.js calls it through puppeteer.

const LAG_PERIOD_MS = 10;
const MAX_ERRORS_KEPT = 20;

/**
 * @typedef {{ t: number, wall: number, jobId: string, previewId: number | string | undefined, mainThreadMs: number | null,
 *   latencyMs: number | null, drawnLatencyMs: number | null, drawnAt: number | null, sentAt: number | null,
 *   decodeMs: number | null, messageBytes: number | null,
 *   shape: number[] | null, sourceShape: number[] | null, factor: number | null }} PreviewRecord
 * @typedef {{ wall: number, jobId: string, state: string, attempt: number | null, code: number | null, reason: string | null }} StateRecord
 */

const record = {
  /** @type {{ start: number, duration: number }[]} */
  longTasks: [],
  /** @type {number[]} */
  lag: [],
  /** @type {number[]} */
  frameGaps: [],
  /** @type {PreviewRecord[]} */
  previews: [],
  /** @type {StateRecord[]} all states since mount (not cleared by windows: reconnect timing needs them) */
  states: [],
  /** @type {Record<string, number>} progress events per job in the window */
  progress: {},
  /** @type {{ jobId: string, code: string, message: string }[]} */
  errors: [],
  errorCount: 0,
  windowStart: 0,
  windowLabel: '',
};

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) record.longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: false });

let expected = performance.now() + LAG_PERIOD_MS;
function lagTick() {
  const now = performance.now();
  record.lag.push(Math.max(0, now - expected));
  expected = now + LAG_PERIOD_MS;
  setTimeout(lagTick, LAG_PERIOD_MS);
}
setTimeout(lagTick, LAG_PERIOD_MS);

let lastFrame = 0;
/** @param {number} now */
function frameTick(now) {
  if (lastFrame) record.frameGaps.push(now - lastFrame);
  lastFrame = now;
  requestAnimationFrame(frameTick);
}
requestAnimationFrame(frameTick);

/** Callbacks waiting for the task after a frame's paint (one shared channel, first in first out). */
const afterPaint = /** @type {Array<() => void>} */ ([]);
const paintChannel = new MessageChannel();
paintChannel.port1.onmessage = () => afterPaint.shift()?.();

/**
 * Drawn latency, measured outside the element (it announces a preview when its layer is updated, and
 * draws in its next animation frame): at the preview's event, a requestAnimationFrame callback is
 * queued. Animation-frame callbacks run in the order they were requested, so it runs in the first frame
 * after the event, right after the scene's own draw (requested before the event). From inside it a
 * message is posted to ourselves; that message is handled in the first task after this frame's
 * rendering update (style, layout, paint, commit) — the moment "the first frame that shows it" has
 * been produced by the main thread. Not counted: compositing and GPU raster after the commit, and any
 * work a scene defers to a later frame — so the widget, whose frame budget spreads a preview over
 * frames, announces the frame itself (`job-drawn`, see `onDrawn`); this is for the naive client.
 * @param {PreviewRecord} entry
 */
function whenDrawn(entry) {
  requestAnimationFrame(() => {
    afterPaint.push(() => {
      entry.drawnAt = Date.now();
      if (entry.sentAt !== null) entry.drawnLatencyMs = entry.drawnAt - entry.sentAt;
    });
    paintChannel.port2.postMessage(0);
  });
}

/** The widget's previews not yet drawn, per job, oldest first. @type {Record<string, PreviewRecord[]>} */
const undrawn = {};

/**
 * The widget's `job-drawn`: its preview is on screen, in the frame that drew its last queued work. Older
 * previews of the job still waiting were replaced before they were drawn (newest wins); the screen
 * caught up with them in this same frame, so they count as drawn now. The drawn preview's `mainThreadMs`
 * becomes job-drawn's: everything it (and any preview it replaced) cost the main thread, draws included.
 * @param {{ jobId: string, previewId: number | string | undefined, mainThreadMs: unknown }} detail
 */
function onDrawn({ jobId, previewId, mainThreadMs }) {
  const waiting = undrawn[jobId] ?? [];
  const index = waiting.findIndex((entry) => entry.previewId === previewId);
  if (index < 0) return;
  const drawnAt = Date.now();
  const done = waiting.splice(0, index + 1);
  for (const entry of done) {
    entry.drawnAt = drawnAt;
    if (entry.sentAt !== null) entry.drawnLatencyMs = drawnAt - entry.sentAt;
  }
  const cost = num(mainThreadMs);
  if (cost !== null) /** @type {PreviewRecord} */ (done.at(-1)).mainThreadMs = cost;
}

/** Previews shown per job since mount; unlike the window records, never cleared. @type {Record<string, number>} */
const previewTotals = {};
/** The latest preview record per job (survives windows: the burst scenario reads it). @type {Record<string, PreviewRecord>} */
const lastPreview = {};

/** @type {{ kind: 'widget' | 'no-worker' | 'naive', element?: HTMLElement, naive?: import('./naive-client.js').NaiveClient } | null} */
let mounted = null;

/**
 * @param {Omit<PreviewRecord, 't' | 'wall' | 'drawnLatencyMs' | 'drawnAt' | 'sentAt'>} fields @param {number | null} sentAt
 * @param {boolean} [announcesDrawn] the client says when it drew the preview (the widget's `job-drawn`)
 */
function onPreview(fields, sentAt, announcesDrawn = false) {
  performance.mark('bench:preview');
  /** @type {PreviewRecord} */
  const entry = { t: performance.now(), wall: Date.now(), drawnLatencyMs: null, drawnAt: null, sentAt, ...fields };
  record.previews.push(entry);
  lastPreview[entry.jobId] = entry;
  previewTotals[entry.jobId] = (previewTotals[entry.jobId] ?? 0) + 1;
  if (announcesDrawn) (undrawn[entry.jobId] ??= []).push(entry);
  else whenDrawn(entry);
}

/** @param {StateRecord} state */
function onState(state) {
  record.states.push(state);
}

/** @param {string} jobId */
function onProgress(jobId) {
  record.progress[jobId] = (record.progress[jobId] ?? 0) + 1;
}

/** @param {string} jobId @param {string} code @param {string} message */
function onError(jobId, code, message) {
  record.errorCount += 1;
  if (record.errors.length < MAX_ERRORS_KEPT) record.errors.push({ jobId, code, message: String(message).slice(0, 200) });
}

/** @param {unknown} v */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * @param {{ server: string, jobs: string[], properties?: Record<string, unknown> }} options
 */
async function mountWidget({ server, jobs, properties = {} }) {
  // The built bundle defines the tag; a variable specifier keeps type checkers from resolving it.
  const bundle = '/dist/preview-overlay.js';
  await import(bundle);
  const element = /** @type {HTMLElement & Record<string, unknown>} */ (document.createElement('preview-overlay'));
  Object.assign(element, properties);
  element.addEventListener('job-preview', (event) => {
    const d = /** @type {CustomEvent} */ (event).detail;
    const latency = num(d.latencyMs);
    onPreview({
      jobId: d.jobId, previewId: d.previewId, mainThreadMs: num(d.mainThreadMs), latencyMs: latency,
      decodeMs: num(d.decodeMs), messageBytes: num(d.messageBytes), shape: d.shape ?? null,
      sourceShape: d.sourceShape ?? null, factor: num(d.downsampleFactor),
    }, latency === null ? null : Date.now() - latency, true);
  });
  element.addEventListener('job-drawn', (event) => onDrawn(/** @type {CustomEvent} */ (event).detail));
  element.addEventListener('job-state', (event) => {
    const d = /** @type {CustomEvent} */ (event).detail;
    onState({ wall: Date.now(), jobId: d.jobId, state: d.state, attempt: num(d.attempt), code: num(d.code), reason: d.reason ?? null });
  });
  element.addEventListener('job-progress', (event) => onProgress(/** @type {CustomEvent} */ (event).detail.jobId));
  element.addEventListener('job-error', (event) => {
    const d = /** @type {CustomEvent} */ (event).detail;
    onError(d.jobId, d.code, d.message);
  });
  element.server = server;
  element.jobs = jobs;
  document.getElementById('client')?.append(element);
  mounted = { kind: properties.noWorker ? 'no-worker' : 'widget', element };
}

/** @param {{ server: string, jobs: string[] }} options */
async function mountNaive({ server, jobs }) {
  const { NaiveClient } = await import('./naive-client.js');
  const container = /** @type {HTMLElement} */ (document.getElementById('client'));
  const naive = new NaiveClient({
    server, jobs, container,
    onPreview: (p) => onPreview({
      jobId: p.jobId, previewId: p.previewId, mainThreadMs: p.mainThreadMs, latencyMs: p.latencyMs, decodeMs: p.decodeMs,
      messageBytes: p.messageBytes, shape: p.shape, sourceShape: p.shape, factor: 1,
    }, p.sentAt),
    onState: (s) => onState({ wall: Date.now(), ...s }),
    onProgress,
    onError,
  });
  mounted = { kind: 'naive', naive };
}

const bench = {
  /**
   * @param {'widget' | 'no-worker' | 'naive'} kind  `no-worker`: the widget decoding on the main thread
   * @param {{ server: string, jobs: string[], properties?: Record<string, unknown> }} options  `properties`: the scenario's widget settings
   */
  async mount(kind, options) {
    if (mounted) throw new Error('a client is already mounted');
    if (kind === 'naive') await mountNaive(options);
    else await mountWidget({ ...options, properties: { ...options.properties, ...(kind === 'no-worker' && { noWorker: true }) } });
    return true;
  },

  /** The latest preview of a job: its id, and when it was drawn (wall clock), or null. @param {string} jobId */
  lastPreview(jobId) {
    const entry = lastPreview[jobId];
    return entry ? { previewId: entry.previewId, drawnAt: entry.drawnAt, sentAt: entry.sentAt, wall: entry.wall } : null;
  },

  /** Rendering off = the widget hidden (display:none: its scene is 0×0 and skips drawing); the naive client skips its canvas draw. @param {boolean} on */
  setRendering(on) {
    if (mounted?.element) mounted.element.style.display = on ? 'block' : 'none';
    if (mounted?.naive) mounted.naive.setRendering(on);
    return on;
  },

  /**
   * The static redraw floor: the widget's scene, as it is now, redrawn on every animation frame for `ms`
   * (resetView() asks for one draw a frame). Returns the gaps between frames, ms; null for other clients.
   * @param {number} ms
   */
  async redrawFloor(ms) {
    const element = /** @type {any} */ (mounted?.element);
    if (!element || typeof element.resetView !== 'function') return null;
    /** @type {number[]} */
    const gaps = [];
    await new Promise((resolve) => {
      let last = -1;
      const end = performance.now() + ms;
      const tick = (/** @type {number} */ now) => {
        if (last >= 0) gaps.push(now - last);
        last = now;
        element.resetView();
        if (now < end) requestAnimationFrame(tick);
        else resolve(null);
      };
      requestAnimationFrame(tick);
    });
    return gaps;
  },

  /** Previews shown per job since mount (for "is it streaming yet"). */
  previewCounts() {
    return { ...previewTotals };
  },

  /** All connection states since mount. */
  states() {
    return record.states.slice();
  },

  /** @param {string} label */
  beginWindow(label) {
    record.longTasks = [];
    record.lag = [];
    record.frameGaps = [];
    record.previews = [];
    record.progress = {};
    record.errors = [];
    record.errorCount = 0;
    record.windowLabel = label;
    performance.clearMarks();
    performance.mark('bench:window-begin');
    record.windowStart = performance.now();
    return record.windowStart;
  },

  endWindow() {
    performance.mark('bench:window-end');
    const durationMs = performance.now() - record.windowStart;
    const result = {
      label: record.windowLabel,
      start: record.windowStart,
      durationMs,
      longTasks: record.longTasks.filter((task) => task.start >= record.windowStart),
      lag: record.lag,
      frameGaps: record.frameGaps,
      previews: record.previews,
      progress: record.progress,
      errors: record.errors,
      errorCount: record.errorCount,
    };
    record.longTasks = [];
    record.lag = [];
    record.frameGaps = [];
    record.previews = [];
    return result;
  },

  /** `performance.memory.usedJSHeapSize` (precise with --enable-precise-memory-info); call after a forced GC. */
  heapUsed() {
    const memory = /** @type {{ memory?: { usedJSHeapSize: number } }} */ (/** @type {unknown} */ (performance)).memory;
    return memory ? memory.usedJSHeapSize : null;
  },
};

Object.assign(window, { bench });
