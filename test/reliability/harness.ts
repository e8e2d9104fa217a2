// What every reliability test needs: a mounted <preview-overlay> against the real mock stream, a log of
// every event it fires, its rows as a person sees them, and a guard that records every uncaught error
// and unhandled rejection of the page for the whole file.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { jobEventNames, overlayEventNames, type PreviewOverlayEventMap } from '../../src/overlay-events.ts';
import { mockControl, mockStream, until } from '../browser/mock-stream.ts';

export { createJob, mockControl, mockStream, serverClock, until } from '../browser/mock-stream.ts';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

// ---- the page's uncaught errors, from the moment this module loads ----

const pageFaults: string[] = [];
window.addEventListener('error', (event) => pageFaults.push(`error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => pageFaults.push(`unhandled rejection: ${String(event.reason)}`));

/** Every uncaught error and unhandled rejection the page saw so far (worker errors reach `window` too). */
export function uncaughtErrors(): readonly string[] {
  return pageFaults;
}

afterEach(async () => {
  await mockControl('reset');
  expect(pageFaults.splice(0), 'uncaught errors or unhandled rejections on the page during the test').to.deep.equal([]);
});

// ---- the element and its events ----

type EventName = keyof PreviewOverlayEventMap;
export type Detail<K extends EventName> = PreviewOverlayEventMap[K]['detail'];
/** Every public event, from the element's own runtime list (a new event is recorded and searched too). */
export const EVENT_NAMES: readonly EventName[] = overlayEventNames;
/** The events the streams cause (the label-* events need a pointer). */
export const JOB_EVENT_NAMES: readonly EventName[] = jobEventNames;

export interface EventLog {
  all: Array<{ type: EventName; detail: Detail<EventName> }>;
  of<K extends EventName>(type: K, jobId?: string, from?: number): Array<Detail<K>>;
}

/** Records every event the element fires, in order. */
export function recordEvents(element: HTMLElement): EventLog {
  const all: EventLog['all'] = [];
  for (const type of EVENT_NAMES) {
    element.addEventListener(type, (event) => all.push({ type, detail: (event as CustomEvent).detail }));
  }
  return {
    all,
    of: <K extends EventName>(type: K, jobId?: string, from = 0) =>
      all
        .slice(from)
        .filter((entry) => entry.type === type && (jobId === undefined || entry.detail.jobId === jobId))
        .map((entry) => entry.detail as Detail<K>),
  };
}

/**
 * Mounts an element (events recorded from before its first socket), sets `props`, then `server` and
 * `jobs` last, so stream settings are in place when the sockets open.
 */
export async function mountOverlay(jobs: string[], props: Partial<PreviewOverlay> = {}): Promise<{ element: PreviewOverlay; events: EventLog }> {
  const { ws } = await mockStream();
  const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 240px; width: 360px"></preview-overlay>`);
  const events = recordEvents(element);
  Object.assign(element, props);
  element.server = ws;
  element.jobs = jobs;
  return { element, events };
}

/**
 * Mounts an element with no job and waits for its streams to start (a worker, or the main-thread
 * fallback, whose first import takes a while here), so that jobs created next are watched at once.
 */
export async function readyOverlay(props: Partial<PreviewOverlay> = {}): Promise<{ element: PreviewOverlay; events: EventLog }> {
  const mounted = await mountOverlay([], props);
  await until(() => mounted.element.streamMode, 'the streams to start');
  return mounted;
}

/** Adds jobs to the element and waits until each one's socket is open. */
export async function watchJobs(element: PreviewOverlay, events: EventLog, jobIds: string[]): Promise<void> {
  element.jobs = [...element.jobs, ...jobIds];
  await until(() => jobIds.every((id) => events.of('job-state', id).some((s) => s.state === 'open')) || undefined, `sockets of ${jobIds.length} jobs open`);
}

/** The job's row in the layer panel. */
export function rowOf(element: PreviewOverlay, jobId: string): HTMLElement | null {
  return element.shadowRoot!.querySelector<HTMLElement>(`li[data-job="${CSS.escape(jobId)}"]`);
}

export function rows(element: PreviewOverlay): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('li[part="layer"]')];
}

/** The error line of a job's row, as text ('' when there is none). */
export async function errorText(element: PreviewOverlay, jobId: string): Promise<string> {
  await element.updateComplete;
  return rowOf(element, jobId)?.querySelector('[part="error"]')?.textContent ?? '';
}

export async function chipText(element: PreviewOverlay, jobId: string): Promise<string> {
  await element.updateComplete;
  return rowOf(element, jobId)?.querySelector('[part="state"]')?.textContent ?? '';
}

// ---- the mock's view ----

export interface MockStats {
  connections: number;
  refused: number;
  unauthorized: number;
  openSockets: number;
  perJob: Record<string, { connections: number; sent: number; state: string; previewsSent: number }>;
}

export const mockStats = () => mockControl<MockStats>('stats', 'GET');

/** How many sockets watch the job on the server right now. */
export async function watchers(jobId: string): Promise<number> {
  const { http } = await mockStream();
  const snapshot = (await (await fetch(`${http}/jobs/${jobId}`)).json()) as { watchers: number };
  return snapshot.watchers;
}

/** A job id the test picks, so crafted messages can name it. */
export function jobIdFor(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Like `until`, for a probe that must ask the server (polls every 50 ms). */
export async function untilServer<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Waits for the job's `count`-th preview after event index `from`. */
export function previewsAfter(events: EventLog, jobId: string, count: number, from = 0, what = `${count} previews of ${jobId}`) {
  return until(() => events.of('job-preview', jobId, from).length >= count || undefined, what);
}

// ---- memory ----

interface MemoryInfo {
  usedJSHeapSize: number;
}

/** The page's JS heap in bytes (ArrayBuffers included, in Chromium), updated every 50 ms. */
/**
 * A job's messages as the host saw them, in order: `preview <id>` per job-preview, else the event type.
 * Connection states and draws are the widget's own timeline, not the server's messages: left out.
 */
export function sequence(events: EventLog, jobId: string): string[] {
  return events.all
    .filter((entry) => entry.detail.jobId === jobId && entry.type !== 'job-state' && entry.type !== 'job-drawn')
    .map((entry) => (entry.type === 'job-preview' ? `preview ${(entry.detail as { previewId: number }).previewId}` : entry.type));
}

export function heapBytes(): number {
  return (performance as unknown as { memory: MemoryInfo }).memory.usedJSHeapSize;
}

export const MB = 1024 * 1024;

/** A figure for the README: printed in the test output as `[reliability] name: value`. */
export function report(name: string, value: string | number): void {
  console.log(`[reliability] ${name}: ${value}`);
}
