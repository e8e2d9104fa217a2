// Public event details and layer() are plain data: the real job streams (the worker's backend, run here
// in Node over `ws`) stream real jobs from the mock; every event they give becomes its public detail
// through overlayEvent(), and each must come back whole from JSON — what Dash, Streamlit and logs do.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { applyStreamEvent, createJobView, layerInfo, type JobView } from '../../src/job-view.ts';
import { compareLabels } from '../../src/labels/label-compare.ts';
import { drawnDetail, jobEventNames, overlayEvent } from '../../src/overlay-events.ts';
import { JobStreamBackend } from '../../src/stream/stream.backend.ts';
import type { StreamEvent } from '../../src/stream/stream-types.ts';
import { mockStreamSuite } from './mock-stream-suite.ts';

// partysocket looks for the platform's WebSocket, which Node 20 lacks.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const suite = mockStreamSuite({ hz: 40, previews: 3, startOn: 'watch', shape: [12, 16, 20], labels: 3 });

async function createJob(options: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${suite.mock.httpUrl}/jobs`, { method: 'POST', body: JSON.stringify(options) });
  return ((await response.json()) as { job_id: string }).job_id;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('public event details from real streams', () => {
  const backend = new JobStreamBackend();
  after(() => backend.dispose());

  it('survive JSON.parse(JSON.stringify()) with every field, for every kind of event and for layer()', async () => {
    const events: StreamEvent[] = [];
    backend.listen((batch) => void events.push(...batch));
    backend.configure({ server: suite.mock.wsUrl });
    const jobs = {
      enveloped: await createJob({}),
      flat: await createJob({ style: 'flat', encoding: 'binary', compression: 'gzip' }),
      failing: await createJob({ fault: 'fail', faultAt: 2 }),
      badPreview: await createJob({ fault: 'schema', faultAt: 2 }),
      cancelled: await createJob({ hz: 5, previews: 50 }),
    };
    for (const jobId of Object.values(jobs)) backend.open(jobId);
    const terminal = (jobId: string) => events.some((e) => e.jobId === jobId && ['completed', 'failed', 'cancelled'].includes(e.kind));
    await until(() => events.some((e) => e.jobId === jobs.cancelled && e.kind === 'preview'), 'a preview of the job to cancel');
    backend.send(jobs.cancelled, { type: 'cancel_job', job_id: jobs.cancelled });
    await until(() => Object.values(jobs).every(terminal), 'every job to end');

    const views = new Map<string, JobView>(Object.values(jobs).map((id) => [id, createJobView(id, 0.8)]));
    const fired = new Set<string>();
    for (const event of events) {
      const view = applyStreamEvent(views.get(event.jobId)!, event);
      views.set(event.jobId, view);
      const { type, detail } = overlayEvent(event, view, { mainThreadMs: 1.5, now: Date.now() });
      fired.add(type);
      assert.deepEqual(roundTrip(detail), detail, `${type} of ${event.jobId}`);
      if (type === 'job-preview') {
        assert.ok(Object.keys(detail.labelCounts).length > 0, 'label counts by id');
        assert.ok(detail.messageBytes > 0 && detail.timings.parseMs >= 0, 'message size and stage timings');
      }
      if (event.kind === 'preview') {
        // The element fires job-drawn for it once the frame that shows it is drawn.
        const drawn = drawnDetail(event.jobId, { previewId: event.previewId, sentAt: event.sentAt }, { mainThreadMs: 2.5, now: Date.now() });
        fired.add('job-drawn');
        assert.deepEqual(roundTrip(drawn), drawn, `job-drawn of ${event.jobId}`);
      }
    }
    // job-compare comes from the element's CompareController, over two shown volumes (here: two jobs' last previews).
    const lastVolume = (jobId: string) => events.filter((e) => e.jobId === jobId).flatMap((e) => (e.kind === 'preview' ? [e.volume] : [])).at(-1)!;
    const [a, b] = [lastVolume(jobs.enveloped), lastVolume(jobs.flat)];
    const compared = { jobId: jobs.enveloped, otherJobId: jobs.flat, ...compareLabels({ labels: a.labels, grid: a }, { labels: b.labels, grid: b }) };
    fired.add('job-compare');
    assert.deepEqual(roundTrip(compared), compared, 'job-compare');
    // The label-* events come from the pointer, not the streams: slice-probe.test.ts round-trips their details.
    assert.deepEqual([...fired].sort(), [...jobEventNames].sort(), 'every job event was seen');
    const progress = events.find((e) => e.jobId === jobs.flat && e.kind === 'progress' && e.stage !== undefined);
    assert.ok(progress, 'a flat server’s progress with its stage');

    for (const view of views.values()) {
      const layer = layerInfo(view);
      assert.deepEqual(roundTrip(layer), layer, `layer() of ${view.id}`);
    }
    const layer = layerInfo(views.get(jobs.enveloped)!);
    assert.deepEqual(layer.shape, [12, 16, 20]);
    assert.deepEqual(Object.keys(layer.labelCounts).map(Number).sort(), [1, 2, 3]);
    assert.equal(layer.state, 'completed');
  });
});
