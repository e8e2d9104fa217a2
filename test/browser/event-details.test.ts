// Hosts serialize what the element gives them (Dash, Streamlit, Panel, logs): every event detail the
// element really fires while streaming real jobs from the mock, and every layer() result, must come back
// whole from JSON.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.ts';
import { jobEventNames } from '../../src/overlay-events.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

afterEach(async () => {
  await mockControl('reset');
});

describe('<preview-overlay> public data', () => {
  it('fires every event with a detail that survives JSON, and layer() survives it too', async () => {
    const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 200px; width: 300px"></preview-overlay>`);
    const fired: Array<{ type: string; detail: { jobId: string } }> = [];
    // The job events; the label-* events come from the pointer (hover-select.test.ts).
    for (const type of jobEventNames) {
      element.addEventListener(type, (event) => fired.push({ type, detail: (event as CustomEvent<{ jobId: string }>).detail }));
    }
    element.server = (await mockStream()).ws;
    // The mock replays nothing: the streams run before the jobs start, so no job ends unseen.
    await until(() => element.streamMode, 'the job streams to start');
    // Faults come seconds after the jobs are created: room for a loaded machine to open every socket first.
    const base = { shape: '12,16,20', hz: 5, previews: 5, labels: 3, queueMs: 1500 };
    const jobs = {
      completes: await createJob({ ...base, original: '24,32,40' }),
      fails: await createJob({ ...base, fault: 'fail', faultAt: 4 }),
      badPreview: await createJob({ ...base, fault: 'schema', faultAt: 4 }),
      cancelled: await createJob({ ...base, previews: 50 }),
    };
    element.jobs = Object.values(jobs);
    // Two jobs on different grids (one sent at twice the resolution) compared: job-compare.
    element.compare = [jobs.completes, jobs.fails];
    await until(() => fired.some((e) => e.type === 'job-preview' && e.detail.jobId === jobs.cancelled), 'a preview of the job to cancel');
    element.cancelJob(jobs.cancelled);
    const ended = (jobId: string) => fired.some((e) => (e.type === 'job-completed' || e.type === 'job-failed') && e.detail.jobId === jobId);
    await until(() => Object.values(jobs).every(ended), 'every job to end');
    // A preview is drawn over the next frames (job-drawn), which may come after its job's end.
    await until(() => Object.values(jobs).every((jobId) => fired.some((e) => e.type === 'job-drawn' && e.detail.jobId === jobId)), 'every job’s preview drawn');

    expect([...new Set(fired.map((e) => e.type))].sort(), 'every job event').to.deep.equal([...jobEventNames].sort());
    for (const { type, detail } of fired) expect(roundTrip(detail), `${type} of ${detail.jobId}`).to.deep.equal(detail);
    const preview = fired.find((e) => e.type === 'job-preview' && e.detail.jobId === jobs.completes)!.detail as unknown as Record<string, unknown>;
    expect(Object.keys(roundTrip(preview.labelCounts) as object).map(Number).sort(), 'label counts by id').to.deep.equal([1, 2, 3]);

    for (const jobId of Object.values(jobs)) {
      const layer = element.layer(jobId)!;
      expect(roundTrip(layer), `layer(${jobId})`).to.deep.equal(layer);
    }
    const layer = element.layer(jobs.completes)!;
    expect(layer.spacing).to.deep.equal([2, 2, 2]);
    expect(Object.values(layer.labelCounts).every((count) => count > 0)).to.equal(true);
  });
});
