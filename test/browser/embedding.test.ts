// The built single-file bundle (dist/preview-overlay.js) embedded the way a host site embeds it: a
// page on one origin loads it from another origin with a <script type="module"> tag and drives the
// element through attributes only. Needs `npm run build` first (`npm test` runs it).
import { expect } from '@open-wc/testing';
import { openHostPage, statusText, type HostPage } from '../fixtures/embedding/host-frame.ts';
import { countNear, labelRgb, pixelsOf } from './pixels.ts';
import { createJob, mockControl, until } from './mock-stream.ts';

const label1 = labelRgb(1);
let page: HostPage | undefined;

afterEach(async () => {
  page?.close();
  page = undefined;
  await mockControl('reset');
});

describe('the built bundle on a page of another origin', () => {
  it('defines <preview-overlay>, streams a job in a worker and draws its labels', async () => {
    const jobId = await createJob({ shape: '20,40,60', hz: 5, previews: 50, labels: 1, queueMs: 300 });
    page = await openHostPage('cross-origin.html', { jobs: jobId, view: 'slice', opacity: '1', background: '#000000' });
    expect(new URL(page.bundleUrl).origin, 'the bundle’s origin').to.not.equal(page.window.location.origin);
    const loadedFrom = page.window.performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(loadedFrom, 'the page fetched the bundle from the other origin').to.include(page.bundleUrl);
    expect(page.window.customElements.get('preview-overlay'), 'the tag, defined by the bundle').to.be.a('function');

    await until(() => page!.events.filter((event) => event.type === 'job-preview' && event.detail.jobId === jobId).length >= 2, 'two job-preview events');
    expect(page.overlay.streamMode).to.equal('worker');
    expect(statusText(page.overlay)).to.match(/decoding in a worker/);
    // The job worker (a Blob URL worker) starts its decode worker from a Blob URL of its own: the pipeline runs there.
    const previews = page.events.filter((event) => event.type === 'job-preview' && event.detail.jobId === jobId);
    const handoffs = previews.map((event) => (event.detail.timings as { handoffMs?: number }).handoffMs);
    expect(handoffs.every((ms) => typeof ms === 'number'), `decoded in the nested decode worker (handoffMs: ${handoffs.join(', ')})`).to.equal(true);
    await new Promise((resolve) => page!.window.requestAnimationFrame(resolve));
    expect(countNear(await pixelsOf(page.overlay), label1, 12), 'pixels in label 1’s color').to.be.greaterThan(50);
  });

  it('takes its settings from attributes set by the host page after it is running', async () => {
    const jobId = await createJob({ shape: '20,40,60', hz: 5, previews: 50, labels: 1, queueMs: 300 });
    page = await openHostPage('cross-origin.html', { opacity: '1', background: '#000000' });
    expect(page.overlay.jobs, 'no jobs yet').to.deep.equal([]);
    page.overlay.setAttribute('view', 'slice');
    page.overlay.setAttribute('jobs', jobId);
    await until(() => page!.events.some((event) => event.type === 'job-preview'), 'a job-preview after setting `jobs`');
    page.overlay.setAttribute('background', '#ff0000');
    await page.overlay.updateComplete;
    await new Promise((resolve) => page!.window.requestAnimationFrame(resolve));
    expect((await pixelsOf(page.overlay)).at(2, 2).slice(0, 3), 'the `background` attribute').to.deep.equal([255, 0, 0]);
  });
});
