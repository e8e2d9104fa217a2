// An element streaming fresh mock jobs, for the frame-budget tests: mounted (with `props`), its stream
// started, then the jobs created (queued a while, so the sockets are open before their first preview:
// the mock replays nothing) and shown; and a recorder of one event type's details.
import { fixture, html } from '@open-wc/testing';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockStream, until } from './mock-stream.ts';

export async function streamJobs(
  jobs: Array<Record<string, string | number>>,
  style = 'width: 480px; --preview-overlay-height: 320px',
  props: Partial<PreviewOverlay> = {},
): Promise<{ element: PreviewOverlay; ids: string[] }> {
  const { ws } = await mockStream();
  const element = await fixture<PreviewOverlay>(html`<preview-overlay style=${style} background="#000000"></preview-overlay>`);
  Object.assign(element, props);
  element.server = ws;
  await until(() => element.streamMode, 'the stream to start');
  const ids = await Promise.all(jobs.map((options) => createJob({ queueMs: 3000, ...options })));
  element.jobs = ids;
  return { element, ids };
}

export function record<T>(element: HTMLElement, type: string): T[] {
  const details: T[] = [];
  element.addEventListener(type, (event) => details.push((event as CustomEvent<T>).detail));
  return details;
}
