// The job worker's nested decode worker: while it decodes a big preview, the job's socket keeps being
// read, so a burst of big previews replaces itself in the job's slot instead of waiting in the network
// buffers to be decoded one by one, and a terminal message still waits for the preview sent before it.
// The burst (40 × 64×128×128 uint8, 1.4 MB of base64 JSON each, within 150 ms), and a shorter
// burst of previews slow to decode (random labels: a million-face surface to count and coarsen).
// Figures are reported, not asserted beyond the goal (≤ 3 decodes): speed belongs to the benchmark.
import { expect } from '@open-wc/testing';
import { createJob, mountOverlay, report, sequence, until } from './harness.ts';

const BURST = { shape: '64,128,128', labels: 3, hz: 0.5, previews: 60, fault: 'burst', faultAt: 2, burstCount: 40, burstMs: 150, queueMs: 300 };
const FIRST = BURST.faultAt;
const LAST = BURST.faultAt + BURST.burstCount - 1;
/** Each preview takes the decode worker longer than the whole burst takes to arrive. */
const SLOW_BURST = { ...BURST, pattern: 'noise', burstCount: 12, burstMs: 100 };
const SLOW_LAST = SLOW_BURST.faultAt + SLOW_BURST.burstCount - 1;

describe('<preview-overlay> decoding in a nested decode worker', () => {
  it('decodes at most 3 of a burst that arrives while the decode worker is busy, and draws the last', async function () {
    this.timeout(120_000);
    const jobId = await createJob({ ...SLOW_BURST, burstTerminal: 'end' });
    // The slice view: a million-face surface is not what this test waits for.
    const { events } = await mountOverlay([jobId], { view: 'slice' });
    await until(() => events.of('job-completed', jobId).length > 0 || undefined, 'job-completed', 90_000);
    const previews = events.of('job-preview', jobId);
    const decoded = previews.map((preview) => Number(preview.previewId)).filter((id) => id >= FIRST);
    report('burst of 12 slow previews: decoded', `${decoded.length} (${decoded.join(' ')}); decode ms ${previews.map((p) => Math.round(p.decodeMs)).join(' ')}; handoff ms ${previews.map((p) => p.timings.handoffMs?.toFixed(1)).join(' ')}`);
    await until(() => events.of('job-drawn', jobId).some((drawn) => drawn.previewId === SLOW_LAST) || undefined, `preview ${SLOW_LAST} drawn`, 30_000);
    expect(previews.every((preview) => preview.timings.handoffMs !== undefined), 'every preview decoded in the decode worker').to.equal(true);
    expect(decoded.length, 'previews of the burst decoded').to.be.at.most(3);
    expect(decoded.at(-1), 'the last preview of the burst is decoded').to.equal(SLOW_LAST);
    expect(sequence(events, jobId).at(-1), 'completion comes last').to.equal('job-completed');
    expect(events.of('job-error', jobId)).to.deep.equal([]);
  });

  it('keeps a terminal message at the end of a burst of big previews: the last preview shown first, nothing lost or reordered', async function () {
    this.timeout(120_000);
    const jobId = await createJob({ ...BURST, burstTerminal: 'end' });
    const { events } = await mountOverlay([jobId]);
    await until(() => events.of('job-completed', jobId).length > 0 || undefined, 'job-completed', 90_000);
    const shown = events.of('job-preview', jobId).map((preview) => Number(preview.previewId));
    report('burst of 40 × 64×128×128 (end): ids shown', shown.join(' '));
    const order = sequence(events, jobId);
    expect(order.at(-1), 'completion comes last').to.equal('job-completed');
    expect(order.filter((line) => line.startsWith('preview')).at(-1), 'the preview sent right before job_completed is shown before it').to.equal(`preview ${LAST}`);
    expect(shown, 'previews in the order sent').to.deep.equal([...shown].sort((a, b) => a - b));
    expect(events.of('job-completed', jobId), 'completed once').to.have.length(1);
    const progress = events.of('job-progress', jobId).map((p) => p.progress);
    expect(progress, 'progress in the order sent').to.deep.equal([...progress].sort((a, b) => a - b));
    expect(events.of('job-error', jobId)).to.deep.equal([]);
  });

  it('keeps a terminal message in the middle of a burst of big previews: the preview before it shown first, nothing after it', async function () {
    this.timeout(120_000);
    const jobId = await createJob({ ...BURST, burstTerminal: 'middle' });
    const { events } = await mountOverlay([jobId]);
    await until(() => events.of('job-failed', jobId).length > 0 || undefined, 'job-failed', 90_000);
    await until(() => events.of('job-state', jobId).some((state) => state.state === 'closed') || undefined, 'the finished job’s socket to close', 30_000);
    const middle = FIRST + Math.ceil(BURST.burstCount / 2) - 1;
    const order = sequence(events, jobId);
    const failedAt = order.indexOf('job-failed');
    report('burst of 40 × 64×128×128 (middle): ids shown', events.of('job-preview', jobId).map((p) => p.previewId).join(' '));
    expect(events.of('job-failed', jobId), 'failed once').to.have.length(1);
    expect(events.of('job-failed', jobId)[0]!.code).to.equal('BURST_FAILED');
    expect(order.slice(0, failedAt).filter((line) => line.startsWith('preview')).at(-1), 'the preview sent right before job_failed is shown before it').to.equal(`preview ${middle}`);
    expect(order.slice(failedAt + 1), 'nothing of the job after its terminal event').to.deep.equal([]);
    const progress = events.of('job-progress', jobId).map((p) => p.progress);
    expect(progress, 'progress in the order sent').to.deep.equal([...progress].sort((a, b) => a - b));
    expect(events.of('job-error', jobId)).to.deep.equal([]);
  });
});
