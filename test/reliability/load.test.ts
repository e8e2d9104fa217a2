// <preview-overlay> under load: a progress flood of 10 000 messages a second beside a streaming job, and
// eight jobs at once. Figures are reported, not asserted: speed belongs to the benchmark.
import { expect } from '@open-wc/testing';
import { pixelsOf } from '../browser/pixels.ts';
import { createJob, heapBytes, MB, mockStats, mountOverlay, nextFrame, previewsAfter, report, rows, until } from './harness.ts';

/**
 * Runs a 10 ms timer chain until stopped; `maxLagMs` is the worst delay past the 10 ms asked for, and
 * `longTasks` the main-thread tasks over 50 ms (what the page itself spent, as opposed to waiting for a core).
 */
function eventLoopProbe(): { stop(): { maxLagMs: number; ticks: number; longTasks: number[] } } {
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(Math.round(entry.duration))));
  observer.observe({ type: 'longtask' });
  let maxLagMs = 0;
  let ticks = 0;
  let stopped = false;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 10);
    last = now;
    ticks += 1;
    if (!stopped) setTimeout(tick, 10);
  };
  setTimeout(tick, 10);
  return {
    stop: () => {
      stopped = true;
      observer.disconnect();
      return { maxLagMs, ticks, longTasks };
    },
  };
}

describe('<preview-overlay> under load', () => {
  it('coalesces a flood of 10 000 progress messages a second, and the other job’s previews keep arriving', async function () {
    this.timeout(60_000);
    const flood = await createJob({ shape: '12,16,20', hz: 5, previews: 40, fault: 'flood', faultAt: 3, floodRate: 10_000, floodSeconds: 2, queueMs: 500 });
    const other = await createJob({ shape: '12,16,20', hz: 5, previews: 40, queueMs: 500 });
    const { element, events } = await mountOverlay([flood, other]);
    await previewsAfter(events, other, 1);
    const heap: number[] = [];
    const sampler = setInterval(() => heap.push(heapBytes()), 50);
    // The flood starts at preview 3 (0.6 s after the start) and lasts 2 s.
    await previewsAfter(events, flood, 2);
    const from = events.all.length;
    const probe = eventLoopProbe();
    const otherBefore = events.of('job-preview', other).length;
    await until(() => events.of('job-preview', flood, from).some((p) => Number(p.previewId) >= 3 + 2 * 5 + 1) || undefined, 'the flood to be over');
    const { maxLagMs, ticks, longTasks } = probe.stop();
    const sent = (await mockStats()).perJob[flood]!.sent;
    const progressEvents = events.of('job-progress', flood).length;
    clearInterval(sampler);
    const [heapBefore, heapPeak] = [heap[0]!, Math.max(...heap)];

    report('flood: messages sent to the flooded job', sent);
    report('flood: job-progress events that reached the page', progressEvents);
    report('flood: coalescing ratio (messages per event)', Math.round(sent / progressEvents));
    report('flood: worst event-loop lag of a 10 ms timer chain (ms)', Math.round(maxLagMs));
    report('flood: main-thread long tasks (> 50 ms) during the flood', longTasks.length ? longTasks.join(', ') + ' ms' : 'none');
    report('flood: page heap before → peak during the flood (MB)', `${(heapBefore / MB).toFixed(1)} → ${(heapPeak / MB).toFixed(1)}`);
    expect(sent, 'the mock sent the flood').to.be.greaterThan(15_000);
    expect(progressEvents * 20, 'job-progress events are far fewer than messages (coalesced)').to.be.lessThan(sent);
    expect(events.of('job-preview', other).length - otherBefore, 'the other job’s previews during the flood').to.be.greaterThan(3);
    expect(ticks, 'the page’s timers ran during the flood').to.be.greaterThan(50);
    // Generous: V8 lets the heap grow by tens of MB between collections here; this catches runaway growth.
    expect(heapPeak - heapBefore, 'page heap growth during the flood').to.be.lessThan(64 * MB);
    expect(events.of('job-error')).to.deep.equal([]);
    expect(element.layer(flood)!.progress).to.be.within(0, 1);
  });

  it('streams and renders eight jobs at once: eight rows, eight layers with previews', async function () {
    this.timeout(60_000);
    const jobs: string[] = [];
    for (let i = 0; i < 8; i++) jobs.push(await createJob({ shape: '20,32,48', hz: 5, previews: 100, labels: 1 + (i % 4), seed: i + 1, queueMs: 800 }));
    const { element, events } = await mountOverlay(jobs, { opacity: 1 });
    for (const jobId of jobs) await previewsAfter(events, jobId, 3);
    await element.updateComplete;
    expect(rows(element)).to.have.length(8);
    for (const jobId of jobs) {
      const layer = element.layer(jobId)!;
      expect(layer.previews, `previews of ${jobId}`).to.be.at.least(3);
      expect(layer.shape).to.deep.equal([20, 32, 48]);
      expect(Object.keys(layer.labelCounts).length, `labels of ${jobId}`).to.be.greaterThan(0);
    }
    expect(events.of('job-error')).to.deep.equal([]);
    await nextFrame();
    const pixels = await pixelsOf(element);
    let drawn = 0;
    for (let i = 0; i < pixels.data.length; i += 4) if (pixels.data[i]! + pixels.data[i + 1]! + pixels.data[i + 2]! > 120) drawn += 1;
    expect(drawn, 'pixels drawn by the layers').to.be.greaterThan(500);
  });
});
