// @ts-check
// Turns one measurement window (the probe's records, the trace's tasks, the mock's counters before and
// after) into the figures the report prints. Pure.
import { backlog, worstJobBacklog } from './backlog.js';
import { BACKLOG_FACTOR, BUCKET_MS } from './scenarios.js';
import { round, summarize, sum } from './stats.js';

/**
 * @typedef {import('./trace-tasks.js').WindowTasks} WindowTasks
 * @typedef {import('../../demo/mock-stream/server.js').MockStats} MockStats
 * @typedef {{ label: string, durationMs: number, longTasks: { start: number, duration: number }[], lag: number[],
 *   frameGaps: number[], previews: Array<{ t: number, jobId: string, previewId: number | string | undefined,
 *   mainThreadMs: number | null, latencyMs: number | null, drawnLatencyMs: number | null,
 *   wall: number, drawnAt: number | null,
 *   decodeMs: number | null, messageBytes: number | null, sourceShape: number[] | null }>,
 *   progress: Record<string, number>, errors: unknown[], errorCount: number }} ProbeWindow
 *   (`t` and the window's start share the page's performance.now() clock; `wall`, when the preview
 *   arrived, and `drawnAt` are Date.now())
 */

/** @param {ReturnType<typeof summarize>} s */
const rounded = (s) => ({ n: s.n, p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), max: round(s.max), mean: round(s.mean) });

/**
 * @param {{ probe: ProbeWindow & { start?: number }, tasks: WindowTasks | null, before: MockStats, after: MockStats, jobIds: string[],
 *   rendering: boolean, watchJobId?: string, benchCpuMs?: number | null, finalPreviewId?: number }} input
 *   `watchJobId`: latency and decode figures of that job only; `benchCpuMs`: CPU time of the bench process (the
 *   mock and the puppeteer driver) in the window; `finalPreviewId`: the preview whose drawn latency is reported on its own (g's final)
 */
