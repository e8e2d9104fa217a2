// <preview-overlay> over time: 300 previews in a row with the heap watched, 20 mounts and unmounts while
// a job streams, and what removing a job gives back.
import { expect } from '@open-wc/testing';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { countDominant, pixelsOf } from '../browser/pixels.ts';
import { createJob, heapBytes, MB, mockStats, mockStream, mountOverlay, nextFrame, previewsAfter, recordEvents, report, rowOf, until, untilServer, watchers } from './harness.ts';

describe('<preview-overlay> over time', () => {
  it('keeps the JS heap flat over 300 previews in a row', async function () {
    this.timeout(90_000);
    // 32×48×64 uint8: ~100 kB of labels per preview, more with its surface; a leak of one volume per
    // preview would add > 12 MB between the two windows below.
    // 15 Hz: at 30 Hz a loaded machine's worker fell behind and latest wins skipped most previews.
    const jobId = await createJob({ shape: '32,48,64', hz: 15, previews: 300, queueMs: 500 });
    const { element, events } = await mountOverlay([jobId]);
    // A full collection forced twice a second (the test browser exposes gc(): web-test-runner.config.mjs);
    // the heap right after it is the live heap. Waiting for V8 to collect on its own made the test depend
    // on how much the main thread allocates, which the scene's passes and bricks keep changing.
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'gc() exposed to the page').to.be.a('function');
    const samples: Array<{ previews: number; bytes: number }> = [];
    // Windows by the newest preview shown, not by how many: latest wins may skip some under load.
    const newest = () => Number(events.of('job-preview', jobId).at(-1)?.previewId ?? 0);
    const sampler = setInterval(() => {
      gc!();
      samples.push({ previews: newest(), bytes: heapBytes() });
    }, 500);
    await until(() => events.of('job-completed', jobId).length > 0 || undefined, 'the 300th preview and completion', 60_000);
    clearInterval(sampler);
    const window = (from: number, to: number) => samples.filter((s) => s.previews >= from && s.previews <= to).map((s) => s.bytes);
    const early = window(50, 180);
    const late = window(220, 300);
    expect(early.length > 0 && late.length > 0, 'heap read after a collection in both windows').to.equal(true);
    const earlyFloor = Math.min(...early);
    const lateFloor = Math.min(...late);
    const peak = Math.max(...samples.map((s) => s.bytes)); // after a collection: the largest live heap
    const previews = events.of('job-preview', jobId);
    report('soak: previews shown of 300 sent', previews.length);
    report('soak: heap floor around previews 50–180 → 220–300 (MB)', `${(earlyFloor / MB).toFixed(1)} → ${(lateFloor / MB).toFixed(1)} (peak ${(peak / MB).toFixed(1)})`);
    expect(previews.at(-1)!.previewId).to.equal(300);
    expect(element.layer(jobId)!.previews).to.equal(previews.length);
    expect(lateFloor - earlyFloor, 'heap floor growth from preview ~50 to 300').to.be.lessThan(8 * MB);
  });

  it('survives 20 mounts and unmounts while a job streams: every WebGL context is given back, every socket closed', async function () {
    this.timeout(120_000);
    const jobId = await createJob({ shape: '12,16,20', hz: 20, previews: 5000, queueMs: 300 });
    const { ws } = await mockStream();
    const contexts = new Set<WebGL2RenderingContext>();
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: Parameters<HTMLCanvasElement['getContext']>) {
      const context = getContext.apply(this, args);
      if (context instanceof WebGL2RenderingContext) contexts.add(context);
      return context;
    } as HTMLCanvasElement['getContext'];
    try {
      // 20: more than the 16 live WebGL contexts Chromium allows a page, so a context kept would show.
      for (let i = 0; i < 20; i++) {
        const element = document.createElement('preview-overlay') as PreviewOverlay;
        element.style.cssText = 'display:block; width:160px; --preview-overlay-height:120px';
        const events = recordEvents(element);
        element.server = ws;
        element.jobs = [jobId];
        document.body.append(element);
        await until(() => events.of('job-preview', jobId).length > 0 || undefined, `a preview in mount ${i + 1}`);
        await nextFrame();
        element.remove();
        const live = [...contexts].filter((context) => !context.isContextLost());
        expect(live.length, `live WebGL contexts after unmount ${i + 1}`).to.equal(0);
      }
      await untilServer(async () => (await watchers(jobId)) === 0, 'every socket of the unmounted elements closed');
      expect((await mockStats()).openSockets).to.equal(0);
      report('mounts/unmounts with a streaming job, WebGL contexts left alive', `20, ${[...contexts].filter((c) => !c.isContextLost()).length} of ${contexts.size}`);
    } finally {
      HTMLCanvasElement.prototype.getContext = getContext;
    }
    const { element, events } = await mountOverlay([jobId], { background: '#00ff00' });
    await previewsAfter(events, jobId, 1);
    await element.updateComplete;
    const pixels = await pixelsOf(element);
    expect(pixels.at(3, 3).slice(0, 3), 'a new element still draws').to.deep.equal([0, 255, 0]);
  });

  it('closes every socket on unmount in the main-thread mode too (no worker to terminate)', async function () {
    this.timeout(60_000);
    const jobId = await createJob({ shape: '12,16,20', hz: 20, previews: 5000, queueMs: 300 });
    const { ws } = await mockStream();
    for (let i = 0; i < 5; i++) {
      const element = document.createElement('preview-overlay') as PreviewOverlay;
      element.style.cssText = 'display:block; width:160px; --preview-overlay-height:120px';
      element.noWorker = true;
      const events = recordEvents(element);
      element.server = ws;
      element.jobs = [jobId];
      document.body.append(element);
      await until(() => events.of('job-preview', jobId).length > 0 || undefined, `a preview in mount ${i + 1}`);
      expect(element.streamMode).to.equal('main-thread');
      element.remove();
    }
    await untilServer(async () => (await watchers(jobId)) === 0, 'every socket of the unmounted elements closed');
    expect((await mockStats()).openSockets).to.equal(0);
  });

  it('frees a removed job: its layer, its row, its socket and its pixels go; the other job stays', async function () {
    this.timeout(30_000);
    // Every mock job draws label 1 in the same place: the red job shows its label 3 (a blob of its own) in red.
    const red = await createJob({ shape: '20,40,60', hz: 10, previews: 200, labels: 3, seed: 1, queueMs: 300 });
    const blue = await createJob({ shape: '20,40,60', hz: 10, previews: 200, labels: 1, seed: 2, queueMs: 300 });
    const { element, events } = await mountOverlay([red, blue], { opacity: 1, background: '#000000' });
    await previewsAfter(events, red, 1);
    await previewsAfter(events, blue, 1);
    const grey: [number, number, number, number] = [0.5, 0.5, 0.5, 1];
    element.setLayer(red, { colors: { 1: grey, 2: grey, 3: [1, 0, 0, 1] } });
    element.setLayer(blue, { colors: { 1: [0, 0, 1, 1] } });
    await nextFrame();
    let pixels = await pixelsOf(element);
    expect(countDominant(pixels, 0), 'red pixels before').to.be.greaterThan(50);
    expect(countDominant(pixels, 2), 'blue pixels before').to.be.greaterThan(50);
    expect(await watchers(red)).to.equal(1);

    element.removeJob(red);
    await element.updateComplete;
    const from = events.all.length;
    await previewsAfter(events, blue, 2, from, 'the other job to go on');
    await nextFrame();
    pixels = await pixelsOf(element);
    expect(element.layer(red), 'layer()').to.equal(undefined);
    expect(rowOf(element, red), 'row').to.equal(null);
    expect(countDominant(pixels, 0), 'red pixels after').to.equal(0);
    expect(countDominant(pixels, 2), 'blue pixels after').to.be.greaterThan(50);
    expect(events.of('job-preview', red, from), 'events of the removed job').to.deep.equal([]);
    await untilServer(async () => (await watchers(red)) === 0, 'the removed job’s socket closed');
    expect(await watchers(blue)).to.equal(1);
  });
});