export function summarizeWindow({ probe, tasks, before, after, jobIds, rendering, watchJobId, benchCpuMs = null, finalPreviewId }) {
  const minutes = probe.durationMs / 60_000;
  const seconds = probe.durationMs / 1000;
  const previews = probe.previews;
  const watched = watchJobId ? previews.filter((p) => p.jobId === watchJobId) : previews;
  const final = finalPreviewId === undefined ? undefined : previews.find((p) => p.previewId === finalPreviewId);
  const start = probe.start ?? (previews[0]?.t ?? 0);
  const sent = sum(jobIds.map((id) => (after.perJob[id]?.previewsSent ?? 0) - (before.perJob[id]?.previewsSent ?? 0)));
  const bytesSent = after.bytesSent - before.bytesSent;
  // Mean size of a preview message: the mock's byte counter over the previews it sent (the one progress
  // message per preview is included: < 0.1 % of a preview). Meaningless in a flood: left out there.
  const meanPreviewBytes = sent > 0 ? bytesSent / sent : null;
  const bytesOf = (/** @type {{ messageBytes: number | null }} */ p) => p.messageBytes ?? meanPreviewBytes;
  const voxelBytes = (/** @type {{ sourceShape: number[] | null }} */ p) => (p.sourceShape ? p.sourceShape.reduce((a, b) => a * b, 1) : null);
  const longTaskMs = probe.longTasks.map((t) => t.duration);
  return {
    label: probe.label,
    rendering,
    windowMs: round(probe.durationMs),
    // The headline figures (rendering on): main-thread busy ms per second of all tasks and of the
    // client's own work (trace), long tasks, frame gaps, drawn latency and its 10 s buckets.
    busyMsPerSecond: tasks ? round(tasks.allBusyMs / seconds) : null,
    ownBusyMsPerSecond: tasks ? round(tasks.ownBusyMs / seconds) : null,
    ownMsPerFrame: tasks ? rounded(summarize(tasks.ownMsPerFrame)) : null,
    ownLongTasks: tasks ? tasks.ownLongTasks.length : null,
    // The same by the main thread's own clock: on a machine short of cores the thread is often
    // descheduled (or waits on the GPU process) inside the widget's calls, which wall time counts.
    ownCpuBusyMsPerSecond: tasks ? round(tasks.ownCpuBusyMs / seconds) : null,
    ownCpuMsPerFrame: tasks ? rounded(summarize(tasks.ownCpuMsPerFrame)) : null,
    ownCpuLongTasks: tasks ? tasks.ownCpuLongTasks.length : null,
    frameGapMs: rounded(summarize(probe.frameGaps)),
    backlog: backlog(watched, { start, durationMs: probe.durationMs, bucketMs: BUCKET_MS, factor: BACKLOG_FACTOR }),
    jobBacklog: worstJobBacklog(watched, { start, durationMs: probe.durationMs, bucketMs: BUCKET_MS, factor: BACKLOG_FACTOR }),
    finalDrawnLatencyMs: final ? round(final.drawnLatencyMs) : null,
    // CPU of the bench's node process: the mock plus the puppeteer driver, so an upper bound on the mock's.
    benchCpuShare: benchCpuMs === null ? null : round(benchCpuMs / probe.durationMs),
    previewsShown: previews.length,
    previewsSent: sent,
    progressEvents: sum(Object.values(probe.progress)),
    errors: probe.errorCount,
    // What the client itself says it spent on the main thread per preview (widget: mainThreadMs of job-drawn, accepting and drawing it).
    reportedMainThreadMs: rounded(summarize(previews.map((p) => p.mainThreadMs))),
    // From the trace: the whole task that handled each preview's message.
    previewTaskMs: tasks ? rounded(summarize(tasks.previewTaskMs)) : null,
    // From the trace: every client task (JS + GC, no frames, no probe) in the window, per preview shown.
    clientBusyMsPerPreview: tasks && previews.length ? round(tasks.busyMs.client / previews.length) : null,
    // Client and rendering (frames: vtk.js draw, style, layout, paint) together, per preview shown.
    mainThreadBusyMsPerPreview: tasks && previews.length ? round((tasks.busyMs.client + tasks.busyMs.frame) / previews.length) : null,
    clientBusyPct: tasks ? round((100 * tasks.busyMs.client) / tasks.windowMs) : null,
    frameBusyPct: tasks ? round((100 * tasks.busyMs.frame) / tasks.windowMs) : null,
    frameMs: tasks ? rounded(summarize(tasks.frameMs)) : null,
    framesPerSecond: tasks ? round(tasks.frameMs.length / (tasks.windowMs / 1000)) : null,
    largestTaskMs: tasks ? round(tasks.largestTaskMs) : round(Math.max(0, ...longTaskMs)),
    largestTaskKind: tasks ? tasks.largestTaskKind : null,
    largestClientTaskMs: tasks ? round(tasks.largestClientTaskMs) : null,
    longTasks: probe.longTasks.length,
    longTasksPerMinute: round(probe.longTasks.length / minutes),
    blockingMsPerMinute: round(sum(longTaskMs.map((d) => Math.max(0, d - 50))) / minutes),
    lagMs: rounded(summarize(probe.lag)),
    latencyMs: rounded(summarize(watched.map((p) => p.latencyMs))),
    drawnLatencyMs: rounded(summarize(watched.map((p) => p.drawnLatencyMs))),
    // From the preview's job-preview (decoded, handed to the scene) to the frame that finished drawing it.
    appliedMs: rounded(summarize(watched.map((p) => (p.drawnAt === null ? null : p.drawnAt - p.wall)))),
    // Previews the mock encoded inside the window (0 with prepared frames: its timestamps are then its send times).
    mockPreviewsEncoded: after.previewsEncoded - before.previewsEncoded,
    decodeMs: rounded(summarize(watched.map((p) => p.decodeMs))),
    meanPreviewBytes: watchJobId ? null : round(meanPreviewBytes),
    decodeWireMBps: watchJobId ? null : rounded(summarize(watched.map((p) => mbPerS(bytesOf(p), p.decodeMs)))),
    // Whether decodeWireMBps divides the event's own messageBytes, or (older builds) the mock's mean.
    messageBytesFrom: watched.some((p) => p.messageBytes !== null) ? 'event' : 'mock mean',
    decodeVoxelMBps: rounded(summarize(watched.map((p) => mbPerS(voxelBytes(p), p.decodeMs)))),
  };
}

/** @param {number | null} bytes @param {number | null} ms */
function mbPerS(bytes, ms) {
  if (bytes === null || ms === null || ms <= 0) return null;
  return bytes / 1e6 / (ms / 1000);
}
